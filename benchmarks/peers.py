"""fastText trained on the project's data: the speed and accuracy peer of the stance model.

Used by bench_classify.py (speed) and bench_realdev.py (real-text scores) so both measure the
same peer. Needs a fastText build from PyPI (``pip install fasttext-numpy2``, or
``fasttext-wheel`` with numpy < 2); the scripts skip the peer when it is not installed.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# Settings of the peer: word 1-2-grams and character 3-4-grams like the stance model's, 25
# epochs at learning rate 0.5 (fastText's advice for small supervised sets), fastText's
# defaults otherwise (dim 100, softmax); one thread and a seed so it is reproducible.
# `--ft-dim 50` in bench_classify.py times a smaller (faster, about as accurate) peer.
FASTTEXT = {"epoch": 25, "lr": 0.5, "wordNgrams": 2, "dim": 100, "minn": 3, "maxn": 4,
            "loss": "softmax", "thread": 1, "seed": 0, "verbose": 0}


def fasttext_available() -> bool:
    try:
        import fasttext  # noqa: F401
    except ImportError:
        return False
    return True


def _line(text: str) -> str:
    from stance.model import normalize

    return " ".join(normalize(text).split())


class FastTextPeer:
    """fastText supervised classifier with ``predict`` and ``predict_proba`` over LABELS."""

    def __init__(self, data: Path | None = None, **settings) -> None:
        import fasttext

        data = data or ROOT / "data" / "statements.csv"
        with data.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        fd, tmp = tempfile.mkstemp(suffix=".txt")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(f"__label__{r['label']} {_line(r['text'])}\n")
            self.model = fasttext.train_supervised(tmp, **{**FASTTEXT, **settings})
        finally:
            os.unlink(tmp)

    def lines(self, texts: list[str]) -> list[str]:
        return [_line(t) for t in texts]

    def predict_lines(self, lines: list[str]):
        """Raw fastText predictions of prepared lines (what the speed benchmark times)."""
        return self.model.predict(lines, k=-1)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        from stance.labels import LABELS

        labels, probs = self.predict_lines(self.lines(texts))
        out = np.zeros((len(texts), len(LABELS)))
        for i, (ls, ps) in enumerate(zip(labels, probs)):
            for lab, p in zip(ls, ps):
                out[i, LABELS.index(lab.replace("__label__", ""))] = p
        return out

    def predict(self, texts: list[str]) -> list[str]:
        from stance.labels import LABELS

        return [LABELS[i] for i in self.predict_proba(texts).argmax(axis=1)]
