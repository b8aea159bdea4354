"""Scores of a label model on real news: the real-text development set.

``data/realdev/realdev.csv`` holds statements found in real articles (the PolNeAR train split,
read from ``../shared/polnear``) as standoff only: ``file,start,end,frame_start,frame_end,label,
label_a,label_b,alt,speaker,kind,cue``, offsets into ``train/text/FILE.txt``. No sentence of
those articles is stored in the project, so the set can be scored only where the articles are.

It is the judge of label models, never training data: leave-one-writer-out on our own written
statements sits well above the real figure and barely ranks candidates. Scores are macro-F1
strict (the settled ``label``) and lenient (``label`` or the defensible second label ``alt``),
each with a 95 % bootstrap interval that resamples *articles* (statements of one article are
not independent), plus per-label F1 and the confusion matrix.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from stance.errors import DataError
from stance.labels import LABELS

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("file", "start", "end", "frame_start", "frame_end", "label", "alt", "kind")
ENV_VAR = "STANCE_POLNEAR"
N_BOOT = 1000


def default_csv() -> Path:
    return ROOT / "data" / "realdev" / "realdev.csv"


def default_text_dir() -> Path:
    """``$STANCE_POLNEAR/train/text``, else ``../shared/polnear/train/text`` beside the project."""
    base = Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else \
        ROOT.parent / "shared" / "polnear"
    return base / "train" / "text"


def unavailable(csv_path: str | Path | None = None, text_dir: str | Path | None = None
                ) -> str | None:
    """Why the set cannot be scored here (one line), or ``None`` when it can."""
    c = Path(csv_path) if csv_path is not None else default_csv()
    t = Path(text_dir) if text_dir is not None else default_text_dir()
    if not t.is_dir():
        return f"real-text set skipped: the articles are not here ({t})"
    if not c.is_file():
        return f"real-text set skipped: {c} not found"
    return None


@dataclass(frozen=True)
class Item:
    """One labelled statement of the set, with the text the model reads for it."""

    file: str
    label: str
    alt: str
    kind: str
    model_input: str


def read_items(csv_path: str | Path | None = None, text_dir: str | Path | None = None
               ) -> list[Item]:
    """The set's statements with their model input (see :func:`stance.pipeline.model_input`).

    Raises :class:`DataError` naming the file and line of anything malformed.
    """
    from stance.pipeline import model_input

    c = Path(csv_path) if csv_path is not None else default_csv()
    t = Path(text_dir) if text_dir is not None else default_text_dir()
    try:
        reader = csv.DictReader(io.StringIO(c.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"cannot read {c}: {e}") from None
    missing = [k for k in COLUMNS if k not in (reader.fieldnames or [])]
    if missing:
        raise DataError(f"{c}: missing column(s) {', '.join(missing)}")
    texts: dict[str, str] = {}
    items = []
    for n, row in enumerate(reader, start=2):
        name = row["file"]
        path = t / (name if name.endswith(".txt") else name + ".txt")
        if name not in texts:
            try:
                texts[name] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise DataError(f"{c}, line {n}: cannot read {path}: {e}") from None
        text = texts[name]
        try:
            start, end = int(row["start"]), int(row["end"])
            fs = int(row["frame_start"]) if (row["frame_start"] or "").strip() else -1
            fe = int(row["frame_end"]) if (row["frame_end"] or "").strip() else -1
        except ValueError:
            raise DataError(f"{c}, line {n}: offsets must be integers") from None
        if not 0 <= start < end <= len(text) or fe > len(text):
            raise DataError(f"{c}, line {n}: span {start}-{end} is outside {path.name}")
        label, alt = row["label"].strip(), (row["alt"] or "").strip()
        if label not in LABELS or (alt and alt not in LABELS):
            raise DataError(f"{c}, line {n}: unknown label {label!r}/{alt!r}")
        kind = row["kind"].strip()
        if kind not in ("direct", "reported"):
            raise DataError(f"{c}, line {n}: kind must be direct or reported, not {kind!r}")
        s = SimpleNamespace(text=text[start:end], start=start, end=end, kind=kind,
                            frame_start=fs, frame_end=fe, cue=(row.get("cue") or "").strip()
                            or None)
        items.append(Item(name, label, alt, kind, model_input(text, s)))
    if not items:
        raise DataError(f"{c} has no rows")
    return items


def _f1(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-label F1 from confusion matrices (..., k, k), rows true, and the macro-F1 over the
    labels that occur (as truth or prediction), as scikit-learn's ``f1_score`` computes it."""
    tp = np.diagonal(cm, axis1=-2, axis2=-1).astype(float)
    denom = cm.sum(axis=-1) + cm.sum(axis=-2)
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    return f1, f1.sum(axis=-1) / np.maximum((denom > 0).sum(axis=-1), 1)


