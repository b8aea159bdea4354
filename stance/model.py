"""StanceModel: a plain scikit-learn Pipeline wrapped with its model card.

What is persisted is a plain :class:`sklearn.pipeline.Pipeline` of scikit-learn objects only
(scikit-learn's persistence guide): renaming our modules never breaks a saved model, and
scikit-learn's own version stamp covers every step. :class:`StanceModel` wraps it at load time.

Models are shared between analysts, so loading one must never run code. The pipeline is
written with skops (``stance.skops``), whose loader builds only the types it is told to trust:
:data:`TRUSTED_TYPES` names every type our pipelines are made of, and anything else in a file is
refused before it is built. A pickle or joblib file can run code when it is read, so it is
refused unless the caller passes ``trust_pickle=True`` (``--trust-pickle``). The file's SHA-256
is checked against the model card before anything is read, which catches corruption.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from stance.errors import ModelError
from stance.labels import LABELS
from stance.modelfile import (  # noqa: F401  (re-exported: the model's public helpers)
    ENV_VAR,
    MODEL_NAME,
    MODEL_SUFFIX,
    NORMALIZER,
    PICKLE_SUFFIXES,
    TRUSTED_TYPES,
    Predicting,
    _check_texts,
    normalize,
    normalizer,
    normalizer_sha256,
    resolve_model_path,
    sha256_file,
    shipped_model_dir,
    verify,
)

WORD_PATTERN = r"(?u)\b\w[\w'’-]*\b"
# Hashed features keep the persisted model free of a vocabulary (a 100,000-key dict is 118 MB
# and 5 s to load in skops's format) and let predictions hash n-grams in bulk.
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18


def cue_terms() -> list[str]:
    """The fixed cue vocabulary (``resources/stance_cues.txt``): words and phrases that carry
    an act, counted as binary features of their own when ``features`` includes ``cues``."""
    from stance.lexicon import _lines

    return sorted(set(_lines("stance_cues.txt")))


def _hashed_tfidf(hasher):
    """Counts from ``hasher`` weighted like ``TfidfVectorizer(sublinear_tf=True)``."""
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.pipeline import Pipeline

    return Pipeline([("hash", hasher), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def build_pipeline(features: str = "word+char", C: float = 4.0, random_state: int = 0,
                   classifier: str = "svm-calibrated", char_ngrams=(3, 4),
                   class_weight: dict[str, float] | str = "balanced", cue_weight: float = 1.0):
    """The plain scikit-learn Pipeline for a set of settings (the candidates in training.py)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    word = _hashed_tfidf(HashingVectorizer(
        ngram_range=(1, 2), token_pattern=WORD_PATTERN, lowercase=False,
        n_features=WORD_FEATURES, alternate_sign=False, norm=None, dtype=np.float32))
    char = _hashed_tfidf(HashingVectorizer(
        analyzer="char_wb", ngram_range=tuple(char_ngrams), lowercase=False,
        n_features=CHAR_FEATURES, alternate_sign=False, norm=None, dtype=np.float32))
    parts = {"word": word, "char": char}
    if "cues" in features.split("+"):
        parts["cues"] = CountVectorizer(vocabulary=cue_terms(), ngram_range=(1, 3),
                                        token_pattern=WORD_PATTERN, lowercase=False,
                                        binary=True, dtype=np.float32)
    names = features.split("+")
    unknown = [n for n in names if n not in parts]
    if unknown:
        raise ValueError(f"unknown features {unknown}; expected word, char, cues")
    weights = {"cues": cue_weight} if "cues" in names and cue_weight != 1.0 else None
    feats = parts[names[0]] if len(names) == 1 else FeatureUnion(
        [(n, parts[n]) for n in names], transformer_weights=weights)
    if classifier == "logreg":
        clf = LogisticRegression(C=C, max_iter=3000, class_weight=class_weight,
                                 random_state=random_state)
    elif classifier == "svm-calibrated":
        clf = CalibratedClassifierCV(
            LinearSVC(C=C / 8, class_weight=class_weight, random_state=random_state), cv=3)
    elif classifier == "complement-nb":
        clf = ComplementNB(alpha=0.3)
    else:
        raise ValueError(f"unknown classifier {classifier!r}")
    return Pipeline([("features", feats), ("clf", clf)])


