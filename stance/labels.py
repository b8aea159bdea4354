"""The five stance labels: one source of truth for their names and fixed order.

Ties between labels (in aggregation, in probabilities) always break by this order,
so that output is deterministic.
"""

from __future__ import annotations

LABELS: tuple[str, ...] = ("condemning", "denying", "justifying", "requesting", "neutral")
"""All labels, in their fixed order."""

STANCES: tuple[str, ...] = LABELS[:4]
"""The four non-neutral stances: an actor's dominant stance is taken among these."""

NEUTRAL = "neutral"


def check_label(label: str) -> str:
    """Return ``label`` if it is one of :data:`LABELS`, else raise ``ValueError``."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return label
