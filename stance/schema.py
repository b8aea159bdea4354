"""Plain, frozen records passed between the steps of the flow.

Every record that comes from a text points back into it with character offsets
(``text == source[start:end]``), so any label can be shown in place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"
"""Version of the JSON layout written by :meth:`Analysis.to_dict` and the corpus files."""


@dataclass(frozen=True)
class Statement:
    """One thing one speaker says in one place.

    Attributes
    ----------
    text, start, end
        The statement's words and their offsets in the source text.
    kind
        ``"direct"`` (a quotation) or ``"reported"`` (reported speech).
    cue
        The speech verb or phrase that attributes it (``"said"``, ``"dismissed"``), if any.
    speaker_raw
        The attribution as written (``"Pentagon spokesperson Sabrina Singh"``, ``"she"``).
    frame_start, frame_end
        The span the stance model reads: the statement with its reporting frame, because
        "X dismissed the reports as ..." carries the stance in the verb.
    speaker
        The resolved speaker (titles stripped, pronouns and surnames resolved).
    actor
        ISO 3166-1 alpha-3 code or organisation code of the speaker, ``None`` when unknown.
    targets
        Other actors the statement is about, in order of first mention.
    actors
        Every actor the speaker phrase names when several speak at once ("Chile, Brazil and
        the OAS called for ..."), ``actor`` first; empty for a single speaker. Each of them
        gets the statement in its aggregate.
    """

    text: str
    start: int
    end: int
    kind: str
    cue: str | None = None
    speaker_raw: str | None = None
    frame_start: int = -1
    frame_end: int = -1
    speaker: str | None = None
    actor: str | None = None
    targets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()

    @property
    def speakers_actors(self) -> tuple[str, ...]:
        """The actors whose aggregates this statement counts in (``actors``, else ``actor``)."""
        return self.actors or ((self.actor,) if self.actor else ())

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["targets"] = list(self.targets)
        d["actors"] = list(self.speakers_actors)
        return d


@dataclass(frozen=True)
class Classification:
    """A stance prediction for one text."""

    text: str
    label: str
    confidence: float
    probabilities: dict[str, float]
    model_label: str | None = None  # the model's own label (differs after --min-confidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "confidence": self.confidence,
            "probabilities": dict(self.probabilities),
            "model_label": self.model_label or self.label,
        }


@dataclass(frozen=True)
class LabelledStatement:
    """A :class:`Statement` with the model's label and probabilities."""

    statement: Statement
    label: str
    confidence: float
    probabilities: dict[str, float]
    actor_name: str | None = None
    model_label: str | None = None  # the model's own label (differs after --min-confidence)

    def to_dict(self) -> dict[str, Any]:
        s = self.statement
        return {
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "kind": s.kind,
            "cue": s.cue,
            "speaker": s.speaker,
            "actor": s.actor,
            "actors": list(s.speakers_actors),
            "actor_name": self.actor_name,
            "targets": list(s.targets),
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
            "model_label": self.model_label or self.label,
        }


@dataclass(frozen=True)
class ActorStance:
    """Where one actor stands over its statements in a text or a corpus.

    ``distribution`` is the label distribution weighted by the model's probabilities;
    ``stance`` the dominant of the four non-neutral labels (``"neutral"`` only when the
    actor has no weight on any of them); ``confidence`` the share of the non-neutral
    weight that the dominant stance holds.
    """

    actor: str
    name: str
    type: str
    statements: int
    distribution: dict[str, float]
    counts: dict[str, int]
    stance: str
    confidence: float
    statement_ids: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "name": self.name,
            "type": self.type,
            "statements": self.statements,
            "stance": self.stance,
            "confidence": round(self.confidence, 4),
            "distribution": {k: round(v, 4) for k, v in self.distribution.items()},
            "counts": dict(self.counts),
            "statement_ids": list(self.statement_ids),
        }


@dataclass(frozen=True)
class Dyad:
    """Stance counts of statements by ``source`` that are about ``target``."""

    source: str
    target: str
    counts: dict[str, int]
    stance: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "stance": self.stance,
            "counts": dict(self.counts),
            "n": sum(self.counts.values()),
        }


@dataclass(frozen=True)
class Analysis:
    """The whole answer for one text: statements, actors, dyads and the model used."""

    source: str | None
    statements: tuple[LabelledStatement, ...]
    actors: tuple[ActorStance, ...]
    dyads: tuple[Dyad, ...]
    model: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    """The text the statements' offsets refer to (for a web page, the extracted article)."""
    document: dict[str, Any] = field(default_factory=dict)
    """The input's metadata when known: title, date, author, site, url."""

    def to_dict(self) -> dict[str, Any]:
        d = {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "model": dict(self.model),
            "statements": [s.to_dict() for s in self.statements],
            "actors": [a.to_dict() for a in self.actors],
            "dyads": [d.to_dict() for d in self.dyads],
        }
        if self.document:
            d["document"] = dict(self.document)
        if self.text is not None:
            d["text"] = self.text
        return d
