"""The whole flow for one text: extract -> speakers -> actors -> model -> aggregate."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from stance.actors import attach_targets, gazetteer
from stance.aggregate import actor_stances, dyads
from stance.extract import extract
from stance.schema import Analysis, LabelledStatement, Statement
from stance.speakers import resolve


def find_statements(text: str) -> list[Statement]:
    """Statements with speakers, actors and targets, before any labelling."""
    return attach_targets(text, resolve(text, extract(text)))


def model_input(text: str, s: Statement) -> str:
    """What the model reads for a statement: a quote's words, or reported speech with its
    frame ("Moscow dismissed the reports as ..."), since the verb carries the stance."""
    if s.kind == "direct":
        return s.text
    a = s.frame_start if s.frame_start >= 0 else s.start
    b = max(s.frame_end, s.end)
    return text[a:b]


def label(text: str, statements: list[Statement], model, min_confidence: float = 0.0
          ) -> tuple[LabelledStatement, ...]:
    """Attach the model's label and probabilities to each statement (the predict step)."""
    gaz = gazetteer()
    if not statements:
        return ()
    results = model.classify([model_input(text, s) for s in statements],
                             min_confidence=min_confidence)
    return tuple(LabelledStatement(s, r.label, r.confidence, r.probabilities, gaz.name(s.actor))
                 for s, r in zip(statements, results))


def analyze(text: str, model=None, source: str | None = None,
            min_confidence: float = 0.0) -> Analysis:
    """Analyse one news text.

    Parameters
    ----------
    text
        The article or press release (plain text; see :mod:`stance.textio` for HTML/JSON).
    model
        A :class:`stance.StanceModel`; default the shipped one (loaded once per process).
    source
        A name for the text (file name, article id), carried into the result.
    min_confidence
        Predictions below this confidence become ``neutral``.

    Returns
    -------
    Analysis
        Statements in document order, actors sorted by code, and dyads.
    """
    if not isinstance(text, str):
        raise TypeError("analyze() takes a str")
    model = model if model is not None else default_model()
    labelled = label(text, find_statements(text), model, min_confidence)
    return Analysis(source=source, statements=labelled, actors=actor_stances(labelled),
                    dyads=dyads(labelled), model=model.summary())


def analyze_many(texts: Iterable[str], model=None, min_confidence: float = 0.0
                 ) -> Iterator[Analysis]:
    """Analyse texts one after another with one model, labelling in one batch per text."""
    model = model if model is not None else default_model()
    for t in texts:
        yield analyze(t, model, min_confidence=min_confidence)


_DEFAULT = None


def default_model():
    """The model from ``$STANCE_MODEL`` or the shipped one, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        from stance.model import StanceModel

        _DEFAULT = StanceModel.load()
    return _DEFAULT
