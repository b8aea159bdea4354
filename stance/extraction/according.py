""""According to X, ..." and "..., according to X" (and machine-reworded variants)."""

from __future__ import annotations

import re

from stance.extraction.phrases import _np_right, _speakerish
from stance.extraction.text import _inside, _trim
from stance.schema import Statement

_ACCORDING = (("according", "to"), ("in", "accordance", "with"), ("in", "keeping", "with"))


def _according_at(toks, k) -> int:
    """Length of an "according to" phrase (or a machine-reworded one) at token ``k``."""
    for phrase in _ACCORDING:
        if tuple(t[2].lower() for t in toks[k:k + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _source_phrase(text: str, toks, k: int, end: int) -> tuple[int, int] | None:
    """What follows "according to" up to the next comma or the sentence's end: sources after
    it are often long ("a poll released on Thursday by the state university")."""
    if k >= len(toks) or toks[k][0] >= end:
        return None
    stop = end
    m = re.search(r"[,;:(—–]", text[toks[k][0]:end])
    if m:
        stop = toks[k][0] + m.start()
    a, b = _trim(text, toks[k][0], stop)
    if b <= a or len(text[a:b].split()) > 25:
        return None
    return a, b


_LEAD_INS = {"but", "and", "yet", "so", "still", "however", "meanwhile", "also", "now", "then"}


def _according(text, sent, toks, k, taken, n=2) -> Statement | None:
    pos = toks[k][0]
    before = text[sent.start:pos].strip(" ,")
    initial = not before or all(w.lower() in _LEAD_INS for w in before.split())
    if initial:
        # "According to the ministry, the talks ...", "But according to a poll by X, ..."
        sp = _source_phrase(text, toks, k + n, sent.end)
        if sp is None:
            return None
        after = text[sp[1]:sent.end]
        if not after.lstrip().startswith((",", ":")):
            return None
        c0 = sp[1]
        rel = re.match(r"\s*,\s*(which|who)\b[^,]{0,120},", after)
        if rel:
            c0 = sp[1] + rel.end()
        a, b = _trim(text, c0, sent.end)
    else:
        sp = _np_right(text, toks, k + n, sent.end)
        if not sp or not _speakerish(text, sp):
            sp = _source_phrase(text, toks, k + n, sent.end)
            if sp is None:
                return None
        a, b = _trim(text, sent.start, pos)
        rest = text[sp[1]:sent.end]
        if rest.lstrip().startswith(",") and len(rest.split()) >= 3 and \
                text[sent.start:pos].rstrip().endswith(","):
            # "His criticism, according to an interview, was the choice of ...": the source
            # interrupts the statement, which is the whole sentence
            a, b = _trim(text, sent.start, sent.end)
    if len(text[a:b].split()) < 3 or _inside(a, taken):
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue="according to",
                     speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=sent.end)
