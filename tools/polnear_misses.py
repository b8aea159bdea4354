"""Print missed (or found-but-wrong-speaker) PolNeAR speech attributions with their sentence,
for reading while developing extraction rules (output stays on the terminal: never commit it).

    python tools/polnear_misses.py ../shared/polnear/train --cue say --n 40 --seed 1
    python tools/polnear_misses.py ../shared/polnear/train --speaker --n 40
    python tools/polnear_misses.py ../shared/polnear/train --false --n 40
"""

from __future__ import annotations

import argparse
import random

from stance.attributions import cue_lemma, overlaps, read_corpus, speaker_matches
from stance.pipeline import find_statements


def around(text: str, a: int, b: int, pad: int = 160) -> str:
    lo, hi = max(0, a - pad), min(len(text), b + pad)
    return (text[lo:a] + "[[" + text[a:b] + "]]" + text[b:hi]).replace("\n", " / ")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--cue")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--speaker", action="store_true", help="found, but the speaker is wrong")
    ap.add_argument("--false", action="store_true", help="predicted statements matching nothing")
    args = ap.parse_args()
    rows = []
    for d in read_corpus(args.corpus):
        preds = find_statements(d.text)
        if args.false:
            for s in preds:
                if not any(overlaps((s.start, s.end), (g.start, g.end)) for g in d.attributions):
                    rows.append(f"{d.name} cue={s.cue!r} spk={s.speaker_raw!r}\n   "
                                + around(d.text, s.start, s.end))
            continue
        for g in d.attributions:
            if not g.speech or (args.cue and cue_lemma(g.cue) != args.cue):
                continue
            best = max(preds, key=lambda s: overlaps((s.start, s.end), (g.start, g.end)),
                       default=None)
            hit = best is not None and overlaps((best.start, best.end), (g.start, g.end))
            if args.speaker:
                if hit and g.source and not g.pronoun_source and not speaker_matches(
                        best.speaker or best.speaker_raw, g.source):
                    rows.append(f"{d.name} gold={g.source!r} pred={best.speaker!r} "
                                f"raw={best.speaker_raw!r}\n   " + around(d.text, g.start, g.end))
            elif not hit:
                rows.append(f"{d.name} cue={g.cue!r} src={g.source!r}\n   "
                            + around(d.text, g.start, g.end))
    random.Random(args.seed).shuffle(rows)
    print(len(rows), "rows")
    for r in rows[: args.n]:
        print(r)


if __name__ == "__main__":
    main()
