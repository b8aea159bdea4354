"""Sample speech attributions from PolNeAR train for the real-text label set (issue 8).

Writes the items the labellers read to a folder OUTSIDE the project (they contain PolNeAR
text, which never enters the repository):

    python tools/sample_realdev.py ../shared/polnear/train /work/realdev_work --seed 0

Each item: id, file, content offsets, frame offsets (source + cue + content extent), kind,
cue, a short speaker, and the paragraph(s) around it with the content marked ⟦…⟧.
Sampling: seeded; articles with at least one speech attribution whose content has 4+ words,
in random order, up to PER_ARTICLE attributions from each, until N items.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from stance.attributions import read_corpus

QUOTES = "\"“”‘’'«»"


def short_speaker(source: str | None) -> str:
    words = (source or "").split()
    return " ".join(words) if len(words) <= 5 else "… " + " ".join(words[-3:])


def context(text: str, a: int, b: int, cap: int = 1400) -> tuple[int, int]:
    lo = text.rfind("\n", 0, a) + 1
    hi = text.find("\n", b)
    hi = len(text) if hi < 0 else hi
    if hi - lo > cap:
        lo = max(lo, a - 300)
        hi = min(hi, max(b + 300, lo + cap))
    return lo, hi


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=1320)
    ap.add_argument("--per-article", type=int, default=4)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs = [d for d in read_corpus(args.corpus)]
    rng.shuffle(docs)
    items = []
    articles = 0
    for d in docs:
        cands = [g for g in d.attributions
                 if g.speech and len(d.text[g.start:g.end].split()) >= 4 and g.start > 0]
        if not cands:
            continue
        articles += 1
        for g in rng.sample(cands, min(args.per_article, len(cands))):
            spans = [(g.start, g.end)] + [(s, e) for s, e in ((g.source_start, g.source_end),
                                                             (g.cue_start, g.cue_end)) if s >= 0]
            fa, fb = min(s for s, _ in spans), max(e for _, e in spans)
            lo, hi = context(d.text, fa, fb)
            ctx = d.text[lo:g.start] + "⟦" + d.text[g.start:g.end] + "⟧" + d.text[g.end:hi]
            content = d.text[g.start:g.end].strip()
            kind = "direct" if content[:1] in QUOTES else "reported"
            items.append({"id": f"r{len(items) + 1:04d}", "file": d.name, "start": g.start,
                          "end": g.end, "frame_start": fa, "frame_end": fb, "kind": kind,
                          "cue": (g.cue or "").strip(), "speaker": short_speaker(g.source),
                          "source": g.source, "context": ctx})
        if len(items) >= args.n:
            break
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "items.jsonl", "w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"{len(items)} items from {articles} articles -> {out / 'items.jsonl'}")


if __name__ == "__main__":
    main()
