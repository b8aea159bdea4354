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


# -- one colour per label, everywhere (HTML report and plots) -------------------------------
COLORS: dict[str, str] = {
    "condemning": "#D55E00",  # Okabe-Ito vermillion
    "denying": "#CC79A7",     # Okabe-Ito reddish purple
    "justifying": "#E69F00",  # Okabe-Ito orange
    "requesting": "#0072B2",  # Okabe-Ito blue
    "neutral": "#999999",     # Okabe-Ito grey
}
"""The colour of each label: the Okabe-Ito palette, chosen to stay distinguishable for
readers with the common forms of colour blindness. The label's name is always written
beside it too, so no reading depends on colour alone."""

INK: dict[str, str] = {lab: "#FFFFFF" if lab == "requesting" else "#000000" for lab in LABELS}
"""Text colour on a :data:`COLORS` background, at a contrast of at least 4.5:1."""

TINTS: dict[str, str] = {
    "condemning": "#F2CFB2",
    "denying": "#F0D7E5",
    "justifying": "#F8E2B2",
    "requesting": "#B2D5E8",
    "neutral": "#E0E0E0",
}
"""Each colour at 30% on white: the background of highlighted text, under dark ink."""
