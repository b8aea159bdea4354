"""Validate gold articles: python tools/check_article.py data/articles/NAME.txt [...]"""
import json
import sys
from collections import Counter
from pathlib import Path

LABELS = ["condemning", "denying", "justifying", "requesting", "neutral"]

def main(paths):
    bad = 0
    for p in map(Path, paths):
        text = p.read_text(encoding="utf-8")
        gold = json.loads(p.with_suffix(".gold.json").read_text(encoding="utf-8"))
        for k in ("id", "title", "statements", "aggregate"):
            if k not in gold:
                print(f"{p.name}: missing {k}"); bad += 1
        votes = {}
        for n, s in enumerate(gold["statements"]):
            if text.count(s["text"]) < 1:
                print(f"{p.name}: statement {n} text not found verbatim: {s['text'][:60]!r}"); bad += 1
            if s.get("label") not in LABELS or (s.get("alt") and s["alt"] not in LABELS):
                print(f"{p.name}: statement {n} bad label"); bad += 1
            if s.get("kind") not in ("direct", "reported"):
                print(f"{p.name}: statement {n} bad kind"); bad += 1
            if s.get("actor"):
                votes.setdefault(s["actor"], Counter())[s["label"]] += 1
        for actor, c in votes.items():
            non = {l: n for l, n in c.items() if l != "neutral"}
            if not non:
                exp = {"neutral"}
            else:
                top = max(non.values())
                exp = {l for l, n in non.items() if n == top}
            got = {gold["aggregate"].get(actor), gold.get("aggregate_alt", {}).get(actor)}
            if not (exp & got):
                print(f"{p.name}: aggregate for {actor} is {got - {None}} but the majority non-neutral label is {exp}"); bad += 1
        for actor in gold["aggregate"]:
            if actor not in votes:
                print(f"{p.name}: aggregate names {actor} with no statements"); bad += 1
        print(f"{p.name}: {len(gold['statements'])} statements, {len(text.split())} words")
    print("OK" if not bad else f"{bad} problems")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
