"""Validate one writer's CSV: python tools/check_writer.py data/writers/w1.csv"""
import csv
import re
import sys
from collections import Counter

LABELS = {"condemning", "denying", "justifying", "requesting", "neutral"}
COLS = ["text", "label", "speaker", "actor", "kind", "topic", "group", "writer"]
ORGS = {"UN","NATO","EU","AU","ASEAN","ECOWAS","G7","G20","IAEA","OSCE","OPCW","ICJ","ICC","WHO",
        "LAS","GCC","OIC","SCO","BRICS","OAS","CARICOM","IMF"}

def norm(t):
    return re.sub(r"[^a-z0-9 ]", "", t.lower()).split()

def main(path):
    errs = 0
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        if r.fieldnames != COLS:
            print("bad header", r.fieldnames); return 1
        rows = list(r)
    seen = {}
    shingles = []
    for i, row in enumerate(rows, start=2):
        if None in row or any(row[c] is None for c in COLS):
            print(f"line {i}: wrong number of fields"); errs += 1; continue
        if row["label"] not in LABELS:
            print(f"line {i}: bad label {row['label']!r}"); errs += 1
        if row["kind"] not in {"direct", "reported"}:
            print(f"line {i}: bad kind {row['kind']!r}"); errs += 1
        a = row["actor"]
        if not (a in ORGS or re.fullmatch(r"[A-Z]{3}", a) or a == ""):
            print(f"line {i}: bad actor {a!r}"); errs += 1
        if not row["text"].strip() or not row["group"] or not row["topic"]:
            print(f"line {i}: empty text/group/topic"); errs += 1
        key = " ".join(norm(row["text"]))
        if key in seen:
            print(f"line {i}: exact duplicate of line {seen[key]}"); errs += 1
        seen[key] = i
        w = norm(row["text"])
        sh = {" ".join(w[j:j+3]) for j in range(max(1, len(w) - 2))}
        shingles.append((i, sh, row["group"]))
    # near duplicates: Jaccard of word 3-shingles
    near = 0
    by_line = {i: (sh, g) for i, sh, g in shingles}
    index = {}
    for i, sh, g in shingles:
        cands = Counter()
        for s in sh:
            for j in index.get(s, ()):
                cands[j] += 1
        for j, c in cands.items():
            shj = by_line[j][0]
            jac = c / len(sh | shj)
            if jac >= 0.6 and len(sh) >= 3:
                print(f"line {i}: near duplicate of line {j} (jaccard {jac:.2f})"); near += 1
        for s in sh:
            index.setdefault(s, []).append(i)
    c = Counter(r["label"] for r in rows)
    k = Counter(r["kind"] for r in rows)
    print(f"{len(rows)} rows; labels {dict(c)}; kinds {dict(k)}; "
          f"actors {len(set(r['actor'] for r in rows))}; topics {len(set(r['topic'] for r in rows))}")
    print(f"{errs} errors, {near} near duplicates")
    return 1 if errs or near else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
