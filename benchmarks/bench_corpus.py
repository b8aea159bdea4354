"""Corpus runs: wall time, CPU time and the whole process tree's peak memory of `stance corpus`
at --jobs 1, --jobs 2 (and on a local Dask cluster), in interleaved rounds, and a check that
every setting writes the very same output.

Run: python benchmarks/bench_corpus.py [--n 4000] [--rounds 3] [--dask] [--batch-size 64]

Rounds are interleaved (j1, j2, j1, j2, ...) so that a busy machine slows every setting alike;
the median round is printed. CPU time is user + system of the `stance corpus` process and all
its workers (what the run costs, whatever else the machine is doing); for Dask it is the
client's only, as the cluster's workers are not the client's children. Peak memory is sampled
every 50 ms over the process tree (stance and its workers, and the Dask workers): the sum of
proportional set sizes (PSS: shared pages, such as a model inherited by forked workers, are
counted once) or of resident sizes where PSS is not available.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("statements.jsonl", "actors.csv", "timeseries.csv", "dyads.csv", "errors.jsonl")


def make(path: Path, n: int) -> None:
    """A JSONL corpus of ``n`` articles built from the project's gold articles."""
    src = [p.read_text(encoding="utf-8")
           for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"s{i}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                "text": src[i % len(src)]}) + "\n")


def _tree(root: int) -> list[int]:
    """``root``'s descendants (Linux /proc)."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def _memory_kib(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", encoding="ascii") as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class PeakSampler(threading.Thread):
    """Samples the summed memory of this process's descendants until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self._halt = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self._halt.is_set():
            self.peak_kib = max(self.peak_kib, sum(_memory_kib(p) for p in _tree(me)))
            self._halt.wait(0.05)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak_kib


def run(args: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB) of one `stance corpus` run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = PeakSampler()
    sampler.start()
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stance", "corpus", *args, "--quiet"], check=True,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--dask", action="store_true", help="also a 2-worker Dask LocalCluster")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    settings = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"]}
    if a.dask:
        settings["dask (2 workers)"] = ["dask"]
    figures: dict[str, list[tuple[float, float, float]]] = {k: [] for k in settings}
    reference: dict[str, bytes] | None = None
    try:
        src = tmp / "corpus.jsonl"
        make(src, a.n)
        for r in range(a.rounds):
            for name, extra in settings.items():
                out = tmp / f"out-{r}-{name.replace(' ', '_')}"
                common = [str(src), "--out", str(out), "--batch-size", str(a.batch_size)]
                if extra == ["dask"]:
                    from distributed import LocalCluster

                    with LocalCluster(n_workers=2, threads_per_worker=1,
                                      dashboard_address=None) as c:
                        figures[name].append(run([*common, "--scheduler",
                                                  c.scheduler_address]))
                else:
                    figures[name].append(run([*common, *extra]))
                got = {f: (out / f).read_bytes() for f in OUTPUTS}
                if reference is None:
                    reference = got
                different = [f for f in OUTPUTS if got[f] != reference[f]]
                if different:
                    sys.exit(f"{name}, round {r + 1}: {', '.join(different)} differ from the "
                             "first run's")
                shutil.rmtree(out)
                w, c, m = figures[name][-1]
                print(f"round {r + 1} {name:<17} {w:6.1f} s wall {c:6.1f} s CPU "
                      f"{m:6.0f} MiB peak", flush=True)
        print(f"\n{a.n} articles, batch size {a.batch_size}, {a.rounds} interleaved rounds "
              f"(median), {os.cpu_count()} cores; outputs identical across all runs")
        for name, rows in figures.items():
            w = statistics.median(x[0] for x in rows)
            c = statistics.median(x[1] for x in rows)
            m = max(x[2] for x in rows)
            print(f"{name:<17} {a.n / w:7.0f} articles/s  wall {w:6.1f} s  CPU {c:6.1f} s  "
                  f"peak {m:5.0f} MiB")
        base = statistics.median(x[0] for x in figures["--jobs 1"])
        two = statistics.median(x[0] for x in figures["--jobs 2"])
        print(f"--jobs 2 speed-up over --jobs 1: {base / two:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
