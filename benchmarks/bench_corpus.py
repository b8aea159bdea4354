"""Corpus runs: articles/s at --jobs 1, --jobs 2 and on a local Dask cluster, and peak
memory at two corpus sizes (it must not grow with the corpus).

Run: python benchmarks/bench_corpus.py [--n 20000] [--mem 10000,40000]
Each measurement runs `stance corpus` in a fresh process; peak memory is the maximum
resident set size of that process and its children (ru_maxrss).
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(path: Path, n: int) -> None:
    src = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"s{i}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                "text": src[i % len(src)]}) + "\n")


def run(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stance", "corpus", *args, "--quiet"], check=True)
    dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--mem", default="10000,40000")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--memory-only", action="store_true")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        src = tmp / "corpus.jsonl"
        make(src, a.n)
        for jobs in (() if a.memory_only else (1, 2)):
            dt, _ = run([str(src), "--out", str(tmp / f"j{jobs}"), "--jobs", str(jobs)])
            print(f"--jobs {jobs}: {a.n} articles in {dt:.1f} s = {a.n / dt:,.0f} articles/s")
        if not (a.skip_dask or a.memory_only):
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as c:
                dt, _ = run([str(src), "--out", str(tmp / "dask"), "--scheduler",
                             c.scheduler_address])
            print(f"dask LocalCluster (2 workers): {a.n / dt:,.0f} articles/s")
        for n in map(int, a.mem.split(",")):
            p = tmp / f"m{n}.jsonl"
            make(p, n)
            # a fresh interpreter per size so ru_maxrss is that run's own peak
            code = ("import resource,subprocess,sys;"
                    f"subprocess.run([sys.executable,'-m','stance','corpus',{str(p)!r},'--out',"
                    f"{str(tmp / f'o{n}')!r},'--jobs','1','--quiet'],check=True);"
                    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                 text=True).stdout.split()[-1]
            print(f"peak memory at {n} articles (--jobs 1): {int(out) / 1024:.0f} MiB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
