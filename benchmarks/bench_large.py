"""Analysis time of one large text, per MB: it must stay flat as the text grows (linear time).

Two shapes of generated text, built by repeating the project's own gold article bodies
(data/articles, written for this project) until the size is reached:

- ``lines``: paragraphs one per line, as news text comes;
- ``one-line``: the same text as a single paragraph (no newline at all), the usual trap for
  scans that restart from a paragraph's start for every match.

Run: python benchmarks/bench_large.py [--sizes 1,2,5,10,20] [--shapes lines,one-line]
         [--profile]

Each size runs in this process with the shipped model loaded once; the figures printed are
seconds per MB of the whole ``stance.analyze`` (extract, speakers, actors, model, aggregate),
wall-clock and CPU time of this process (the CPU figure does not move when other jobs share
the machine).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def paragraphs() -> list[str]:
    """Body paragraphs of the gold articles (headlines dropped), in a fixed order."""
    out: list[str] = []
    for p in sorted((ROOT / "data" / "articles").glob("*.txt")):
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
        out.extend(lines[1:])
    return out


def make_text(size: int, shape: str) -> str:
    """About ``size`` characters of article text in the given shape."""
    paras = paragraphs()
    sep = "\n" if shape == "lines" else " "
    parts: list[str] = []
    n = 0
    i = 0
    while n < size:
        p = paras[i % len(paras)]
        parts.append(p)
        n += len(p) + 1
        i += 1
    return sep.join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,2,5,10,20", help="sizes in MB, comma-separated")
    ap.add_argument("--shapes", default="lines,one-line")
    ap.add_argument("--profile", action="store_true", help="cProfile the largest run")
    a = ap.parse_args()
    from stance.model import StanceModel
    from stance.pipeline import analyze

    model = StanceModel.load()
    analyze(make_text(20_000, "lines"), model)  # warm caches (gazetteer, word lists)
    sizes = [float(s) for s in a.sizes.split(",")]
    print(f"{'shape':<9} {'MB':>5} {'statements':>10} {'seconds':>8} {'s/MB':>6} "
          f"{'CPU s/MB':>8}")
    for shape in a.shapes.split(","):
        for mb in sizes:
            text = make_text(int(mb * MB), shape)
            t = time.perf_counter()
            c = time.process_time()
            if a.profile and mb == max(sizes):
                import cProfile
                import pstats

                prof = cProfile.Profile()
                res = prof.runcall(analyze, text, model)
                pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
            else:
                res = analyze(text, model)
            dt = time.perf_counter() - t
            dc = time.process_time() - c
            mbs = len(text) / MB
            print(f"{shape:<9} {mbs:5.1f} {len(res.statements):10d} {dt:8.1f} "
                  f"{dt / mbs:6.1f} {dc / mbs:8.2f}", flush=True)


if __name__ == "__main__":
    main()
