"""The corpus report of a large run: page size, build time, and load time in Chromium.

Run: python benchmarks/bench_report.py [--articles 10000] [--runs 3] [--keep DIR]
     python benchmarks/bench_report.py --screenshots docs/   # the README's two pictures

The run directory is built by analysing data/sample/corpus.jsonl once with `stance corpus`
and repeating its statements under new article ids, each copy nine days later than the last
(about fifteen months of weekly periods for 10,000 articles); its aggregates are then rebuilt
with `stance corpus --aggregate-only`. Each page is built with `stance report` in a fresh
process and opened from disk in headless Chromium (the OS package, through Playwright) in a
fresh browser context; the load time is from the start of navigation until the page's script
has rendered the article list (body[data-ready]), the median of --runs.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def stance(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stance", *args], check=True)
    return time.perf_counter() - t


def build_run(out: Path, articles: int) -> None:
    """A `stance corpus` directory of ``articles`` articles made from the sample corpus."""
    base = out.parent / "sample-run"
    stance("corpus", str(ROOT / "data" / "sample" / "corpus.jsonl"), "--out", str(base),
           "--jobs", "1", "--quiet")
    by_article: dict[str, list[dict]] = {}
    with (base / "statements.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            by_article.setdefault(rec["article_id"], []).append(rec)
    ids = list(by_article)
    out.mkdir()
    with (out / "statements.jsonl").open("w", encoding="utf-8") as f:
        for k in range(articles):
            copy, aid = divmod(k, len(ids))
            for rec in by_article[ids[aid]]:
                d = rec.get("date")
                if d:
                    d = (date.fromisoformat(d) + timedelta(days=9 * copy)).isoformat()
                f.write(json.dumps({**rec, "article_id": f"{ids[aid]}-c{copy:03d}", "date": d},
                                   ensure_ascii=False) + "\n")
    shutil.rmtree(base)
    stance("corpus", "--aggregate-only", str(out), "--period", "week")


def launch(p):
    exe = os.environ.get("STANCE_CHROMIUM") or shutil.which("chromium")
    if not exe:
        sys.exit("bench_report: error: no chromium (apt-get install chromium)")
    return p.chromium.launch(executable_path=exe, args=ARGS)


def load_times(page_path: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    ready, dom, heap = [], [], []
    with sync_playwright() as p:
        b = launch(p)
        for _ in range(runs):
            ctx = b.new_context(viewport={"width": 1280, "height": 900})
            pg = ctx.new_page()
            t = time.perf_counter()
            pg.goto(page_path.resolve().as_uri(), wait_until="commit")
            pg.wait_for_selector("body[data-ready='1']", timeout=60_000)
            ready.append(time.perf_counter() - t)
            dom.append(pg.evaluate("performance.getEntriesByType('navigation')[0]"
                                   ".domContentLoadedEventEnd") / 1000)
            heap.append(pg.evaluate("performance.memory ? performance.memory.usedJSHeapSize "
                                    ": 0") / 2**20)
            ctx.close()
        b.close()
    return {"ready_s": round(statistics.median(ready), 3),
            "dom_content_loaded_s": round(statistics.median(dom), 3),
            "js_heap_mb": round(statistics.median(heap), 1)}


def filter_time(page_path: Path) -> float:
    """Seconds to filter the whole article list by one country (the heaviest click)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        pg = b.new_page()
        pg.goto(page_path.resolve().as_uri())
        pg.wait_for_selector("body[data-ready='1']")
        code = pg.eval_on_selector("#fa-actor option:nth-child(2)", "o => o.value")
        dt = pg.evaluate("""code => { const s = document.getElementById('fa-actor');
            const t = performance.now(); s.value = code;
            s.dispatchEvent(new Event('change')); return performance.now() - t; }""", code)
        b.close()
    return round(dt / 1000, 3)


def screenshots(outdir: Path) -> None:
    """The article view (one highlight hovered) and the top of the corpus view, as PNG."""
    from playwright.sync_api import sync_playwright

    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        stance("report", str(ROOT / "data" / "sample" / "article.txt"), "-o", str(t / "a.html"))
        stance("corpus", str(ROOT / "data" / "sample" / "corpus.jsonl"), "--out", str(t / "run"),
               "--jobs", "1", "--quiet")
        stance("report", str(t / "run"), "-o", str(t / "c.html"), "--title",
               "Corpus report: data/sample/corpus.jsonl")
        with sync_playwright() as p:
            b = launch(p)
            pg = b.new_page(viewport={"width": 1200, "height": 860})
            pg.goto((t / "a.html").as_uri())
            pg.wait_for_selector("body[data-ready='1']")
            pg.hover("#d0-s2")
            pg.screenshot(path=str(outdir / "report-article.png"))
            pg.goto((t / "c.html").as_uri())
            pg.wait_for_selector("body[data-ready='1']")
            pg.evaluate("document.getElementById('time').scrollIntoView()")
            pg.screenshot(path=str(outdir / "report-corpus.png"))
            b.close()
    for name in ("report-article.png", "report-corpus.png"):
        try:  # a 128-colour palette keeps the PNGs small for the repository
            from PIL import Image

            with Image.open(outdir / name) as im:
                im.convert("RGB").quantize(128).save(outdir / name, optimize=True)
        except ImportError:
            pass
        print(f"wrote {outdir / name} ({(outdir / name).stat().st_size // 1024} KiB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the run and pages here and keep them")
    ap.add_argument("--screenshots", type=Path, help="only write the README's screenshots")
    a = ap.parse_args()
    if a.screenshots:
        screenshots(a.screenshots)
        return
    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run = work / "run"
        if not run.exists():
            build_run(run, a.articles)
        n_statements = sum(1 for _ in (run / "statements.jsonl").open(encoding="utf-8"))
        print(f"run: {a.articles} articles, {n_statements} statements, statements.jsonl "
              f"{(run / 'statements.jsonl').stat().st_size / 2**20:.1f} MiB")
        for label, extra in (("default (--max-statements 20000)", []),
                             ("everything (--max-statements 0)", ["--max-statements", "0"])):
            page = work / f"report-{len(extra)}.html"
            build = stance("report", str(run), "-o", str(page), "--force", *extra)
            res = {"page_mib": round(page.stat().st_size / 2**20, 2), "build_s": round(build, 2),
                   **load_times(page, a.runs), "filter_s": filter_time(page)}
            print(f"{label}: {json.dumps(res)}")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
