"""Find statements in a text: direct quotations and reported speech.

One module per family of constructions, each with its word lists in ``resources/``:
:mod:`~stance.extraction.quotes`, :mod:`~stance.extraction.reported`,
:mod:`~stance.extraction.according`; :mod:`~stance.extraction.text` and
:mod:`~stance.extraction.phrases` hold what they share.

Rule-based on the raw text with the word lists in ``resources/`` (speech verbs, titles,
speaker words, quote marks). No pretrained pipeline: fast, predictable, and every
statement keeps offsets into the input (``text == source[start:end]``).

The flow inside :func:`extract`:

1. paragraphs; the headline, captions, sub-heads and datelines are set aside;
2. top-level quotations, including quotes continued over paragraphs and nested quotes;
3. sentences that never break inside a quotation;
4. per sentence, direct quotes with their attribution, then reported speech around the
   speech verbs that are not part of a quote's attribution.
"""

from __future__ import annotations

from bisect import bisect_left

from stance.extraction.phrases import repair_speaker as _repair_speaker
from stance.extraction.quotes import _colon_lead_in, _direct, _find_quotes
from stance.extraction.reported import _reported
from stance.extraction.text import (
    _paragraphs,
    _sentences,
    _skipped_paragraphs,
    _tokens,
    _trim,
)
from stance.schema import Statement

__all__ = ["extract"]


def extract(text: str) -> list[Statement]:
    """Find every statement in ``text``, in document order.

    Parameters
    ----------
    text
        A news article or press release as plain text (paragraphs separated by newlines).

    Returns
    -------
    list of Statement
        Each with ``start``/``end`` offsets so that ``text[start:end] == statement.text``,
        its kind, cue verb and the raw speaker phrase. Speakers and actors are resolved by
        later steps (:mod:`stance.speakers`, :mod:`stance.actors`).
    """
    paras = _paragraphs(text)
    skipped = _skipped_paragraphs(text, paras)
    quotes = _find_quotes(text, skipped)
    sents = _sentences(text, paras, quotes, skipped)
    out: list[Statement] = []
    last_para_with_statement = -2
    opens = [q.open for q in quotes]
    block_end = -1
    for sent in sents:
        if sent.start < block_end:
            continue  # the rest of a paragraph quoted without marks (below)
        sq = quotes[bisect_left(opens, sent.start):bisect_left(opens, sent.end)]
        if not sq and sent.start == paras[sent.para][0]:
            # "In a speech last July, he said:" ending a paragraph, then the words he said
            # without quote marks: the whole next paragraph is his
            speaker, cue = _colon_lead_in(text, sent.start)
            a, b = _trim(text, sent.start, paras[sent.para][1])
            if speaker and len(text[a:b].split()) >= 3:
                out.append(Statement(text=text[a:b], start=a, end=b, kind="direct", cue=None,
                                     speaker_raw=speaker, frame_start=a, frame_end=b))
                block_end = b
                last_para_with_statement = sent.para
                continue
        toks = _tokens(text, sent.start, sent.end)
        found, taken = _direct(text, sent, sq, toks, out, last_para_with_statement)
        found.extend(_reported(text, sent, toks, taken, list(found), out[-1:]))
        found.sort(key=lambda s: s.start)
        if found:
            last_para_with_statement = sent.para
        out.extend(found)
    out = [_repair_speaker(text, s) for s in out]
    out.sort(key=lambda s: (s.start, s.end))
    return out
