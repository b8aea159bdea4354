"""What the label model reads, measured on every label figure at once (issue 8).

Run: python benchmarks/bench_label_inputs.py [--only NAME ...]

`bench_labels.py` compares settings of `stance.model.StanceModel`; this script compares changes
that are not settings, each trained in memory on data/statements.csv with the default settings:
- **char analyzer**: character n-grams across word boundaries (scikit-learn's ``char``) instead
  of within words (``char_wb``), which the lean predict path does not compute;
- **+ bare rows**: each training row whose extracted statement is shorter than the row is
  added again as that statement alone, without its frame (as the seed test reads statements);
- **+ framed rows**: each training row is added again as the pipeline reads it
  (`stance.pipeline.model_input`) where that differs from the row by more than end punctuation;
- **frame words marked**: the words of the frame (outside the statement) get a prefix, in
  training and prediction alike, so the frame's words are features of their own.

Scores: the real-text set (macro-F1 strict and lenient; the figure that chooses), the seed
article's 17 gold statements read bare (tests/test_seed.py's count) and read as the pipeline
reads them (with their frames), and label accuracy on the development and held-out articles.
Needs ../shared/polnear and data/realdev. About 30 s per variant on 2 cores.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _marked(seg: str) -> str:
    return re.sub(r"(?<!\S)(\w)", "\u0192\\1", seg)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", default=None, help="variant name (repeat)")
    args = ap.parse_args()
    import stance.model as sm
    import stance.pipeline as pl
    from stance import realdev as rd
    from stance.evaluate import _gold_spans, evaluate_articles, match
    from stance.training import DEFAULT_SETTINGS, read_statements

    why = rd.unavailable()
    if why:
        sys.exit(why)
    rows = read_statements(ROOT / "data" / "statements.csv")
    seed = json.loads((ROOT / "tests" / "data" / "seed_article.gold.json")
                      .read_text("utf-8"))["statements"]
    seed_text = (ROOT / "tests" / "data" / "seed_article.txt").read_text("utf-8")
    plain_input, plain_build = pl.model_input, sm.build_pipeline

    def marked_input(text, s):
        a = s.frame_start if s.frame_start >= 0 else s.start
        b = max(s.frame_end, s.end)
        return _marked(text[a:s.start]) + text[s.start:s.end] + _marked(text[s.end:b])

    def char_build(*a, **k):
        p = plain_build(*a, **k)
        dict(p.named_steps["features"].transformer_list)["char"].named_steps["hash"] \
            .set_params(analyzer="char")
        return p

    def training_rows(variant):
        X, y = [r["text"] for r in rows], [r["label"] for r in rows]
        if variant in ("+ bare rows", "+ framed rows", "frame words marked"):
            seen = {t.strip().rstrip(".\"”") for t in X}
            for k, r in enumerate(rows):
                found = pl.find_statements(r["text"])
                if variant == "frame words marked":
                    if len(found) == 1:
                        s = found[0]
                        t = r["text"]
                        X[k] = _marked(t[:s.start]) + t[s.start:s.end] \
                            + _marked(t[s.end:])
                    continue
                for s in found:
                    t = (r["text"][s.start:s.end] if variant == "+ bare rows"
                         else plain_input(r["text"], s)).strip()
                    if t.rstrip(".\"”") not in seen:
                        seen.add(t.rstrip(".\"”"))
                        X.append(t)
                        y.append(r["label"])
        return X, y

    variants = ["default", "char analyzer", "char analyzer, C 8, cue block 0.9, neutral 2",
                "+ bare rows", "+ framed rows", "frame words marked"]
    print(f"{'variant':<46}{'strict':>8}{'lenient':>9}{'seed':>6}{'framed':>8}"
          f"{'dev lab':>9}{'ho lab':>8}{'rows':>7}")
    for name in args.only or variants:
        pl.model_input = marked_input if name == "frame words marked" else plain_input
        sm.build_pipeline = char_build if name.startswith("char analyzer") else plain_build
        settings = dict(DEFAULT_SETTINGS)
        if name.startswith("char analyzer, C 8"):
            settings.update(C=8.0, cue_weight=0.9, neutral_weight=2.0)
        X, y = training_rows(name)
        m = sm.StanceModel(**settings, random_state=0).fit(X, y)
        r = rd.evaluate(m, items=rd.read_items())
        bare = sum(p in (s["label"], s.get("alt"))
                   for p, s in zip(m.predict([s["text"] for s in seed]), seed))
        found = pl.find_statements(seed_text)
        pairs = match([(s.start, s.end) for s in found], _gold_spans(seed_text, seed))
        pred = m.predict([pl.model_input(seed_text, found[i]) for i, _ in pairs])
        framed = sum(p in (seed[j]["label"], seed[j].get("alt")) for p, (_, j) in zip(pred, pairs))
        dev = evaluate_articles(ROOT / "data" / "articles", m)
        ho = evaluate_articles(ROOT / "data" / "heldout", m)
        print(f"{name:<46}{r['strict']['macro_f1']:>8.4f}{r['lenient']['macro_f1']:>9.4f}"
              f"{bare:>4}/17{framed:>5}/17{dev['label_accuracy']:>9.4f}"
              f"{ho['label_accuracy']:>8.4f}{len(X):>7}", flush=True)
    pl.model_input, sm.build_pipeline = plain_input, plain_build


if __name__ == "__main__":
    main()
