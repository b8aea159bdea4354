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
  training and prediction alike, so the frame's words are features of their own;
- **char and char_wb**: both character blocks side by side (the cross-word one at weight 1,
  then 0.5);
- **negation with its subject**: two more fixed-vocabulary blocks count a negation that follows
  a first-person word ("we did not") apart from one that follows a third-person word ("he
  does not"), since real criticism worded with "not" reads as denial;
- **opening verb**: the first word of the input (after an -ly adverb and quote marks) as a
  feature when it is a verb from a list of common imperatives ("Stop …", "completely assess …");
- **generic speech verbs removed**: "said", "told", "added", "noted" and their forms are taken
  out of what the model reads, in training and prediction alike (the written data attributes
  requests with "urged" and justifications with "said", a writers' habit);
- **char and char_wb averaged**: the default model and the cross-word one, probabilities
  averaged;
- **sentiment lexicon scores**: VADER's and TextBlob's general-English sentiment scores as
  five more columns (weight 0.3; needs ``pip install vaderSentiment textblob``);
- **rows the model doubts dropped**: training rows whose label a 5-fold model gives less than
  0.05 are left out (confident learning; 93 rows).

``--priors`` instead re-weights the default model's probabilities per label (real news is
about half neutral statements and few denials; the written data is balanced) and scores each
weighting.

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


# common verbs of command, for the "opening verb" probe (written for the project)
IMPERATIVES = """
stop halt end cease withdraw release return respect allow let lift ease open close reopen resume
restore protect ensure guarantee take give bring keep hold abide comply refrain avoid prevent
prepare assess review investigate examine consider reconsider reverse cancel suspend drop abandon
accept reject condemn support back join sign ratify implement honour honor uphold fulfil fulfill
provide deliver send grant pay fund help save free pull pursue seek engage negotiate talk listen
act move show tell explain clarify answer apologise apologize vote elect choose decide remember
learn understand think imagine look stand unite come go leave get put make do be never
"""


def _marked(seg: str) -> str:
    return re.sub(r"(?<!\S)(\w)", "\u0192\\1", seg)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", default=None, help="variant name (repeat)")
    ap.add_argument("--priors", action="store_true",
                    help="re-weight the shipped model's probabilities per label instead")
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

    def extra_build(blocks, weights=None):
        def build(*a, **k):
            p = plain_build(*a, **k)
            feats = p.named_steps["features"]
            feats.transformer_list.extend(blocks())
            if weights:
                feats.transformer_weights = {**(feats.transformer_weights or {}), **weights}
            return p
        return build

    def cross_word():
        from copy import deepcopy
        block = deepcopy(dict(plain_build().named_steps["features"].transformer_list)["char"])
        block.named_steps["hash"].set_params(
            analyzer="char", ngram_range=tuple(DEFAULT_SETTINGS.get("char_ngrams", (2, 5))))
        return [("charx", block)]

    def negation_subject():
        from sklearn.feature_extraction.text import CountVectorizer
        neg = r"(?:\s+|(?<=[a-z]))(not|never|no|nothing|none|n't|n’t)\b"
        vocab = ["not", "never", "no", "nothing", "none", "n't", "n’t"]
        between = r"\b(?:\s+\w+){0,3}?"
        return [(name, CountVectorizer(vocabulary=vocab, token_pattern=r"(?i)\b(?:" + who + ")"
                                       + between + neg, lowercase=True, binary=True,
                                       dtype="float32"))
                for name, who in (("neg1", "i|we|our|my|us|me"),
                                  ("neg3", "he|she|they|it|his|her|their|its|this|that"))]

    def opening_verb():
        from sklearn.feature_extraction.text import CountVectorizer
        return [("opening", CountVectorizer(vocabulary=sorted(set(IMPERATIVES.split())),
                                            token_pattern=r"^[\"“‘'«\s]*(?:[A-Za-z]+ly\s+)?"
                                            r"([A-Za-z]+)", lowercase=True, binary=True,
                                            dtype="float32"))]

    def lexicon_scores():
        # VADER's and TextBlob's general-English sentiment scores (pip install vaderSentiment
        # textblob): negative, positive, compound; polarity, subjectivity
        from sklearn.preprocessing import FunctionTransformer
        from textblob import TextBlob
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        va = SentimentIntensityAnalyzer()

        def scores(texts):
            import numpy as np
            out = []
            for t in texts:
                v, b = va.polarity_scores(t), TextBlob(t).sentiment
                out.append([v["neg"], v["pos"], v["compound"], b.polarity, b.subjectivity])
            return np.array(out) * 0.3
        return [("lexicons", FunctionTransformer(scores))]

    builds = {"char and char_wb": extra_build(cross_word),
              "char and char_wb, cross-word block 0.5": extra_build(cross_word, {"charx": 0.5}),
              "negation with its subject": extra_build(negation_subject),
              "opening verb": extra_build(opening_verb),
              "sentiment lexicon scores": extra_build(lexicon_scores)}

    if args.priors:
        from stance.model import StanceModel
        m = StanceModel.load()
        items = rd.read_items()
        P = m.predict_proba([it.model_input for it in items])
        PS = m.predict_proba([s["text"] for s in seed])
        labels = list(m.classes_)
        print(f"{'weights':<36}{'strict':>8}{'lenient':>9}{'seed':>6}")
        for w in ({}, {"neutral": 1.5}, {"neutral": 2.0}, {"neutral": 3.0},
                  {"neutral": 1.5, "condemning": 0.8}, {"condemning": 0.8},
                  {"denying": 0.6}, {"denying": 0.4}, {"denying": 0.2}):
            vec = [w.get(lab, 1.0) for lab in labels]
            r = rd.score(items, [labels[i] for i in (P * vec).argmax(1)])
            ok = sum(labels[i] in (s["label"], s.get("alt"))
                     for i, s in zip((PS * vec).argmax(1), seed))
            name = ", ".join(f"{k} x{v}" for k, v in w.items()) or "none"
            print(f"{name:<36}{r['strict']['macro_f1']:>8.4f}{r['lenient']['macro_f1']:>9.4f}"
                  f"{ok:>4}/17", flush=True)
        return

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

    plain_normalize = sm.normalize
    generic = re.compile(r"\b(said|says|say|saying|told|tells|telling|added|adds|adding|noted|"
                         r"notes|noting|stated)\b")

    def without_generic(text):
        return generic.sub("", plain_normalize(text))

    class Averaged(sm.Predicting):
        """The default model and the cross-word char one, probabilities averaged."""

        def __init__(self, a, b):
            self.a, self.b, self.card_ = a, b, {}

        def predict_proba(self, X):
            return (self.a.predict_proba(X) + self.b.predict_proba(X)) / 2

    def doubted(X, y):
        """Rows whose label a 5-fold model gives less than 0.05 (confident learning)."""
        import numpy as np
        from sklearn.model_selection import StratifiedKFold

        X, y = np.array(X, dtype=object), np.array(y)
        keep = np.ones(len(y), bool)
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
            f = sm.StanceModel(**DEFAULT_SETTINGS, random_state=0).fit(list(X[tr]), list(y[tr]))
            p = f.predict_proba(list(X[te]))
            keep[te] = p[np.arange(len(te)), [list(f.classes_).index(v) for v in y[te]]] >= 0.05
        return list(X[keep]), list(y[keep])

    variants = ["default", "char analyzer", "char analyzer, C 8, cue block 0.9, neutral 2",
                "+ bare rows", "+ framed rows", "frame words marked", *builds,
                "generic speech verbs removed", "char and char_wb averaged",
                "rows the model doubts dropped"]
    try:
        import textblob  # noqa: F401
        import vaderSentiment  # noqa: F401
    except ImportError:
        variants.remove("sentiment lexicon scores")  # needs the two packages
    print(f"{'variant':<46}{'strict':>8}{'lenient':>9}{'seed':>6}{'framed':>8}"
          f"{'dev lab':>9}{'ho lab':>8}{'rows':>7}")
    for name in args.only or variants:
        pl.model_input = marked_input if name == "frame words marked" else plain_input
        sm.build_pipeline = (char_build if name.startswith("char analyzer")
                             else builds.get(name, plain_build))
        settings = dict(DEFAULT_SETTINGS)
        if name.startswith("char analyzer, C 8"):
            settings.update(C=8.0, cue_weight=0.9, neutral_weight=2.0)
        sm.normalize = without_generic if name == "generic speech verbs removed" \
            else plain_normalize
        X, y = training_rows(name)
        if name == "rows the model doubts dropped":
            X, y = doubted(X, y)
        m = sm.StanceModel(**settings, random_state=0).fit(X, y)
        if name == "char and char_wb averaged":
            sm.build_pipeline = char_build
            m = Averaged(m, sm.StanceModel(**settings, random_state=0).fit(X, y))
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
    pl.model_input, sm.build_pipeline, sm.normalize = plain_input, plain_build, plain_normalize


if __name__ == "__main__":
    main()
