"""Labelled statements -> each actor's stance, and source -> target dyads.

As LABELS.md lays down, an actor's distribution is the distribution of its statements'
labels weighted by the model's confidence: a confident statement weighs more than a hesitant
one, and a statement the model calls neutral adds nothing to the four stances. The stance is
the dominant label among the four non-neutral ones (neutral only when the actor has nothing
else); its confidence is the dominant stance's share of the non-neutral weight. Ties break by
label order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from stance.labels import LABELS, NEUTRAL, STANCES
from stance.schema import ActorStance, Dyad, LabelledStatement


def dominant(weights: dict[str, float]) -> tuple[str, float]:
    """The dominant non-neutral label of a weight dict and its share of non-neutral weight."""
    total = sum(weights.get(lab, 0.0) for lab in STANCES)
    if total <= 0:
        return NEUTRAL, 1.0 if weights.get(NEUTRAL, 0) > 0 else 0.0
    best = max(STANCES, key=lambda lab: (weights.get(lab, 0.0), -STANCES.index(lab)))
    return best, weights[best] / total


def weight(label: str, confidence: float) -> dict[str, float]:
    """What one statement adds to its actor's label weights: its confidence, on its label."""
    return {label: float(confidence)}


def actor_stances(statements: Sequence[LabelledStatement], names=None,
                  types=None) -> tuple[ActorStance, ...]:
    """Per-actor aggregate over ``statements`` (actors sorted by code)."""
    from stance.actors import gazetteer

    gaz = gazetteer()
    by_actor: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        for a in s.statement.speakers_actors:  # several speakers: each gets the statement
            by_actor[a].append(i)
    out = []
    for actor in sorted(by_actor):
        ids = by_actor[actor]
        weights = {lab: 0.0 for lab in LABELS}
        counts = {lab: 0 for lab in LABELS}
        for i in ids:
            for lab, p in weight(statements[i].label, statements[i].confidence).items():
                weights[lab] += p
            counts[statements[i].label] += 1
        total = sum(weights.values()) or 1.0
        dist = {lab: weights[lab] / total for lab in LABELS}
        stance, conf = dominant(weights)
        out.append(ActorStance(actor=actor, name=gaz.name(actor) or actor,
                               type=gaz.type(actor) or "unknown", statements=len(ids),
                               distribution=dist, counts=counts, stance=stance, confidence=conf,
                               statement_ids=tuple(ids)))
    return tuple(out)


def dyads(statements: Iterable[LabelledStatement]) -> tuple[Dyad, ...]:
    """Source -> target stance counts, sorted by source then target."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for s in statements:
        for src in s.statement.speakers_actors:
            for tgt in s.statement.targets:
                if tgt == src:
                    continue
                c = counts.setdefault((src, tgt), {lab: 0 for lab in LABELS})
                c[s.label] += 1
    return tuple(Dyad(src, tgt, c, dominant({k: float(v) for k, v in c.items()})[0])
                 for (src, tgt), c in sorted(counts.items()))
