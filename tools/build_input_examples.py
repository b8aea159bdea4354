#!/usr/bin/env python3
"""Build the table examples in data/examples/ from the sample corpus.

    python tools/build_input_examples.py      # needs pyarrow (pip install -e ".[parquet]")

Writes, deterministically:

- data/examples/export.csv       the first 24 articles of data/sample/corpus.jsonl as a news
                                 database export would hold them: columns url, published
                                 (RFC 2822 for even rows, "YYYY-MM-DD HH:MM:SS" for odd ones),
                                 source, title, body
- data/examples/corpus.parquet   the same 24 articles with the corpus's own names (id, date as
                                 a date32 column, title, source, url, text), row groups of 10

Re-run it after data/sample/corpus.jsonl changes (a test compares them).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from email.utils import format_datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "examples"
N = 24


def main() -> None:
    rows = [json.loads(x) for x in
            (ROOT / "data" / "sample" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()][:N]
    OUT.mkdir(exist_ok=True)
    with (OUT / "export.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["url", "published", "source", "title", "body"])
        for i, r in enumerate(rows):
            day = dt.date.fromisoformat(r["date"])
            at = dt.datetime(day.year, day.month, day.day, 8 + i % 10, 30,
                             tzinfo=dt.timezone(dt.timedelta(hours=8)))
            published = format_datetime(at) if i % 2 == 0 else at.strftime("%Y-%m-%d %H:%M:%S")
            w.writerow([r["url"], published, r["source"], r["title"], r["text"]])
    table = pa.table({
        "id": [r["id"] for r in rows],
        "date": pa.array([dt.date.fromisoformat(r["date"]) for r in rows], pa.date32()),
        "title": [r["title"] for r in rows],
        "source": [r["source"] for r in rows],
        "url": [r["url"] for r in rows],
        "text": [r["text"] for r in rows],
    })
    pq.write_table(table, OUT / "corpus.parquet", row_group_size=10, compression="zstd")
    print(f"wrote {OUT}/export.csv and corpus.parquet ({N} articles)")


if __name__ == "__main__":
    main()
