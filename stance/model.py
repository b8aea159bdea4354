"""StanceModel: a plain scikit-learn Pipeline wrapped with its model card.

What is persisted is a plain :class:`sklearn.pipeline.Pipeline` of scikit-learn objects only
(scikit-learn's persistence guide): renaming our modules never breaks a saved model, and
scikit-learn's own version stamp covers every step. :class:`StanceModel` wraps it at load time.

A joblib file can run code when it is loaded, so :meth:`StanceModel.load` checks the file's
SHA-256 against the model card *before* unpickling and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from stance import lexicon
from stance.errors import ModelError
from stance.labels import LABELS
from stance.schema import Classification

MODEL_NAME = "stance"
ENV_VAR = "STANCE_MODEL"
NORMALIZER = ("respun.tsv",)


def normalizer_sha256() -> str:
    """One hash over the data files :func:`normalize` reads, recorded in the model card."""
    import hashlib

    return hashlib.sha256("".join(lexicon.resource_sha256(n) for n in NORMALIZER).encode()
                          ).hexdigest()


@lru_cache(maxsize=1)
def _respun_re():
    import re

    table = lexicon.respun()
    pattern = re.compile(r"(?<!\w)(" + "|".join(
        re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")(?!\w)")
    return pattern, table


def normalize(text: str) -> str:
    """Text as the model reads it: common synonym-spinner swaps undone.

    Machine-reworded news is real input; the model reads it with the swaps undone ("pretend
    information" -> "fake news", ``resources/respun.tsv``), in training and prediction alike.
    """
    pattern, table = _respun_re()
    # both vectorizers lower-case anyway; matching on lower case is twice as fast
    return pattern.sub(lambda m: table[m.group(1)], text.lower())


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_pipeline(features: str = "word+char", C: float = 4.0, random_state: int = 0,
                   classifier: str = "svm-calibrated", char_ngrams=(3, 4)):
    """The plain scikit-learn Pipeline for a set of settings (the candidates in train.py)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                           token_pattern=r"(?u)\b\w[\w'’-]*\b", dtype=np.float32)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(char_ngrams), sublinear_tf=True,
                           min_df=2, dtype=np.float32, max_features=200_000)
    if features == "word":
        feats = word
    elif features == "char":
        feats = char
    else:
        feats = FeatureUnion([("word", word), ("char", char)])
    if classifier == "logreg":
        clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced",
                                 random_state=random_state)
    elif classifier == "svm-calibrated":
        clf = CalibratedClassifierCV(
            LinearSVC(C=C / 8, class_weight="balanced", random_state=random_state), cv=3)
    elif classifier == "complement-nb":
        clf = ComplementNB(alpha=0.3)
    else:
        raise ValueError(f"unknown classifier {classifier!r}")
    return Pipeline([("features", feats), ("clf", clf)])


