"""Training choices of the label model measured on every label figure at once (issue 8).

Run: python benchmarks/bench_labels.py [--only NAME ...] [--cues FILE] [--extra CSV]
     [--drop-writer W ...]

For each candidate (settings of `stance.model.StanceModel`) a model is trained in memory on
data/statements.csv (plus `--extra` rows, if given) and scored on:
- the real-text set (`stance evaluate --realdev`'s scoring): macro-F1 strict and lenient, the
  figure that chooses (needs ../shared/polnear and data/realdev);
- the seed article's 17 gold statements (tests/test_seed.py's count, label or alt);
- label and aggregate accuracy on the development articles (data/articles) and the held-out
  articles (data/heldout), as `stance evaluate --articles` computes them;
- a few plain statements whose label is not in doubt ("We condemn it."): the ones read wrong.
`--cues FILE` replaces the cue vocabulary (stance/resources/stance_cues.txt) for every
candidate: one word or phrase a line, `#` comments. The set, the seed and the held-out articles
only judge; nothing here trains on them. About 10-20 s per candidate.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLAIN = [("We condemn it.", "condemning"), ("We condemn the attack.", "condemning"),
         ("We urge both sides to show restraint.", "requesting"),
         ("We categorically reject these baseless allegations.", "denying"),
         ("Our exercises are in line with international law.", "justifying"),
         ("Talks will continue next week.", "neutral")]
BASE = {"features": "word+char+cues", "classifier": "svm-calibrated", "char_ngrams": [3, 4]}
CANDIDATES = {
    "default (char 2-5-grams, C 6)": {"C": 6.0, "char_ngrams": [2, 5]},
    "neutral 4, cue weight 0.9 (the default before)": {"C": 4.0, "neutral_weight": 4.0,
                                                       "cue_weight": 0.9},
    "previous default (C 4)": {"C": 4.0},
    "neutral 3, cue weight 0.9": {"C": 4.0, "neutral_weight": 3.0, "cue_weight": 0.9},
    "neutral 2.5, cue weight 0.9": {"C": 4.0, "neutral_weight": 2.5, "cue_weight": 0.9},
    "neutral 3, cue weight 0.8": {"C": 4.0, "neutral_weight": 3.0, "cue_weight": 0.8},
    "neutral 4": {"C": 4.0, "neutral_weight": 4.0},
    "neutral 2": {"C": 4.0, "neutral_weight": 2.0},
    "cue weight 0.9": {"C": 4.0, "cue_weight": 0.9},
    "C 8, cue weight 0.7": {"C": 8.0, "cue_weight": 0.7},
    "C 6, cue weight 0.7": {"C": 6.0, "cue_weight": 0.7},
    "C 4, cue weight 0.5": {"C": 4.0, "cue_weight": 0.5},
    "C 4, cue weight 1.5": {"C": 4.0, "cue_weight": 1.5},
    "C 2": {"C": 2.0},
    "C 8": {"C": 8.0},
    "char 2-5-grams, C 6": {"C": 6.0, "char_ngrams": [2, 5]},
    "char 2-4-grams": {"C": 4.0, "char_ngrams": [2, 4]},
    "char 3-5-grams": {"C": 4.0, "char_ngrams": [3, 5]},
    "char 2-5-grams, C 6, neutral 4, cue weight 0.9": {"C": 6.0, "char_ngrams": [2, 5],
                                                        "neutral_weight": 4.0, "cue_weight": 0.9},
    "char 3-5-grams, neutral 4, cue weight 0.9": {"C": 4.0, "char_ngrams": [3, 5],
                                                   "neutral_weight": 4.0, "cue_weight": 0.9},
    "char 2-4-grams, neutral 4, cue weight 0.9": {"C": 4.0, "char_ngrams": [2, 4],
                                                   "neutral_weight": 4.0, "cue_weight": 0.9},
    "char 3-5-grams, C 6, neutral 4, cue weight 0.9": {"C": 6.0, "char_ngrams": [3, 5],
                                                        "neutral_weight": 4.0, "cue_weight": 0.9},
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", default=None, help="candidate name (repeat)")
    ap.add_argument("--cues", default=None, help="cue vocabulary file replacing the shipped one")
    ap.add_argument("--extra", default=None, help="CSV of extra training rows (text,label,...)")
    ap.add_argument("--drop-writer", action="append", default=[],
                    help="leave out this writer's rows (repeat): what a batch is worth")
    args = ap.parse_args()
    import stance.model as sm
    from stance import realdev as rd
    from stance.evaluate import evaluate_articles
    from stance.training import read_statements

    why = rd.unavailable()
    if why:
        sys.exit(why)
    if args.cues:
        terms = sorted({line.strip() for line in Path(args.cues).read_text("utf-8").splitlines()
                        if line.strip() and not line.lstrip().startswith("#")})
        sm.cue_terms = lambda: terms
    items = rd.read_items()
    seed = json.loads((ROOT / "tests" / "data" / "seed_article.gold.json")
                      .read_text("utf-8"))["statements"]
    rows = read_statements(ROOT / "data" / "statements.csv")
    if args.extra:
        rows += read_statements(args.extra)
    rows = [r for r in rows if r.get("writer") not in set(args.drop_writer)]
    X, y = [r["text"] for r in rows], [r["label"] for r in rows]
    names = args.only or list(CANDIDATES)
    print(f"{len(rows)} training rows; real text: {len(items)} statements")
    print(f"{'candidate':<38}{'strict':>8}{'lenient':>9}{'seed':>6}{'dev lab':>9}"
          f"{'dev agg':>9}{'ho lab':>8}{'ho agg':>8}  plain statements read wrong")
    for name in names:
        m = sm.StanceModel(**{**BASE, **CANDIDATES[name]}, random_state=0).fit(X, y)
        r = rd.evaluate(m, items=items)
        ok = sum(p in (s["label"], s.get("alt"))
                 for p, s in zip(m.predict([s["text"] for s in seed]), seed))
        dev = evaluate_articles(ROOT / "data" / "articles", m)
        ho = evaluate_articles(ROOT / "data" / "heldout", m)
        wrong = [t for (t, lab), p in zip(PLAIN, m.predict([t for t, _ in PLAIN])) if p != lab]
        print(f"{name:<38}{r['strict']['macro_f1']:>8.4f}{r['lenient']['macro_f1']:>9.4f}"
              f"{ok:>4}/{len(seed)}{dev['label_accuracy']:>9.4f}{dev['aggregate_accuracy']:>9.4f}"
              f"{ho['label_accuracy']:>8.4f}{ho['aggregate_accuracy']:>8.4f}  {' | '.join(wrong)}",
              flush=True)


if __name__ == "__main__":
    main()
