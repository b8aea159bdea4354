"""Print the distribution tables for data/README.md from data/statements.csv."""

import csv
from collections import Counter
from pathlib import Path

root = Path(__file__).resolve().parent.parent
rows = list(csv.DictReader((root / "data" / "statements.csv").open(encoding="utf-8")))
labels = ["condemning", "denying", "justifying", "requesting", "neutral"]
print(f"{len(rows)} statements.\n")
print("| writer | rows | " + " | ".join(labels) + " | reported |")
print("|---" * (len(labels) + 3) + "|")
for w in sorted({r["writer"] for r in rows}):
    rs = [r for r in rows if r["writer"] == w]
    c = Counter(r["label"] for r in rs)
    rep = sum(r["kind"] == "reported" for r in rs)
    print(f"| {w} | {len(rs)} | " + " | ".join(str(c[lab]) for lab in labels)
          + f" | {rep / len(rs):.0%} |")
c = Counter(r["label"] for r in rows)
rep = sum(r["kind"] == "reported" for r in rows)
print("| all | " + str(len(rows)) + " | " + " | ".join(str(c[lab]) for lab in labels)
      + f" | {rep / len(rows):.0%} |\n")
actors = Counter(r["actor"] or "(none)" for r in rows)
countries = [a for a in actors if len(a) == 3 and a.isupper() and a not in
             {"ICC", "ICJ", "WHO", "OIC", "SCO", "OAS", "LAS", "GCC", "IMF", "PIF"}]
orgs = [a for a in actors if a not in countries and a != "(none)"]
print(f"Speakers' actors: {len(countries)} countries and territories, {len(orgs)} "
      f"organisations ({', '.join(sorted(orgs))}); {actors['(none)']} rows with no actor.\n")
print("Most frequent actors: " + ", ".join(f"{a} {n}" for a, n in actors.most_common(25)) + ".\n")
topics = Counter(r["topic"] for r in rows)
print(f"{len(topics)} topics; the largest: " +
      ", ".join(f"{t} {n}" for t, n in topics.most_common(25)) + ".")