class StanceModel(ClassifierMixin, BaseEstimator):
    """Stance classifier for statements: condemning, denying, justifying, requesting, neutral.

    Follows scikit-learn's estimator contract: ``__init__`` only stores settings, ``fit``
    validates and learns ``pipeline_`` and ``classes_``, ``predict_proba`` returns columns in
    ``classes_`` order, which is always :data:`stance.labels.LABELS`.

    Parameters
    ----------
    features : {"word+char", "word", "char"}
        TF-IDF features: word 1-2-grams, character 2-5-grams, or both.
    C : float
        Inverse regularisation strength of the classifier.
    char_ngrams : (int, int)
        Range of character n-grams (within word boundaries).
    classifier : {"svm-calibrated", "logreg", "complement-nb"}
        A linear SVM whose scores are calibrated into probabilities (sigmoid, 3-fold), chosen
        by leave-one-writer-out comparison; the others are the compared candidates.
    random_state : int
        Seed for everything random in fitting.
    """

    def __init__(self, features: str = "word+char", C: float = 4.0,
                 classifier: str = "svm-calibrated", char_ngrams: tuple[int, int] = (3, 4),
                 random_state: int = 0) -> None:
        self.features = features
        self.C = C
        self.classifier = classifier
        self.char_ngrams = char_ngrams
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
        self.pipeline_ = build_pipeline(self.features, self.C, self.random_state,
                                        self.classifier, self.char_ngrams
                                        ).fit([normalize(x) for x in X], y)
        self.classes_ = np.array(LABELS)
        self._order = [list(self.pipeline_.classes_).index(lab) for lab in LABELS]
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in :attr:`labels` order."""
        check_is_fitted(self, "pipeline_")
        X = _check_texts(X)
        if not X:
            return np.zeros((0, len(LABELS)))
        return self.pipeline_.predict_proba([normalize(x) for x in X])[:, self._order]

    def predict(self, X: Sequence[str]) -> list[str]:
        """The most probable label per text (ties break by label order)."""
        proba = self.predict_proba(X)
        return [LABELS[i] for i in proba.argmax(axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # -- conveniences -----------------------------------------------------------------
    @property
    def labels(self) -> tuple[str, ...]:
        """The label of each ``predict_proba`` column."""
        return LABELS

    def classify(self, texts: Iterable[str], min_confidence: float = 0.0) -> list[Classification]:
        """Label texts and return records with ``label``, ``confidence`` and ``probabilities``.

        A prediction whose confidence is below ``min_confidence`` is sent to ``neutral``:
        its ``confidence`` is then neutral's probability, and ``model_label`` keeps the label
        the model gave (probabilities are kept as they are).
        """
        texts = list(texts)
        proba = self.predict_proba(texts)
        neutral = LABELS.index("neutral")
        out = []
        for text, row in zip(texts, proba):
            i = int(row.argmax())
            j = i if row[i] >= min_confidence else neutral
            out.append(Classification(text, LABELS[j], float(row[j]),
                                      {lab: float(p) for lab, p in zip(LABELS, row)},
                                      model_label=LABELS[i]))
        return out

    @property
    def card(self) -> dict[str, Any]:
        """The model card (versions, data hash, settings, measured scores)."""
        return getattr(self, "card_", {})

    def summary(self) -> dict[str, Any]:
        """A short description for result files: name, version, macro-F1, data hash."""
        c = self.card
        return {
            "name": c.get("name", MODEL_NAME),
            "version": c.get("version"),
            "created": c.get("created"),
            "macro_f1_leave_one_writer_out": c.get("cv", {}).get("macro_f1"),
            "artifact_sha256": c.get("artifact", {}).get("sha256"),
        }

    # -- persistence ------------------------------------------------------------------
    def save(self, directory: str | os.PathLike, card: dict[str, Any]) -> Path:
        """Write ``stance.joblib`` and its card ``stance.json`` (and README.md) atomically."""
        import joblib

        check_is_fitted(self, "pipeline_")
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".stance-", suffix=".joblib.tmp")
        os.close(fd)
        try:
            _drop_volatile(self.pipeline_)
            joblib.dump(self.pipeline_, tmp, compress=3)
            card = dict(card)
            card["artifact"] = {"file": f"{MODEL_NAME}.joblib", "sha256": sha256_file(tmp),
                                "bytes": os.path.getsize(tmp)}
            _atomic_write(d / f"{MODEL_NAME}.json", json.dumps(card, indent=2) + "\n")
            _atomic_write(d / "README.md", render_card(card))
            os.chmod(tmp, 0o644)
            os.replace(tmp, d / f"{MODEL_NAME}.joblib")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self.card_ = card
        return d / f"{MODEL_NAME}.joblib"

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> StanceModel:
        """Load a model: ``path``, else ``$STANCE_MODEL``, else the shipped model.

        ``path`` may name the ``.joblib`` file, its ``.json`` card or their directory.
        The file's SHA-256 must match its card; a model made with another scikit-learn
        version loads with a warning naming both versions.
        """
        import joblib
        import sklearn

        joblib_path, card_path = resolve_model_path(path)
        if not joblib_path.is_file():
            raise ModelError(f"model file not found: {joblib_path}")
        if not card_path.is_file():
            raise ModelError(f"model card not found: {card_path} (needed to verify the model)")
        try:
            card = json.loads(card_path.read_text(encoding="utf-8"))
            expected = card["artifact"]["sha256"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
            raise ModelError(f"model card {card_path} is malformed: {e}") from None
        actual = sha256_file(joblib_path)
        if actual != expected:
            raise ModelError(
                f"refusing to load {joblib_path}: its SHA-256 {actual[:12]}… does not match "
                f"the card's {str(expected)[:12]}… (corrupted or tampered; retrain or reinstall)")
        if card.get("normalizer_sha256") not in (None, normalizer_sha256()):
            warnings.warn(f"the normalisation tables ({', '.join(NORMALIZER)}) changed since "
                          f"{joblib_path.name} was trained: retrain with `stance train`",
                          UserWarning, stacklevel=2)
        trained_with = card.get("versions", {}).get("scikit-learn")
        if trained_with and trained_with != sklearn.__version__:
            warnings.warn(
                f"model {joblib_path.name} was trained with scikit-learn {trained_with} but "
                f"scikit-learn {sklearn.__version__} is installed; predictions may differ: "
                f"retrain with `stance train` or install scikit-learn=={trained_with}",
                UserWarning, stacklevel=2)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pipeline = joblib.load(joblib_path)
        except Exception as e:  # a verified file that still fails: say what and where
            raise ModelError(f"could not load {joblib_path}: {type(e).__name__}: {e}") from None
        params = card.get("settings", {})
        model = cls(**{k: v for k, v in params.items() if k in cls._get_param_names()})
        model.pipeline_ = pipeline
        model.classes_ = np.array(LABELS)
        model._order = [list(pipeline.classes_).index(lab) for lab in LABELS]
        model.card_ = card
        model.path_ = joblib_path
        return model


def _drop_volatile(pipeline) -> None:
    """Remove fitted state that holds a memory address, so the same training gives the same
    bytes: a vectorizer's ``_stop_words_id`` is ``id(stop_words)``, a cache key that
    scikit-learn reads with a default when it is absent."""
    steps = [pipeline]
    while steps:
        est = steps.pop()
        if hasattr(est, "_stop_words_id"):
            del est._stop_words_id
        for v in getattr(est, "get_params", lambda deep=False: {})(deep=False).values():
            if hasattr(v, "get_params"):
                steps.append(v)
        for _, v in getattr(est, "transformer_list", []) + list(getattr(est, "steps", [])):
            if hasattr(v, "get_params"):
                steps.append(v)


def shipped_model_dir() -> Path:
    """Where the shipped model lives: ``models/`` in a checkout, ``stance/_model`` in a wheel."""
    packaged = Path(str(files("stance").joinpath("_model")))
    if (packaged / f"{MODEL_NAME}.joblib").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "models"


def resolve_model_path(path: str | os.PathLike | None = None) -> tuple[Path, Path]:
    """(joblib file, card file) for ``path``, ``$STANCE_MODEL`` or the shipped model."""
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    p = Path(path) if path is not None else shipped_model_dir()
    if p.is_dir():
        return p / f"{MODEL_NAME}.joblib", p / f"{MODEL_NAME}.json"
    if p.suffix == ".json":
        return p.with_suffix(".joblib"), p
    return p, p.with_suffix(".json")


def _check_texts(X) -> list[str]:
    if isinstance(X, str):
        raise ValueError("expected a list of texts, got a single string")
    out = []
    for i, x in enumerate(X):
        if not isinstance(x, str):
            raise ValueError(f"text {i} is {type(x).__name__}, not str")
        out.append(x)
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
        lines += ["", "## Candidates compared (leave-one-writer-out macro-F1)", "",
                  "| candidate | leave-one-writer-out macro-F1 | grouped 5-fold macro-F1 | "
                  "statements/s |", "|---|---|---|---|"]
        for row in comp:
            lines.append(f"| {row['candidate']} | {row['lowo_macro_f1']} | "
                         f"{row.get('group5_macro_f1', '')} | "
                         f"{row.get('statements_per_s', '')} |")
    lines += ["", "A joblib file can run code when loaded: `StanceModel.load` checks the file's "
              "SHA-256 against this card before unpickling."]
    return "\n".join(lines) + "\n"