def score(items: list[Item], predicted: list[str], seed: int = 0, n_boot: int = N_BOOT
          ) -> dict[str, Any]:
    """Strict and lenient macro-F1 with bootstrap intervals over articles, per-label F1 and
    the confusion matrix of ``predicted`` (one label per item)."""
    k = len(LABELS)
    idx = {lab: i for i, lab in enumerate(LABELS)}
    files = sorted({it.file for it in items})
    art = {f: i for i, f in enumerate(files)}
    a = np.array([art[it.file] for it in items])
    p = np.array([idx[x] for x in predicted])
    strict = np.array([idx[it.label] for it in items])
    lenient = np.array([pi if it.alt and LABELS[pi] == it.alt else idx[it.label]
                        for it, pi in zip(items, p)])
    out: dict[str, Any] = {"items": len(items), "articles": len(files),
                           "bootstrap": {"resamples": n_boot, "unit": "article", "seed": seed}}
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(files), size=(n_boot, len(files)))
    counts = np.stack([np.bincount(d, minlength=len(files)) for d in draws])
    for name, y in (("strict", strict), ("lenient", lenient)):
        per_art = np.zeros((len(files), k * k))
        np.add.at(per_art, (a, y * k + p), 1)
        cm = per_art.sum(axis=0).reshape(k, k)
        f1, macro = _f1(cm)
        boot = _f1((counts @ per_art).reshape(n_boot, k, k))[1]
        lo, hi = np.percentile(boot, [2.5, 97.5])
        out[name] = {"macro_f1": round(float(macro), 4),
                     "interval95": [round(float(lo), 4), round(float(hi), 4)],
                     "accuracy": round(float(np.trace(cm) / cm.sum()), 4),
                     "per_label_f1": {lab: round(float(f1[i]), 4) for i, lab in enumerate(LABELS)},
                     "confusion_matrix": cm.astype(int).tolist()}
    return out


def evaluate(model, csv_path: str | Path | None = None, text_dir: str | Path | None = None,
             seed: int = 0, items: list[Item] | None = None) -> dict[str, Any]:
    """Score ``model`` (anything with ``predict(list[str])``) on the real-text set."""
    items = items if items is not None else read_items(csv_path, text_dir)
    pred = list(model.predict([it.model_input for it in items]))
    return score(items, pred, seed)


def render(result: dict[str, Any]) -> str:
    """The scores as plain text, for ``stance evaluate --realdev``."""
    lines = [f"real-text set: {result['items']} statements in {result['articles']} articles "
             f"(95 % intervals: {result['bootstrap']['resamples']} bootstrap resamples of "
             f"articles)"]
    for name in ("strict", "lenient"):
        r = result[name]
        lines.append(f"macro-F1 {name:<8}{r['macro_f1']:.3f}  [{r['interval95'][0]:.3f}, "
                     f"{r['interval95'][1]:.3f}]  accuracy {r['accuracy']:.3f}")
    lines += ["", f"{'label':<12}{'F1 strict':>10}{'F1 lenient':>11}"]
    for lab in LABELS:
        lines.append(f"{lab:<12}{result['strict']['per_label_f1'][lab]:>10.3f}"
                     f"{result['lenient']['per_label_f1'][lab]:>11.3f}")
    lines += ["", "confusion matrix, strict (rows true, columns predicted)",
              " " * 12 + "".join(f"{lab[:10]:>11}" for lab in LABELS)]
    for lab, row in zip(LABELS, result["strict"]["confusion_matrix"]):
        lines.append(f"{lab:<12}" + "".join(f"{v:>11}" for v in row))
    return "\n".join(lines) + "\n"
