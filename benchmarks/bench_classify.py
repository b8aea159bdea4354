"""Throughput of StanceModel.predict_proba beside fastText, its fixed cost per call, and the
cold start of `stance classify`.

Run: python benchmarks/bench_classify.py [--n 20000] [--rounds 5]
One process, one thread (BLAS limited to 1). Rounds alternate stance and fastText (trained on
the same data/statements.csv, see peers.py; skipped when fastText is not installed) over the
same statements, and report CPU time (process time), so other load on the machine counts
little. fastText is timed on lines already normalised, stance on raw text (its normalisation
included).
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
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--model", default=None, help="model directory (default: shipped)")
    ap.add_argument("--ft-dim", type=int, default=None, help="fastText vector size "
                    "(default: peers.FASTTEXT's, fastText's default 100)")
    args = ap.parse_args()
    from peers import FastTextPeer, fasttext_available

    from stance.model import StanceModel

    with (ROOT / "data" / "statements.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [rows[(i * 7919) % len(rows)]["text"] for i in range(args.n)]
    model = StanceModel.load(args.model)
    model.predict_proba(texts[:2000])
    peer = None
    if fasttext_available():
        peer = FastTextPeer(**({"dim": args.ft_dim} if args.ft_dim else {}))
    lines = peer.lines(texts) if peer else None
    from stance.model import normalize

    lean = model.__dict__.get("_lean")
    prepared = [normalize(t) for t in texts]
    ours, bare, theirs = [], [], []
    for _ in range(args.rounds):
        t = time.process_time()
        model.predict_proba(texts)
        ours.append(args.n / (time.process_time() - t))
        if lean is not None:
            t = time.process_time()
            lean.predict_proba(prepared)
            bare.append(args.n / (time.process_time() - t))
        if peer:
            t = time.process_time()
            peer.predict_lines(lines)
            theirs.append(args.n / (time.process_time() - t))
    s = statistics.median(ours)
    print(f"predict_proba: {s:,.0f} statements/s (median of {args.rounds} rounds of "
          f"{args.n}, CPU time, one thread)")
    if bare:
        print(f"the same on text already normalised (as fastText gets it): "
              f"{statistics.median(bare):,.0f} statements/s")
    if peer:
        f = statistics.median(theirs)
        print(f"fastText predict: {f:,.0f} statements/s (same rounds); stance/fastText = "
              f"{s / f:.2f}x" + (f" ({statistics.median(bare) / f:.2f}x on normalised text)"
                                 if bare else ""))
    one = []
    for i in range(300):
        t = time.process_time()
        model.predict_proba([texts[i]])
        one.append(time.process_time() - t)
    print(f"one call with one statement: median {statistics.median(one) * 1000:.2f} ms")
    exe = Path(sys.executable).with_name("stance")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "stance"]
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([*cmd, "classify", "We reject these baseless claims.", "-f", "jsonl"],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    print(f"cold `stance classify`: median {statistics.median(times):.2f} s wall over 5 runs "
          f"(min {min(times):.2f} s)")
    t = time.perf_counter()
    subprocess.run([*cmd, "--help"], check=True, capture_output=True)
    print(f"`stance --help`: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