class StanceModel(Predicting, ClassifierMixin, BaseEstimator):
    """Stance classifier for statements: condemning, denying, justifying, requesting, neutral.

    Follows scikit-learn's estimator contract: ``__init__`` only stores settings, ``fit``
    validates and learns ``pipeline_`` and ``classes_``, ``predict_proba`` returns columns in
    ``classes_`` order, which is always :data:`stance.labels.LABELS`.

    Parameters
    ----------
    features : str
        Feature blocks joined by "+": ``word`` (hashed word 1-2-gram TF-IDF), ``char``
        (hashed character n-gram TF-IDF within word boundaries), ``cues`` (0/1 columns for the
        words and phrases of ``resources/stance_cues.txt``).
    C : float
        Inverse regularisation strength of the classifier.
    char_ngrams : (int, int)
        Range of character n-grams (within word boundaries).
    classifier : {"svm-calibrated", "logreg", "complement-nb"}
        A linear SVM whose scores are calibrated into probabilities (sigmoid, 3-fold), chosen
        by leave-one-writer-out comparison; the others are the compared candidates.
    neutral_weight : float
        Weight of neutral examples relative to the others (after balancing the labels):
        real news is about half neutral statements, our written data a fifth.
    cue_weight : float
        Scale of the cue-word columns against the unit-length TF-IDF blocks.
    random_state : int
        Seed for everything random in fitting.
    """

    def __init__(self, features: str = "word+char", C: float = 4.0,
                 classifier: str = "svm-calibrated", char_ngrams: tuple[int, int] = (3, 4),
                 neutral_weight: float = 1.0, cue_weight: float = 1.0,
                 random_state: int = 0) -> None:
        self.features = features
        self.C = C
        self.classifier = classifier
        self.char_ngrams = char_ngrams
        self.neutral_weight = neutral_weight
        self.cue_weight = cue_weight
        self.random_state = random_state

    # -- estimator contract -------------------------------------------------------------
    def fit(self, X: Sequence[str], y: Sequence[str]) -> StanceModel:
        """Fit on statement texts ``X`` and labels ``y`` (every label must occur)."""
        X = _check_texts(X)
        y = [str(v) for v in y]
        if len(X) != len(y):
            raise ValueError(f"{len(X)} texts but {len(y)} labels")
        unknown = sorted(set(y) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown labels {unknown}; expected {list(LABELS)}")
        missing = [lab for lab in LABELS if lab not in set(y)]
        if missing:
            raise ValueError(f"training data has no example of {missing}")
        if self.classifier == "svm-calibrated":
            few = [lab for lab in LABELS if y.count(lab) < 3]
            if few:
                raise ValueError(f"calibration needs at least 3 examples of each label; "
                                 f"too few of {few}")
        self.__dict__.pop("_lean", None)
        self.__dict__.pop("_pipeline_path", None)
        weight: dict[str, float] | str = "balanced"
        if self.neutral_weight != 1.0:
            weight = {lab: len(y) / (len(LABELS) * y.count(lab))
                      * (self.neutral_weight if lab == "neutral" else 1.0) for lab in LABELS}
        self.pipeline_ = build_pipeline(self.features, self.C, self.random_state,
                                        self.classifier, self.char_ngrams, weight,
                                        self.cue_weight).fit([normalize(x) for x in X], y)
        self.classes_ = np.array(LABELS)
        self._order = [list(self.pipeline_.classes_).index(lab) for lab in LABELS]
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in :attr:`labels` order.

        A loaded skops model computes them with :mod:`stance.lean` (the same numbers, to
        float rounding, several times faster); a model fitted in this process with its
        scikit-learn pipeline.
        """
        lean = self.__dict__.get("_lean")
        if lean is None:
            check_is_fitted(self, "pipeline_")
        X = _check_texts(X)
        if not X:
            return np.zeros((0, len(LABELS)))
        if lean is not None:
            return lean.predict_proba(X, normalizer())[:, self._order]
        X = [normalize(x) for x in X]
        return self.pipeline_.predict_proba(X)[:, self._order]

    def __getattr__(self, name: str):
        # a loaded model reads its scikit-learn pipeline only when someone asks for it
        if name == "pipeline_" and "_pipeline_path" in self.__dict__:
            self.__dict__["pipeline_"] = _read_skops(self.__dict__.pop("_pipeline_path"))
            return self.__dict__["pipeline_"]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # -- persistence ------------------------------------------------------------------
    def save(self, directory: str | os.PathLike, card: dict[str, Any]) -> Path:
        """Write ``stance.skops`` and its card ``stance.json`` (and README.md) atomically."""
        from zipfile import ZIP_DEFLATED

        sio = _import_skops_io()
        check_is_fitted(self, "pipeline_")
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".stance-", suffix=".skops.tmp")
        os.close(fd)
        name = f"{MODEL_NAME}{MODEL_SUFFIX}"
        try:
            sio.dump(self.pipeline_, tmp, compression=ZIP_DEFLATED, compresslevel=6)
            card = dict(card)
            card["artifact"] = {"file": name, "format": "skops", "sha256": sha256_file(tmp),
                                "bytes": os.path.getsize(tmp)}
            _atomic_write(d / f"{MODEL_NAME}.json", json.dumps(card, indent=2) + "\n")
            _atomic_write(d / "README.md", render_card(card))
            os.chmod(tmp, 0o644)
            os.replace(tmp, d / name)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self.card_ = card
        return d / name

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, trust_pickle: bool = False
             ) -> StanceModel:
        """Load a model: ``path``, else ``$STANCE_MODEL``, else the shipped model.

        ``path`` may name the model file, its ``.json`` card or their directory. The file's
        SHA-256 must match its card. A skops file is built from :data:`TRUSTED_TYPES` only; a
        pickle/joblib file is refused unless ``trust_pickle`` (it could run code when read).
        A model made with another scikit-learn version loads with a warning naming both.
        """
        from stance import lean

        model_path, card, is_skops = verify(path, trust_pickle)
        params = card.get("settings", {})
        model = cls(**{k: v for k, v in params.items() if k in cls._get_param_names()})
        fast = lean.read(model_path, TRUSTED_TYPES) if is_skops else None
        if fast is not None:
            model._lean = fast
            model._pipeline_path = model_path
            classes = fast.classes_
        else:
            model.pipeline_ = _read_skops(model_path) if is_skops else _read_pickle(model_path)
            classes = model.pipeline_.classes_
        model.classes_ = np.array(LABELS)
        model._order = [list(classes).index(lab) for lab in LABELS]
        model.card_ = card
        model.path_ = model_path
        return model


def _import_skops_io():
    """``skops.io``, imported without building skops's default list of every scikit-learn
    estimator (an import of all of scikit-learn, about a second): stance never relies on that
    list, it names its own :data:`TRUSTED_TYPES`."""
    import sys

    if "skops.io" in sys.modules:
        return sys.modules["skops.io"]
    import sklearn.utils

    every = sklearn.utils.all_estimators
    sklearn.utils.all_estimators = lambda *a, **k: []
    try:
        import skops.io as sio
    finally:
        sklearn.utils.all_estimators = every
    return sio


def _read_skops(path: Path):
    """The pipeline in a skops file, built only if every type in it is trusted and it has the
    shape of a :func:`build_pipeline` result."""
    try:
        sio = _import_skops_io()
    except ImportError:  # pragma: no cover - skops is a dependency
        raise ModelError("reading .skops models needs skops: pip install skops") from None
    try:
        untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
    except Exception as e:
        raise ModelError(f"could not read {path}: {type(e).__name__}: {e}") from None
    if untrusted:
        raise ModelError(f"refusing to load {path}: it contains types stance does not trust "
                         f"({', '.join(untrusted[:5])}{', …' if len(untrusted) > 5 else ''})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pipeline = sio.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as e:  # a verified file that still fails: say what and where
        raise ModelError(f"could not load {path}: {type(e).__name__}: {e}") from None
    unexpected = sorted({f"{type(e).__module__}.{type(e).__qualname__}"
                         for e in _estimators(pipeline)} - set(TRUSTED_TYPES))
    if unexpected or not hasattr(pipeline, "predict_proba") or not hasattr(pipeline,
                                                                            "classes_"):
        raise ModelError(f"refusing to load {path}: not a stance pipeline "
                         f"({', '.join(unexpected) or type(pipeline).__name__})")
    return pipeline


def _read_pickle(path: Path):
    """A pickle/joblib pipeline, for ``--trust-pickle`` only."""
    import joblib

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return joblib.load(path)
    except Exception as e:
        raise ModelError(f"could not load {path}: {type(e).__name__}: {e}") from None


def _estimators(obj) -> list:
    """``obj`` and every estimator nested in it (pipeline steps, union parts, wrapped and
    fitted sub-estimators)."""
    out, todo, seen = [], [obj], set()
    while todo:
        est = todo.pop()
        if id(est) in seen:
            continue
        seen.add(id(est))
        out.append(est)
        kids = [v for _, v in getattr(est, "steps", [])]
        kids += [v for _, v in getattr(est, "transformer_list", [])]
        kids += list(getattr(est, "calibrated_classifiers_", []))
        kids += list(getattr(est, "calibrators", []))
        kids += [getattr(est, a) for a in ("estimator", "estimator_") if hasattr(est, a)]
        todo += [k for k in kids if k is not None and not isinstance(k, str)]
    return out


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def render_card(card: dict[str, Any]) -> str:
    """The model card as Markdown (generated from the JSON card, never edited by hand)."""
    cv = card.get("cv", {})
    lines = [
        f"# Model card: {card.get('name')} {card.get('version')}",
        "",
        "Generated from `stance.json` by `stance train`; do not edit by hand.",
        "",
        f"- created: {card.get('created')}",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in card.get("versions", {}).items()),
        f"- labels: {', '.join(card.get('labels', []))}",
        f"- settings: `{json.dumps(card.get('settings', {}))}`",
        f"- training data: `{card.get('data', {}).get('path')}`, "
        f"{card.get('data', {}).get('rows')} rows, sha256 `{card.get('data', {}).get('sha256')}`",
        f"- artifact sha256: `{card.get('artifact', {}).get('sha256')}`",
        "",
    ]
    rd = card.get("realdev")
    if rd:
        lines += [
            "## Headline: macro-F1 on real news",
            "",
            f"On {rd['items']} statements of {rd['articles']} real articles "
            "(`stance evaluate --realdev`; 95 % intervals from resampling articles):",
            "",
            f"- strict (the settled label): **{rd['strict']['macro_f1']}** "
            f"[{rd['strict']['interval95'][0]}, {rd['strict']['interval95'][1]}]",
            f"- lenient (a second defensible label counts): **{rd['lenient']['macro_f1']}** "
            f"[{rd['lenient']['interval95'][0]}, {rd['lenient']['interval95'][1]}]",
            f"- beside it, leave-one-writer-out on our written statements: {cv.get('macro_f1')}",
            "",
            "| label | F1 strict | F1 lenient |",
            "|---|---|---|",
        ]
        for lab in card.get("labels", []):
            lines.append(f"| {lab} | {rd['strict']['per_label_f1'].get(lab)} | "
                         f"{rd['lenient']['per_label_f1'].get(lab)} |")
        lines.append("")
    lines += [
        f"## Cross-validated scores ({cv.get('scheme')})",
        "",
        f"Macro-F1: **{cv.get('macro_f1')}** (accuracy {cv.get('accuracy')})",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for lab, r in cv.get("per_label", {}).items():
        lines.append(f"| {lab} | {r['precision']} | {r['recall']} | {r['f1']} | {r['support']} |")
    if cv.get("per_writer"):
        lines += ["", "Per held-out writer (macro-F1): " + ", ".join(
            f"{w} {v}" for w, v in cv["per_writer"].items())]
    cm = cv.get("confusion_matrix")
    if cm:
        labs = card.get("labels", [])
        lines += ["", "Confusion matrix (rows: true, columns: predicted)", "",
                  "| | " + " | ".join(labs) + " |", "|---" * (len(labs) + 1) + "|"]
        for lab, row in zip(labs, cm):
            lines.append(f"| {lab} | " + " | ".join(str(v) for v in row) + " |")
    comp = card.get("comparison")
    if comp:
        real = any("real_text_lenient" in row for row in comp)
        lines += ["", "## Candidates compared" + (" (ranked by real-text lenient macro-F1)"
                                                   if real else ""), "",
                  "| candidate | real-text strict | real-text lenient | leave-one-writer-out "
                  "| statements/s |", "|---|---|---|---|---|"]
        for row in comp:
            lines.append(f"| {row['candidate']} | {row.get('real_text_strict', '')} | "
                         f"{row.get('real_text_lenient', '')} | {row['lowo_macro_f1']} | "
                         f"{row.get('statements_per_s', '')} |")
    lines += ["", "The model is a skops file: `StanceModel.load` checks its SHA-256 against this "
              "card and builds only the scikit-learn types it trusts, so loading runs no code."]
    return "\n".join(lines) + "\n"
