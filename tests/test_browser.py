"""The HTML report in a real browser: headless Chromium from the OS, driven by Playwright.

Skipped, with the reason, where Chromium or Playwright is missing; CI installs both and sets
STANCE_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli import app
from stance.labels import LABELS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "article.txt"
CORPUS = ROOT / "data" / "sample" / "corpus.jsonl"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = (
    "Hostile test page\n"
    '"<script>window.__pwned = 1; alert(1)</script> We condemn this reckless strike on the '
    'port," the French foreign minister said.\n'
    '"\\"><img src=x onerror="window.__pwned=2;alert(2)"> These reports are baseless '
    'fabrications," the Kremlin said.\n'
    "Officials in Tokyo said <b onmouseover=alert(3)>nothing</b> would change.\n"
    '"<iframe src=https://example.org/x></iframe> We urge both sides to show restraint '
    'now," the Japanese prime minister said.\n'
)
runner = CliRunner()


def _unavailable(reason: str):
    if os.environ.get("STANCE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"STANCE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    exe = os.environ.get("STANCE_CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    if not exe:
        _unavailable("no Chromium on this machine (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[browser]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened from disk that records dialogs, requests, errors and console lines."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 900):
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.failed: dict[str, str | None] = {}
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.update({r.url: r.failure}))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready='1']")

    def close(self) -> None:
        self.context.close()


def _report(args: list[str]) -> None:
    r = runner.invoke(app, ["report", *args])
    assert r.exit_code == 0, r.output


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    d = tmp_path_factory.mktemp("article")
    _report([str(SAMPLE), "-o", str(d / "a.html")])
    r = runner.invoke(app, ["analyze", str(SAMPLE), "--format", "json"])
    assert r.exit_code == 0
    return d / "a.html", json.loads(r.stdout)


@pytest.fixture
def page(browser, article):
    p = Page(browser, article[0])
    yield p
    p.close()


def _mark_text(page, mark_id: str) -> str:
    """A highlight's own text: without its label tag and its (hidden) details."""
    return page.page.eval_on_selector(
        f"#{mark_id}", "m => Array.from(m.childNodes).filter(n => n.nodeType === 3)"
                       ".map(n => n.textContent).join('')")


def test_every_statement_is_highlighted_with_its_label(page, article):
    statements = article[1]["statements"]
    marks = page.page.eval_on_selector_all(
        "mark.st", "ms => ms.map(m => [m.id, m.dataset.label, getComputedStyle(m)"
                   ".backgroundColor, m.querySelector('.tag').textContent])")
    assert len(marks) == len(statements) > 0
    colours = {}
    for (ident, label, bg, tag), s in zip(marks, statements):
        assert label == s["label"] and tag.startswith(s["label"])  # the name, written
        assert _mark_text(page, ident) == s["text"]
        colours.setdefault(label, set()).add(bg)
    assert all(len(c) == 1 for c in colours.values())  # one colour per label
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)
    assert not page.errors


def test_hover_shows_the_details(page, article):
    s = article[1]["statements"][1]
    tip = page.page.locator("#d0-s1-tip")
    assert not tip.is_visible()
    page.page.hover("#d0-s1")
    assert tip.is_visible()
    text = tip.inner_text()
    assert s["label"] in text and f"{s['confidence']:.2f}" in text
    assert (s["speaker"] or "unknown speaker") in text
    assert all(lab in text for lab in LABELS)
    box, view = tip.bounding_box(), page.page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"]


def test_keyboard_reaches_every_highlight_and_escape_hides_details(page, article):
    n = len(article[1]["statements"])
    seen = []
    for _ in range(60):
        page.page.keyboard.press("Tab")
        ident = page.page.evaluate("document.activeElement.id")
        if ident.startswith("d0-s") and ident not in seen:
            seen.append(ident)
            assert page.page.locator(f"#{ident}-tip").is_visible()
        if len(seen) == n:
            break
    assert seen == [f"d0-s{i}" for i in range(n)]
    page.page.keyboard.press("Escape")
    assert not page.page.locator(f"#{seen[-1]}-tip").is_visible()


def _visible_rows(page) -> list[tuple[str, str, str]]:
    return page.page.eval_on_selector_all(
        "#d0-table tbody tr:not(.hidden)",
        "rs => rs.map(r => [r.dataset.actor, r.dataset.label, r.dataset.conf])")


def test_table_filters_by_actor_and_label_and_sorts(page, article):
    statements = article[1]["statements"]
    assert len(_visible_rows(page)) == len(statements)
    actor = next(s["actor"] for s in statements if s["actor"])
    page.page.select_option("#d0 select.f-actor", actor)
    rows = _visible_rows(page)
    assert rows and len(rows) == sum(s["actor"] == actor for s in statements)
    assert {r[0] for r in rows} == {actor}
    assert page.page.inner_text("#d0-table-count").startswith(f"{len(rows)} of ")
    label = rows[0][1]
    page.page.select_option("#d0 select.f-label", label)
    both = _visible_rows(page)
    assert both and all(r[0] == actor and r[1] == label for r in both)
    page.page.select_option("#d0 select.f-actor", "")
    page.page.select_option("#d0 select.f-label", "")
    page.page.click("#d0-table button[data-key=conf]")
    page.page.click("#d0-table button[data-key=conf]")
    confs = [float(r[2]) for r in _visible_rows(page)]
    assert confs == sorted(confs, reverse=True) and len(confs) == len(statements)
    assert page.page.get_attribute("#d0-table th:nth-child(5)", "aria-sort") == "descending"


