"""Assemble data/realdev/realdev.csv from the labellers' files (kept outside the project,
since the items they read quote PolNeAR text).

    python tools/build_realdev.py /work/realdev_work data/realdev/realdev.csv

Inputs in WORK: items.jsonl (tools/sample_realdev.py), labels_part{1,2}_{A,B}.csv
(`id,label,second`, two independent labellers), adjudicated.csv (`id,label,alt`, a third
labeller's decision on every disagreement). Output: standoff only, no text.
label = the agreed label, or the adjudicated one; alt = a second label both labellers named
(agreed items) or the adjudicator's alternative.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from stance.attributions import cue_lemma

COLS = ["file", "start", "end", "frame_start", "frame_end", "label", "label_a", "label_b", "alt",
        "speaker", "kind", "cue"]


def kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(a) | set(b)) / n / n
    return (po - pe) / (1 - pe)


def main() -> None:
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    items = [json.loads(ln) for ln in open(work / "items.jsonl", encoding="utf-8")]
    A: dict[str, dict] = {}
    B: dict[str, dict] = {}
    for part in ("part1", "part2"):
        A.update({r["id"]: r for r in csv.DictReader(open(work / f"labels_{part}_A.csv"))})
        B.update({r["id"]: r for r in csv.DictReader(open(work / f"labels_{part}_B.csv"))})
    adj = {r["id"]: r for r in csv.DictReader(open(work / "adjudicated.csv"))}
    rows = []
    for it in items:
        a, b = A[it["id"]], B[it["id"]]
        if a["label"] == b["label"]:
            label = a["label"]
            alt = a["second"] if a["second"] and a["second"] == b["second"] else ""
        else:
            label, alt = adj[it["id"]]["label"], adj[it["id"]]["alt"]
        rows.append({"file": it["file"], "start": it["start"], "end": it["end"],
                     "frame_start": it["frame_start"], "frame_end": it["frame_end"],
                     "label": label, "label_a": a["label"], "label_b": b["label"],
                     "alt": alt if alt != label else "", "speaker": it["speaker"],
                     "kind": it["kind"], "cue": cue_lemma(it["cue"])})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    la = [r["label_a"] for r in rows]
    lb = [r["label_b"] for r in rows]
    print(f"{len(rows)} items, {len({r['file'] for r in rows})} articles, "
          f"agreement {sum(x == y for x, y in zip(la, lb)) / len(rows):.3f}, "
          f"kappa {kappa(la, lb):.3f}, adjudicated {sum(x != y for x, y in zip(la, lb))}")
    print("labels", dict(Counter(r["label"] for r in rows).most_common()))
    print("with alt", sum(bool(r["alt"]) for r in rows),
          "kinds", dict(Counter(r["kind"] for r in rows)))


if __name__ == "__main__":
    main()
