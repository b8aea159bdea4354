"""Articles/s of stance.analyze and stance.analyze_many on ~800-word articles built from the
gold articles (analyze_many sends the statements of 64 articles to the model in one call, as
`stance corpus` does).

Run: python benchmarks/bench_analyze.py [--n 500]
"""

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent


def articles(n: int) -> list[str]:
    src = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    out = []
    for i in range(n):
        a, b = src[i % len(src)], src[(i * 7 + 3) % len(src)]
        out.append(a + "\n" + "\n".join(b.splitlines()[1:]))  # two bodies: ~800 words
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    args = ap.parse_args()
    from stance.model import StanceModel
    from stance.pipeline import analyze, analyze_many

    model = StanceModel.load()
    texts = articles(args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    analyze(texts[0], model)
    t = time.perf_counter()
    n_st = sum(len(analyze(x, model).statements) for x in texts)
    dt = time.perf_counter() - t
    print(f"analyze: {args.n} articles (~{words:.0f} words, {n_st} statements) in {dt:.1f} s "
          f"= {args.n / dt:,.0f} articles/s on one core")
    t = time.perf_counter()
    n_many = sum(len(r.statements) for r in analyze_many(texts, model))
    dt = time.perf_counter() - t
    assert n_many == n_st
    print(f"analyze_many: {args.n / dt:,.0f} articles/s on one core")


if __name__ == "__main__":
    main()
