"""CSV and Parquet corpora in, Parquet statements out: peak memory must not grow with size.

Run: python benchmarks/bench_inputs.py [--sizes 10000,100000] [--e2e 2000,20000]
     python benchmarks/bench_inputs.py --sizes 1000 --e2e 10000,100000 --e2e-input parquet

For each size N it writes N distinct articles (~1.3 KB each, paragraphs of the sample corpus
reshuffled) as a CSV and as a Parquet file in ONE row group (pyarrow's default for files of
this size, the hardest case for streaming), then measures, each in a fresh interpreter:

* reading: ``stance.readers.iter_table`` over every article of the CSV and of the Parquet file;
* writing: ``stance.readers.statements_to_parquet`` of a ``statements.jsonl`` holding the
  statements of N articles (the sample corpus's real statements, repeated under new ids).

Peak memory is that interpreter's high-water resident set size (VmHWM, Linux). With ``--e2e``, it
also runs ``stance corpus FILE.csv --output-format parquet --jobs 1`` at those sizes and
reports the whole process tree's peak (slow: about 200 articles/s).
"""

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "corpus.jsonl"


def articles(n: int):
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    rnd = random.Random(0)
    for i in range(n):
        r = rows[i % len(rows)]
        paras = r["text"].split("\n")
        rnd.shuffle(paras)
        yield {"id": f"a{i:06d}", "date": r["date"], "source": r["source"],
               "title": r["title"], "text": "\n".join(paras) + f"\nReference {i}."}


def make_inputs(tmp: Path, n: int) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = ["id", "date", "source", "title", "text"]
    src_csv = tmp / f"c{n}.csv"
    with src_csv.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for a in articles(n):
            w.writerow([a[c] for c in cols])
    src_pq = tmp / f"c{n}.parquet"
    schema = pa.schema([(c, pa.string()) for c in cols])
    # one row group of n rows, written in slices so this script itself stays small
    with pq.ParquetWriter(src_pq, schema) as w:
        batch: list[dict] = []
        for a in articles(n):
            batch.append(a)
            if len(batch) == 10_000:
                w.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema),
                              row_group_size=n)
                batch = []
        if batch:
            w.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema), row_group_size=n)
    return src_csv, src_pq


def make_statements(tmp: Path, n: int, sample_out: Path) -> Path:
    src = [json.loads(x) for x in (sample_out / "statements.jsonl").read_text().splitlines()]
    per_article: dict[str, list[dict]] = {}
    for r in src:
        per_article.setdefault(r["article_id"], []).append(r)
    groups = list(per_article.values())
    dest = tmp / f"s{n}.jsonl"
    with dest.open("w", encoding="utf-8") as f:
        for i in range(n):
            for r in groups[i % len(groups)]:
                f.write(json.dumps({**r, "article_id": f"a{i:06d}"}, ensure_ascii=False) + "\n")
    return dest


def peak(code: str) -> tuple[float, float, str]:
    """(seconds, peak MiB, stdout) of ``code`` run in a fresh interpreter."""
    # VmHWM, not ru_maxrss: Linux carries the forking parent's peak into a child's ru_maxrss
    wrapped = code + ("\nprint([ln.split()[1] for ln in open('/proc/self/status')"
                      " if ln.startswith('VmHWM')][0])")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", wrapped], check=True, capture_output=True,
                         text=True).stdout.split()
    return time.perf_counter() - t, int(out[-1]) / 1024, " ".join(out[:-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--e2e", default="", help="sizes for full `stance corpus` runs (slow)")
    ap.add_argument("--e2e-input", default="csv,parquet", help="input kinds of those runs")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        sample_out = tmp / "sample_run"
        subprocess.run([sys.executable, "-m", "stance", "corpus", str(SAMPLE), "--out",
                        str(sample_out), "--jobs", "1", "--quiet"], check=True)
        for n in map(int, a.sizes.split(",")):
            src_csv, src_pq = make_inputs(tmp, n)
            for kind, src in (("CSV", src_csv), ("Parquet", src_pq)):
                dt, mib, count = peak(
                    "from stance.readers import iter_table\n"
                    f"print(sum(1 for a in iter_table({str(src)!r}) if 'text' in a))")
                assert int(count) == n, count
                size = src.stat().st_size / 2**20
                print(f"read {kind:7s} {n:>7,} articles ({size:,.0f} MiB): peak {mib:5.0f} MiB, "
                      f"{dt:5.1f} s")
            st = make_statements(tmp, n, sample_out)
            dt, mib, rows = peak(
                "from stance.readers import statements_to_parquet\n"
                f"print(statements_to_parquet({str(st)!r}, {str(tmp / 'out.parquet')!r}))")
            size = st.stat().st_size / 2**20
            print(f"write Parquet from {n:>7,} articles' statements ({int(rows):,} rows, "
                  f"{size:,.0f} MiB of JSONL): peak {mib:5.0f} MiB, {dt:5.1f} s")
            src_pq.unlink()
            st.unlink()
        for n in (map(int, a.e2e.split(",")) if a.e2e else ()):
            src_csv, src_pq = make_inputs(tmp, n)
            for kind, src in (("CSV", src_csv), ("Parquet", src_pq)):
                if kind.lower() not in a.e2e_input.split(","):
                    continue
                out = tmp / f"run_{kind}_{n}"
                code = ("import resource,subprocess,sys\n"
                        "subprocess.run([sys.executable,'-m','stance','corpus',"
                        f"{str(src)!r},'--out',{str(out)!r},'--jobs','1','--quiet',"
                        "'--output-format','parquet'],check=True)\n"
                        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
                t = time.perf_counter()
                res = subprocess.run([sys.executable, "-c", code], check=True,
                                     capture_output=True, text=True).stdout.split()[-1]
                dt = time.perf_counter() - t
                print(f"stance corpus {kind:7s} {n:>7,} articles -> statements.parquet: "
                      f"peak {int(res) / 1024:5.0f} MiB, {n / dt:,.0f} articles/s")
                shutil.rmtree(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