_CONTRAST_JS = """sel => Array.from(document.querySelectorAll(sel)).map(e => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const v = c.map(x => { x /= 255; return x <= 0.04045 ? x / 12.92
    : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126*v[0] + 0.7152*v[1] + 0.0722*v[2]; };
  let bgEl = e, bg = getComputedStyle(e).backgroundColor;
  while (bg === 'rgba(0, 0, 0, 0)' && bgEl.parentElement) {
    bgEl = bgEl.parentElement; bg = getComputedStyle(bgEl).backgroundColor; }
  if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
  const a = lum(rgb(getComputedStyle(e).color)), b = lum(rgb(bg));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})"""


def test_text_contrast_is_at_least_4_5(page):
    for sel in ("mark.st", ".tag", ".badge", ".seg", "td.cell", "p", "td", "th", "caption",
                ".code", "a"):
        ratios = page.page.evaluate(_CONTRAST_JS, sel)
        assert ratios and min(ratios) >= 4.5, (sel, min(ratios))
    page.page.hover("#d0-s0")  # a hovered highlight takes its label's full colour
    assert page.page.evaluate(_CONTRAST_JS, "#d0-s0")[0] >= 4.5


def test_hostile_article_runs_nothing_and_requests_nothing(browser, tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    _report([str(src), "-o", str(tmp_path / "h.html")])
    p = Page(browser, tmp_path / "h.html")
    try:
        for i in range(p.page.locator("mark.st").count()):
            p.page.hover(f"#d0-s{i}")
        p.page.hover("text=nothing")
        body = p.page.inner_text("body")
        assert "<script>window.__pwned = 1; alert(1)</script>" in body
        assert 'onerror="window.__pwned=2;alert(2)">' in body and "<iframe src=" in body
        assert p.page.locator("main img, main iframe, main b").count() == 0
        assert p.page.evaluate("window.__pwned") is None
        assert p.dialogs == [] and p.requests == [p.url] and p.errors == []
        p.page.screenshot(path=str(tmp_path / "hostile.png"))
    finally:
        p.close()


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:60]
    hostile = {"id": "evil-1", "date": "2025-01-20", "title": "<img src=x onerror=alert(9)>",
               "url": "javascript:alert(8)", "source": "<b>Wire</b>", "text": HOSTILE}
    (d / "c.jsonl").write_text("\n".join(lines + [json.dumps(hostile)]) + "\n",
                               encoding="utf-8")
    r = runner.invoke(app, ["corpus", str(d / "c.jsonl"), "--out", str(d / "run"), "-j", "1",
                            "-q"])
    assert r.exit_code == 0, r.output
    _report([str(d / "run"), "-o", str(d / "c.html")])
    return d / "c.html", d / "run"


def test_corpus_page_lists_filters_and_opens_articles(browser, corpus_page, tmp_path):
    p = Page(browser, corpus_page[0])
    try:
        pg = p.page
        assert pg.locator("#article-list > li").count() == 50
        assert pg.inner_text("#fa-count") == "61 of 61 articles"
        pg.click("#fa-next")
        assert pg.locator("#article-list > li").count() == 11
        assert pg.locator("figure.multiple").count() >= 3
        pg.select_option("#fa-actor", "CHN")
        n = int(pg.inner_text("#fa-count").split()[0])
        assert 0 < n < 61
        first = pg.locator("#article-list > li").first
        first.locator("button.art-toggle").click()
        assert first.locator("button.art-toggle").get_attribute("aria-expanded") == "true"
        items = first.locator(".art-statements > li")
        assert items.count() >= 1 and items.first.locator(".badge").inner_text() in LABELS
        pg.select_option("#fa-actor", "")
        pg.fill("#fa-text", "<img")
        assert pg.inner_text("#fa-count") == "1 of 61 articles"
        row = pg.locator("#article-list > li").first
        assert "<img src=x onerror=alert(9)>" in row.inner_text()
        assert row.locator("a").count() == 0  # the javascript: URL is no link
        row.locator("button.art-toggle").click()
        assert "<script>window.__pwned" in row.inner_text()
        pg.fill("#fa-text", "")
        pg.click("a.pick-actor >> nth=0")
        assert pg.input_value("#fa-actor") != ""
        assert p.dialogs == [] and p.requests == [p.url] and p.errors == []
        assert pg.evaluate("window.__pwned") is None
        pg.screenshot(path=str(tmp_path / "corpus.png"))
        assert (tmp_path / "corpus.png").read_bytes()[:4] == b"\x89PNG"
    finally:
        p.close()


def test_article_screenshot(page, tmp_path):
    page.page.hover("#d0-s2")
    page.page.screenshot(path=str(tmp_path / "article.png"))
    assert (tmp_path / "article.png").stat().st_size > 10_000


def test_csp_blocks_markup_that_slipped_through(browser, article, tmp_path):
    """Defence in depth: were escaping ever to fail, the page's policy still blocks it."""
    page = article[0].read_text(encoding="utf-8").replace(
        "<main id=\"main\">", "<main id=\"main\"><img src=\"https://example.org/x.png\" "
        "onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
        "<link rel=\"stylesheet\" href=\"https://example.org/x.css\">", 1)
    (tmp_path / "tampered.html").write_text(page, encoding="utf-8")
    p = Page(browser, tmp_path / "tampered.html")
    try:
        p.page.wait_for_timeout(300)
        assert p.page.evaluate("window.__pwned") is None and p.dialogs == []
        assert p.requests[0] == p.url and len(p.requests) == 3
        assert p.failed == {"https://example.org/x.png": "csp",
                            "https://example.org/x.css": "csp"}  # blocked, never sent
        assert p.page.locator("mark.st").count() == len(article[1]["statements"])
    finally:
        p.close()
