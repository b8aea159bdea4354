"""Relative attributions: "Kigali, which has long denied arming the militia, ...",
"Sanders, who says the pact is a disaster.": the antecedent before ", who|which" speaks."""

from __future__ import annotations

from stance import lexicon
from stance.extraction.phrases import (
    _AUX,
    _content_after,
    _manner_adverb,
    _np_start,
    _speakerish,
)
from stance.extraction.text import _trim
from stance.schema import Statement

_TOGETHER = {"all", "both", "each", "jointly", "together"}


def _antecedent(text: str, toks, m: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase that ends just before the comma in front of token ``m`` ("who")."""
    j = m - 1
    if j < floor:
        return None
    gap = text[toks[j][1]:toks[m][0]].strip()
    if gap != "," and not (gap == "" and toks[m][2].lower() == "who"):
        return None  # "Sanders, who says ..." or a restrictive "voters who said ..."
    i = _np_start(text, toks, j, floor)
    if i is None:
        return None
    i = _list_start(text, toks, i, floor)
    span = (toks[i][0], toks[j][1])
    return span if _speakerish(text, span) else None


def _list_start(text: str, toks, i: int, floor: int) -> int:
    """Extend a phrase starting at token ``i`` leftwards over a list of names: "Chile, Brazil
    and the OAS" (only capitalised conjuncts, so a clause is never swallowed)."""
    while i - 1 >= floor:
        joint = toks[i - 1][2].lower() in ("and", "&")
        gap = text[toks[i - 1][1]:toks[i][0]]
        if joint and i - 2 >= floor and toks[i - 2][2][:1].isupper():
            i -= 2
        elif gap.strip() == "," and toks[i - 1][2][:1].isupper():
            i -= 1
        else:
            break
        while i - 1 >= floor and toks[i - 1][2][:1].isupper() and \
                not text[toks[i - 1][1]:toks[i][0]].strip():
            i -= 1
    return i


def relative_statement(text: str, sent, toks, k: int, v, floor: int) -> Statement | None:
    """The statement of a speech verb at token ``k`` that opens a relative clause, or None."""
    form, frame, nv = v
    m = k - 1
    while m >= floor and (toks[m][2].lower() in _AUX or toks[m][2].lower() in _TOGETHER
                          or _manner_adverb(toks[m][2])) \
            and not toks[m][2][:1].isupper():
        m -= 1
    if m < floor or toks[m][2].lower() not in ("who", "which"):
        return None
    # "..., said Mr. Ruiz, who noted that ...": the antecedent ends a quote's attribution,
    # which lies below the floor
    sp = _antecedent(text, toks, m, floor if m > floor else 0)
    if sp is None or frame not in ("clause", "object"):
        return None
    if frame == "that":
        nxt = next((q for q in range(k + nv - 1, min(k + nv + 8, len(toks)))
                    if toks[q][2].lower() == "that" and toks[q][0] < sent.end), None)
        if nxt is None:
            return None
        c0 = toks[nxt][1]
    elif frame == "clause":
        c0 = _content_after(text, toks, k, nv, form, sent.end)
        if c0 is None:
            return None
    else:
        c0 = toks[k + nv - 1][1]
    # the relative clause closes at the next comma that is followed by the main clause
    end = sent.end
    cut = text.find(", ", c0, sent.end)
    if cut > 0 and len(text[c0:cut].split()) >= 2:
        end = cut
    a, b = _trim(text, c0, end)
    if len(text[a:b].split()) < 2:
        return None
    if frame == "object" and form.split()[0] in lexicon.speech_verbs():
        a = toks[k][0]  # "which has long denied arming ...": the verb carries the stance
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=text[sp[0]:sp[1]], frame_start=toks[k][0], frame_end=b)
