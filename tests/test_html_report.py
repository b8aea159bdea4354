"""The HTML report without a browser: structure, escaping, budget, CLI, palette.

What a browser does with the page (highlights, hover, filters, no script from the input)
is tested in test_browser.py.
"""

import ast
import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance import html_report
from stance.cli import app
from stance.labels import COLORS, INK, LABELS, TINTS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "article.txt"
HOSTILE = (
    "Hostile test page\n"
    '"<script>window.__pwned = 1; alert(1)</script> We condemn this reckless strike on the '
    'port," the French foreign minister said.\n'
    '"\\"><img src=x onerror=alert(2)> These reports are baseless fabrications," the Kremlin '
    "said.\n"
    "Officials in Tokyo said <b onmouseover=alert(3)>nothing</b> would change.\n"
)
runner = CliRunner()


class _Tags(HTMLParser):
    """Every start tag and its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


def _lum(hex_colour: str) -> float:
    c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_lum(a), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_palette_has_every_label_and_readable_text():
    assert set(COLORS) == set(INK) == set(TINTS) == set(LABELS)
    assert len(set(COLORS.values())) == len(LABELS)
    for lab in LABELS:
        assert contrast(INK[lab], COLORS[lab]) >= 4.5, lab  # badges, hovered highlights
        assert contrast("#1a1a1a", TINTS[lab]) >= 4.5, lab  # highlighted text


def test_plots_use_the_palette(monkeypatch):
    pytest.importorskip("matplotlib")
    from types import SimpleNamespace

    from matplotlib.colors import to_hex

    from stance import evaluate, report

    figs = []
    monkeypatch.setattr(evaluate, "_save", lambda fig, out: figs.append(fig))
    actors = [SimpleNamespace(actor="RUS", distribution=dict.fromkeys(LABELS, 0.2))]
    report.plot_actors(actors, "unused.png")
    ax = figs[0].axes[0]
    got = {c.get_label(): to_hex(c.patches[0].get_facecolor()) for c in ax.containers}
    assert got == {lab: COLORS[lab].lower() for lab in LABELS}


def test_rendering_modules_do_not_import_the_cli():
    for name in ("report.py", "html_report.py"):
        tree = ast.parse((ROOT / "stance" / name).read_text(encoding="utf-8"))
        mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "stance.cli" not in mods, name


@pytest.fixture(scope="module")
def hostile_page(model):
    from stance.pipeline import analyze
    from stance.textio import Document

    doc = Document(id="hostile.txt", text=HOSTILE, title='<i>title</i>"><script>x</script>')
    result = analyze(HOSTILE, model, source="hostile.txt")
    return result, html_report.article_page([result], [doc])


def test_article_page_marks_every_statement(hostile_page):
    result, page = hostile_page
    assert len(result.statements) >= 2
    marks = [a for t, a in parse(page).tags if t == "mark"]
    assert [(m["id"], m["data-label"]) for m in marks] == [
        (f"d0-s{i}", s.label) for i, s in enumerate(result.statements)]
    assert all(m["tabindex"] == "0" and m["aria-describedby"] == m["id"] + "-tip"
               for m in marks)


def test_input_reaches_the_page_only_as_text(hostile_page):
    _, page = hostile_page
    p = parse(page)
    tags = {t for t, _ in p.tags}
    assert not tags & {"img", "b", "i", "iframe", "object", "embed"}
    assert not [a for _, attrs in p.tags for a in attrs if a.startswith("on")]
    assert p.scripts == [html_report._resource("report.js")]  # ours, and only ours
    assert "&lt;script&gt;window.__pwned" in page and "onerror=alert(2)&gt;" in page
    assert "&lt;i&gt;title&lt;/i&gt;&#34;&gt;&lt;script&gt;" in page


def test_csp_forbids_requests_and_admits_only_the_page_script(hostile_page):
    _, page = hostile_page
    p = parse(page)
    csp = next(a["content"] for t, a in p.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(p.scripts[0].encode()).digest()).decode()
    assert "default-src 'none'" in csp and f"script-src 'sha256-{digest}'" in csp
    srcs = [a.get("src") or a.get("href") for t, a in p.tags if t in ("script", "link", "img")]
    assert srcs == [None]  # the one inline script, no external resource


def write_run(out: Path, articles: int, per_article: int = 3,
              actors: tuple[str, ...] = ("RUS", "UKR", "USA")) -> Path:
    """A `stance corpus` output directory made by hand, with a hostile title and URL."""
    from stance import corpus

    out.mkdir()
    recs = []
    for k in range(articles):
        for i in range(per_article):
            lab = LABELS[(k + i) % len(LABELS)]
            recs.append({
                "article_id": f"a{k:03d}", "date": f"2025-01-{1 + k % 28:02d}",
                "source": "Test Wire", "title": "<img src=x onerror=alert(1)>" if k == 0
                else f"Article {k}", "url": "javascript:alert(1)" if k == 0 else
                f"https://example.org/{k}", "text": f"Statement {i} of article {k}.",
                "start": 0, "end": 10, "kind": "direct", "cue": "said",
                "speaker": "A spokesperson", "actor": actors[i % len(actors)],
                "actor_name": None, "targets": ["UKR"] if i == 0 else [], "label": lab,
                "confidence": 0.8, "probabilities": {x: 0.8 if x == lab else 0.05
                                                     for x in LABELS}})
    (out / "statements.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs),
                                          encoding="utf-8")
    corpus.aggregate_dir(out, "week")
    return out


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="corpus-data">(.*?)</script>', page,
                  re.S)
    assert m
    return json.loads(m.group(1))


def test_corpus_page_from_a_run(tmp_path):
    run = write_run(tmp_path / "run", 12)
    page = html_report.corpus_page(run)
    data = _data(page)
    assert len(data["articles"]) == 12
    assert [a[1] for a in data["articles"]] == sorted((a[1] for a in data["articles"]),
                                                      reverse=True)
    first = next(a for a in data["articles"] if a[0] == "a000")
    assert first[2] == "<img src=x onerror=alert(1)>" and first[4] is None  # no javascript:
    assert "<img" not in page.split('id="corpus-data">')[1].split("</script>")[0]
    assert first[5] == [1, 1, 1, 0, 0] and len(first[7]) == 3
    p = parse(page)
    assert not {t for t, _ in p.tags} & {"img"}
    assert sum(1 for t, a in p.tags if t == "figure") == 3  # one chart per country
    assert "Russia" in page and "stance over time" in page.lower()


def test_corpus_page_keeps_whole_newest_articles_within_the_budget(tmp_path):
    run = write_run(tmp_path / "run", 10, per_article=3)
    data = _data(html_report.corpus_page(run, max_statements=7))
    kept = [a for a in data["articles"] if a[7] is not None]
    assert len(kept) == 2 and kept == data["articles"][:2]  # newest first, whole articles
    assert sum(len(a[7]) for a in kept) == 6
    assert all(sum(a[5]) == 3 for a in data["articles"])  # counts kept for every article
    assert all(a[7] is not None for a in _data(html_report.corpus_page(run, 0))["articles"])


def test_cli_report_article_and_run(tmp_path):
    out = tmp_path / "a.html"
    r = runner.invoke(app, ["report", str(SAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<mark class=\"st lab-" in out.read_text(encoding="utf-8")
    r = runner.invoke(app, ["report", str(SAMPLE), "-o", str(out)])
    assert r.exit_code == 1 and "--force" in r.stderr and len(r.stderr.splitlines()) == 1
    run = write_run(tmp_path / "run", 3)
    r = runner.invoke(app, ["report", str(run), "-o", str(tmp_path / "c.html"),
                            "--title", "My <corpus>"])
    assert r.exit_code == 0, r.output
    assert "<title>My &lt;corpus&gt;</title>" in (tmp_path / "c.html").read_text("utf-8")


def test_cli_report_errors_are_one_line(tmp_path):
    r = runner.invoke(app, ["report", str(tmp_path / "missing.txt"), "-o",
                            str(tmp_path / "x.html")])
    assert r.exit_code == 1 and r.stderr.startswith("stance: error:")
    run = write_run(tmp_path / "run", 2)
    (run / "actors.csv").unlink()
    r = runner.invoke(app, ["report", str(run), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "--aggregate-only" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.html").exists()


def test_analyze_format_html(tmp_path):
    r = runner.invoke(app, ["analyze", str(SAMPLE), "--format", "html"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("<!DOCTYPE html>") and "Countries at a glance" in r.stdout


def test_several_articles_get_an_overview(tmp_path, model):
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "two.txt").write_text(HOSTILE, encoding="utf-8")
    r = runner.invoke(app, ["report", str(d), "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "All articles together" in page and 'id="d1"' in page
    ids = [a["id"] for t, a in parse(page).tags if t == "mark"]
    assert len(ids) == len(set(ids))


def test_pieces_cover_the_text_once_even_when_statements_overlap():
    text = "abcdefghijklmnopqrstuvwxyz"
    stmts = [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}]
    spans = [(2, 8), (5, 12), (20, 24), (21, 23)]  # b overlaps a; d lies inside c
    pieces = html_report._pieces(text, stmts, spans)
    assert "".join(p["text"] for p in pieces) == text
    marked = [(p["s"]["id"], p["text"]) for p in pieces if p["s"]]
    assert marked == [("a", "cdefgh"), ("b", "ijkl"), ("c", "uvwx")]


def test_damaged_run_files_are_one_line_errors(tmp_path):
    run = write_run(tmp_path / "run", 2)
    rows = (run / "actors.csv").read_text(encoding="utf-8").splitlines()
    head, first = rows[0].split(","), rows[1].split(",")
    first[head.index("statements")] = "many"
    (run / "actors.csv").write_text("\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n",
                                    encoding="utf-8")
    r = runner.invoke(app, ["report", str(run), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "damaged run files" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.html").exists()


def test_countries_after_the_first_twelve_are_charted_in_a_disclosure(tmp_path):
    codes = ("RUS", "UKR", "USA", "FRA", "DEU", "GBR", "CHN", "JPN", "IND", "BRA", "ZAF", "TUR",
             "ISR", "EGY")
    page = html_report.corpus_page(write_run(tmp_path / "run", 4, per_article=14, actors=codes))
    before, after = page.split('<details class="more">')
    assert before.count('<figure class="multiple">') == 12
    assert after.split("</details>")[0].count('<figure class="multiple">') == 2
    assert "2 more countries over time" in after
