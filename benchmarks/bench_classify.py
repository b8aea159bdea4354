"""Throughput of StanceModel.predict_proba and the cold start of `stance classify`.

Run: python benchmarks/bench_classify.py [--n 100000]
Prints statements/s in one process (all BLAS threads limited to 1, i.e. per core) and the
median wall time of a cold `stance classify "..."` over 5 runs.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    args = ap.parse_args()
    from stance.model import StanceModel

    rows = list(csv.DictReader((ROOT / "data" / "statements.csv").open(encoding="utf-8")))
    texts = [rows[i % len(rows)]["text"] for i in range(args.n)]
    model = StanceModel.load()
    model.predict_proba(texts[:1000])
    t = time.perf_counter()
    for i in range(0, len(texts), 10_000):
        model.predict_proba(texts[i:i + 10_000])
    dt = time.perf_counter() - t
    print(f"predict_proba: {args.n} statements in {dt:.1f} s = {args.n / dt:,.0f} statements/s "
          f"(one process, one thread)")
    exe = Path(sys.executable).with_name("stance")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "stance"]
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([*cmd, "classify", "We reject these baseless claims.", "-f", "jsonl"],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    print(f"cold `stance classify`: median {statistics.median(times):.2f} s over 5 runs")
    t = time.perf_counter()
    subprocess.run([*cmd, "--help"], check=True, capture_output=True)
    print(f"`stance --help`: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
