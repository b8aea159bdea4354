"""Articles per CPU-second of stance.analyze and stance.analyze_many on the development
articles (data/articles), in interleaved rounds (the machine is shared, so CPU time, not wall
time, and the median of several rounds).

analyze_many sends the statements of many articles to the model in one call, as
`stance corpus` does.

Run: python benchmarks/bench_analyze.py [--rounds 5] [--repeat 6]
"""

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=6, help="passes over the articles per round")
    args = ap.parse_args()
    from stance.model import StanceModel
    from stance.pipeline import analyze, analyze_many

    model = StanceModel.load()
    paths = sorted((ROOT / "data" / "articles").glob("*.txt"))
    src = [p.read_text(encoding="utf-8") for p in paths]
    texts = src * args.repeat
    words = sum(len(t.split()) for t in src) / len(src)
    analyze(texts[0], model)  # warm: model loaded, word lists read
    one, many = [], []
    for _ in range(args.rounds):
        t = time.process_time()
        n1 = sum(len(analyze(x, model).statements) for x in texts)
        one.append(len(texts) / (time.process_time() - t))
        t = time.process_time()
        n2 = sum(len(r.statements) for r in analyze_many(texts, model))
        many.append(len(texts) / (time.process_time() - t))
        assert n1 == n2
    print(f"{len(src)} development articles (~{words:.0f} words) x {args.repeat}, "
          f"{args.rounds} interleaved rounds, median articles per CPU-second:")
    print(f"  analyze       {statistics.median(one):,.0f}  (rounds: "
          + ", ".join(f"{x:,.0f}" for x in one) + ")")
    print(f"  analyze_many  {statistics.median(many):,.0f}  (rounds: "
          + ", ".join(f"{x:,.0f}" for x in many) + ")")


if __name__ == "__main__":
    main()
