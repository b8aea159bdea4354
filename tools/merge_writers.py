"""Merge the writers' batches (data/writers/w*.csv) into data/statements.csv.

Rows keep their writer's order; writers are merged in name order. Run after a batch changes,
then retrain with `stance train`.
"""

import csv
import re
from collections import Counter
from pathlib import Path

root = Path(__file__).resolve().parent.parent
COLS = ["text", "label", "speaker", "actor", "kind", "topic", "group", "writer"]
rows = []
for f in sorted((root / "data" / "writers").glob("w*.csv")):
    with f.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append({c: (r.get(c) or "").strip() for c in COLS})
def words(t):
    return re.sub(r"[^a-z0-9 ]", " ", t.lower()).split()


def shingles(t):
    w = words(t)
    return {" ".join(w[i:i + 3]) for i in range(max(1, len(w) - 2))}


# Writers worked independently, so two of them can write the same short fragment
# ("A sovereign decision."): keep the first, drop exact and near duplicates after it.
kept, seen, index, sh_of = [], set(), {}, []
dropped = 0
for r in rows:
    key = " ".join(words(r["text"]))
    sh = shingles(r["text"])
    cand = Counter(j for s in sh for j in index.get(s, ()))
    near = len(sh) >= 3 and any(c / len(sh | sh_of[j]) >= 0.6 for j, c in cand.items())
    if key in seen or near:
        dropped += 1
        continue
    seen.add(key)
    for s in sh:
        index.setdefault(s, []).append(len(kept))
    sh_of.append(sh)
    kept.append(r)
rows = kept
print(f"dropped {dropped} exact or near duplicates across writers")
out = root / "data" / "statements.csv"
with out.open("w", newline="", encoding="utf-8") as fh:
    w = csv.DictWriter(fh, fieldnames=COLS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print(f"{len(rows)} rows -> {out}")
