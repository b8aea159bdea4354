"""Merge the writers' batches (data/writers/w*.csv) into data/statements.csv.

Rows keep their writer's order; writers are merged in name order. Run after a batch changes,
then retrain with `stance train`.
"""

import csv
from pathlib import Path

root = Path(__file__).resolve().parent.parent
COLS = ["text", "label", "speaker", "actor", "kind", "topic", "group", "writer"]
rows = []
for f in sorted((root / "data" / "writers").glob("w*.csv")):
    with f.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append({c: (r.get(c) or "").strip() for c in COLS})
out = root / "data" / "statements.csv"
with out.open("w", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, fieldnames=COLS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(f"{len(rows)} rows -> {out}")
