"""stance: who said what about whom in foreign-policy news, and with which stance.

>>> import stance
>>> result = stance.analyze(text)            # doctest: +SKIP
>>> model = stance.StanceModel.load()        # doctest: +SKIP
>>> model.predict(["We categorically reject these baseless claims."])  # doctest: +SKIP
['denying']

Heavy modules (scikit-learn) are imported lazily, so ``import stance`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stance.labels import LABELS, STANCES
from stance.schema import (
    ActorStance,
    Analysis,
    Classification,
    Dyad,
    LabelledStatement,
    Statement,
)

__version__ = "0.1.0"

__all__ = [
    "LABELS",
    "STANCES",
    "ActorStance",
    "Analysis",
    "Classification",
    "Dyad",
    "LabelledStatement",
    "Statement",
    "StanceModel",
    "analyze",
    "analyze_many",
    "extract",
    "train",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover
    from stance.extraction import extract
    from stance.model import StanceModel
    from stance.pipeline import analyze, analyze_many
    from stance.training import train


def __getattr__(name: str) -> Any:
    if name == "StanceModel":
        from stance.model import StanceModel

        return StanceModel
    if name in ("analyze", "analyze_many"):
        from stance import pipeline

        return getattr(pipeline, name)
    if name == "extract":
        from stance.extraction import extract

        return extract
    if name == "train":
        from stance.training import train

        return train
    raise AttributeError(f"module 'stance' has no attribute {name!r}")
