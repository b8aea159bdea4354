"""The model file and its card, without scikit-learn: finding, verifying, predicting.

Why a module of its own: ``stance classify "..."`` must start in well under a second, and
importing scikit-learn (with SciPy's statistics) costs about that alone. Everything needed to
find the model, check it against its card and compute its probabilities with
:mod:`stance.lean` lives here; :mod:`stance.model` (the scikit-learn estimator, training and
saving) builds on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from stance import lexicon
from stance.errors import ModelError
from stance.labels import LABELS
from stance.schema import Classification

MODEL_NAME = "stance"
MODEL_SUFFIX = ".skops"
ENV_VAR = "STANCE_MODEL"
# Every type a pipeline of build_pipeline() is made of (skops's own trust list for numpy and
# builtins covers the arrays and containers inside them). Loading refuses anything else.
TRUSTED_TYPES = (
    "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.CountVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.naive_bayes.ComplementNB",
)
PICKLE_SUFFIXES = (".joblib", ".pkl", ".pickle")
NORMALIZER = ("respun.tsv",)


def normalizer_sha256() -> str:
    """One hash over the data files :func:`normalize` reads, recorded in the model card."""
    import hashlib

    return hashlib.sha256("".join(lexicon.resource_sha256(n) for n in NORMALIZER).encode()
                          ).hexdigest()


def _phrases_re(table: dict[str, str]):
    import re

    return re.compile(r"(?<!\w)(" + "|".join(
        re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")(?!\w)")


@lru_cache(maxsize=1)
def _respun_re():
    table = lexicon.respun()
    return _phrases_re(table), table


def normalize(text: str) -> str:
    """Text as the model reads it: common synonym-spinner swaps undone.

    Machine-reworded news is real input; the model reads it with the swaps undone ("pretend
    information" -> "fake news", ``resources/respun.tsv``), in training and prediction alike.
    """
    # both vectorizers lower-case anyway; matching on lower case is twice as fast
    return normalizer().sub(text.lower())


class Normalizer:
    """:func:`normalize` as :mod:`stance.lean` uses it on texts it splits at whitespace:
    ``sub`` normalises a lower-cased text, and ``spaced`` lists the first two words of every
    phrase with a space in it. A phrase without whitespace can only match inside one token,
    so a text is changed only if ``sub`` changes one of its tokens alone, or if a token ending
    with a phrase's first word is followed by one starting with its second. ``spaced`` is
    ``None`` when a phrase has other whitespace (then every text goes through ``sub``)."""

    def __init__(self, table: dict[str, str] | None = None) -> None:
        # (another ``table``, lower-case phrase -> replacement, is for tests)
        if table is None:
            self.pattern, self.table = _respun_re()
        else:
            self.pattern, self.table = _phrases_re(table), table
        self.spaced: list[tuple[str, str]] | None = []
        for k in self.table:
            if k.split() == [k]:
                continue  # no whitespace: matched inside one token
            parts = k.split(" ")
            if any(p.split() != [p] for p in parts):
                self.spaced = None
                break
            self.spaced.append((parts[0], parts[1]))

    def sub(self, low: str) -> str:
        """``low`` (lower-cased) with the spinner's phrases undone."""
        table = self.table
        return self.pattern.sub(lambda m: table[m.group(1)], low)


@lru_cache(maxsize=1)
def normalizer() -> Normalizer:
    """The :class:`Normalizer` of :func:`normalize` (built once)."""
    return Normalizer()


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def shipped_model_dir() -> Path:
    """Where the shipped model lives: ``models/`` in a checkout, ``stance/_model`` in a wheel."""
    packaged = Path(str(files("stance").joinpath("_model")))
    if (packaged / f"{MODEL_NAME}{MODEL_SUFFIX}").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "models"


def resolve_model_path(path: str | os.PathLike | None = None) -> tuple[Path, Path]:
    """(model file, card file) for ``path``, ``$STANCE_MODEL`` or the shipped model.

    A directory holds ``stance.skops`` (or, from older versions, ``stance.joblib``) beside
    ``stance.json``; a card names its model file.
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    p = Path(path) if path is not None else shipped_model_dir()
    if p.is_dir():
        for suffix in (MODEL_SUFFIX, *PICKLE_SUFFIXES):
            if (p / f"{MODEL_NAME}{suffix}").is_file():
                return p / f"{MODEL_NAME}{suffix}", p / f"{MODEL_NAME}.json"
        return p / f"{MODEL_NAME}{MODEL_SUFFIX}", p / f"{MODEL_NAME}.json"
    if p.suffix == ".json":
        for suffix in (MODEL_SUFFIX, *PICKLE_SUFFIXES):
            if p.with_suffix(suffix).is_file():
                return p.with_suffix(suffix), p
        return p.with_suffix(MODEL_SUFFIX), p
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




def _is_zip(path: Path) -> bool:
    """A skops file is a zip archive; anything else is treated as a pickle."""
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04"


def _installed(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def verify(path: str | os.PathLike | None = None, trust_pickle: bool = False
           ) -> tuple[Path, dict[str, Any], bool]:
    """(model file, card, is skops) for ``path``, after every check that needs no unpickling.

    The file's SHA-256 must match its card (corruption); a file that is not a skops archive is
    refused unless ``trust_pickle`` (it could run code when read). Warns when the normalisation
    tables or the scikit-learn version differ from the card's.
    """
    model_path, card_path = resolve_model_path(path)
    if not model_path.is_file():
        raise ModelError(f"model file not found: {model_path}")
    if not card_path.is_file():
        raise ModelError(f"model card not found: {card_path} (needed to verify the model)")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        expected = card["artifact"]["sha256"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise ModelError(f"model card {card_path} is malformed: {e}") from None
    actual = sha256_file(model_path)
    if actual != expected:
        raise ModelError(
            f"refusing to load {model_path}: its SHA-256 {actual[:12]}… does not match "
            f"the card's {str(expected)[:12]}… (corrupted or tampered; retrain or reinstall)")
    is_skops = _is_zip(model_path)
    if not is_skops and not trust_pickle:
        raise ModelError(
            f"refusing to load {model_path}: it is not a skops file, and a pickle/joblib "
            f"file can run any code when it is read; use a .skops model (`stance train`), "
            f"or pass --trust-pickle if you trust whoever made this file")
    if card.get("normalizer_sha256") not in (None, normalizer_sha256()):
        warnings.warn(f"the normalisation tables ({', '.join(NORMALIZER)}) changed since "
                      f"{model_path.name} was trained: retrain with `stance train`",
                      UserWarning, stacklevel=3)
    trained_with = card.get("versions", {}).get("scikit-learn")
    installed = _installed("scikit-learn")
    if trained_with and trained_with != installed:
        warnings.warn(
            f"model {model_path.name} was trained with scikit-learn {trained_with} but "
            f"scikit-learn {installed} is installed; predictions may differ: "
            f"retrain with `stance train` or install scikit-learn=={trained_with}",
            UserWarning, stacklevel=3)
    return model_path, card, is_skops


class Predicting:
    """What every loaded stance model offers beyond ``predict_proba``: labels, records with
    confidences, its card and a summary for result files."""

    card_: dict[str, Any]

    @property
    def labels(self) -> tuple[str, ...]:
        """The label of each ``predict_proba`` column."""
        return LABELS

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def predict(self, X: Sequence[str]) -> list[str]:
        """The most probable label per text (ties break by label order)."""
        proba = self.predict_proba(X)
        return [LABELS[i] for i in proba.argmax(axis=1)]

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


class FastModel(Predicting):
    """A verified skops model predicting through :mod:`stance.lean` (numpy only): the same
    probabilities as :class:`stance.model.StanceModel`, without importing scikit-learn."""

    def __init__(self, lean, card: dict[str, Any], path: Path) -> None:
        self._lean = lean
        self._order = [list(lean.classes_).index(lab) for lab in LABELS]
        self.card_ = card
        self.path_ = path

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in :attr:`labels` order."""
        X = _check_texts(X)
        if not X:
            return np.zeros((0, len(LABELS)))
        return self._lean.predict_proba(X, normalizer())[:, self._order]


def load_fast(path: str | os.PathLike | None = None, trust_pickle: bool = False):
    """The model for prediction: a :class:`FastModel` when the file is a pipeline
    :mod:`stance.lean` computes, else :meth:`stance.model.StanceModel.load` (same checks)."""
    from stance import lean

    model_path, card, is_skops = verify(path, trust_pickle)
    fast = lean.read(model_path, TRUSTED_TYPES) if is_skops else None
    if fast is None:
        from stance.model import StanceModel

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # verify() above has warned already
            return StanceModel.load(path, trust_pickle=trust_pickle)
    return FastModel(fast, card, model_path)
