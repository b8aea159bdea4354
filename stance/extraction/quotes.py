"""Direct quotations: finding top-level quotes and the attribution before or after each."""

from __future__ import annotations

import re
from bisect import bisect_right

from stance import lexicon
from stance.extraction.phrases import (
    _AUX,
    _is_np_word,
    _manner_adverb,
    _np_left,
    _np_right,
    _speakerish,
    _subject_start,
    _verb_at,
)
from stance.extraction.reported import _appositive_subject
from stance.extraction.text import (
    _PUNCT_END,
    _Quote,
    _tok_before,
    _tok_from,
    _tok_span,
    _tokens,
    _trim,
)
from stance.schema import Statement

_CONTINUE_MIN_WORDS = 3


_MAX_QUOTE = 2500  # characters a quote may run within one paragraph before its mark is doubted


# double closing marks that never open: one closes a quote even with no space after it
# ('...,”Ruiz said'), a slip of real copy
_GLUED_CLOSERS = "”"


def _find_quotes(text: str, blocked: list[tuple[int, int]]) -> list[_Quote]:
    """Top-level quotations, continued over paragraphs where the next one reopens."""
    pairs = lexicon.quote_pairs()
    closers = {c for cs in pairs.values() for c in cs}
    quotes: list[_Quote] = []
    stack: list[tuple[str, int]] = []
    widths: dict[int, int] = {}  # opening position -> width of its mark
    first_open = -1
    opened_at = -1  # where the open quote began in this paragraph
    n = len(text)
    i = 0
    while i < n:
        if stack and i - opened_at > _MAX_QUOTE:
            # a mark that never closes (sloppy text with no line breaks): it opened nothing
            i = first_open + widths.get(first_open, 1)
            stack = []
            continue
        ch = text[i]
        if ch == "\n":
            if stack:
                j = i
                while j < n and text[j].isspace():
                    j += 1
                outer = stack[0][0]
                if j < n and text[j] == outer:
                    # a quote continued over paragraphs: the next one reopens with the same mark
                    stack = [(outer, first_open)]
                    opened_at = j
                    i = j + 1
                    continue
                quotes.append(_Quote(first_open, first_open + widths.get(first_open, 1), i, i))
                stack = []
            i += 1
            continue
        if ch not in pairs and ch not in closers:
            i += 1
            continue
        w = 1
        if text.startswith("''", i) and text[i + 2:i + 3] != "'":
            ch, w = '"', 2  # two apostrophes standing for a double quote mark (NYT style)
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + w] if i + w < n else " "
        # an opening mark follows a space or an opening bracket and precedes a word; a closing
        # mark follows a word and precedes a space or punctuation
        can_open = (prev.isspace() or prev in "([{—–-/:" or prev in pairs or prev in closers) \
            and not nxt.isspace()
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _PUNCT_END + ")]}—–-"
                                            or nxt in closers or i + w == n
                                            or ch in _GLUED_CLOSERS)
        single = ch in "'’‘‚‹›" and w == 1
        if single and prev.isalnum() and nxt.isalnum():
            i += 1  # an apostrophe inside a word
            continue
        if stack and ch in pairs.get(stack[-1][0], ()) and can_close:
            _, pos = stack.pop()
            if not stack:
                quotes.append(_Quote(pos, pos + widths.get(pos, 1), i, i + w))
        elif ch in pairs and can_open:
            if not stack:
                first_open = opened_at = i
            stack.append((ch, i))
            widths[i] = w
        elif stack and ch in closers and can_close and not single:
            # a mismatched closing double mark (“…" in sloppy text): close the innermost double
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] not in "'’‘‚‹›":
                    pos = stack[k][1]
                    del stack[k:]
                    if not stack:
                        quotes.append(_Quote(pos, pos + widths.get(pos, 1), i, i + w))
                    break
        i += w
    if stack:
        quotes.append(_Quote(first_open, first_open + widths.get(first_open, 1), n, n))
    out = []
    # blocked spans are paragraphs: disjoint, so the one that could hold a mark is found by
    # bisection (a scan per quote is quadratic in long texts)
    blocked = sorted(blocked)
    b_starts = [a for a, _ in blocked]
    for q in quotes:
        kb = bisect_right(b_starts, q.open) - 1
        if kb >= 0 and q.open < blocked[kb][1]:
            continue
        # a lone single quote pair that opened on an apostrophe-like mark and holds nothing
        if q.end - q.start < 1:
            continue
        out.append(q)
    return out


def _direct(text, sent, sq, toks, previous, last_para
            ) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Direct quotes in one sentence with their speakers, and the spans they use up."""
    found: list[Statement] = []
    taken: list[tuple[int, int]] = []  # spans already used (quotes, attributions, clauses)
    direct: list[_Quote] = []
    cursor = sent.start
    for q in sq:
        prefix = text[cursor:q.open]
        pstrip = prefix.strip()
        is_direct = (
            not pstrip
            or pstrip.endswith((":", " -", "–", "—", "("))
            or bool(re.search(r"(?:\b[\w’']+\b)\s*,\s*$", prefix)
                    and _ends_with_verb(text, toks, q.open))
            or (pstrip.endswith(",") and bool(direct))
        )
        if is_direct:
            direct.append(q)
        cursor = q.close
    for n, q in enumerate(direct):
        a, b = _trim(text, q.start, q.end)
        if b <= a:
            continue
        words = len(text[a:b].split())
        nxt_open = direct[n + 1].open if n + 1 < len(direct) else sent.end
        # attribution after the quote: ', Singh said' / ', said Singh'
        speaker, cue, attr = _attribution_after(text, toks, q.close, nxt_open)
        if speaker is None:
            prev_end = direct[n - 1].close if n else sent.start
            speaker, cue, attr = _attribution_before(text, toks, prev_end, q.open)
        if speaker is None and not text[sent.start:q.open].strip():
            speaker, cue = _colon_lead_in(text, sent.start)  # 'X said:' ending the paragraph
        if speaker is None and found and found[-1].kind == "direct":
            speaker, cue = found[-1].speaker_raw, None  # the second half of an interrupted quote
        if speaker is None and words >= _CONTINUE_MIN_WORDS and previous and \
                text[sent.start:q.open].strip() == "" and text[q.close:sent.end].strip(" .") == "" \
                and sent.para - last_para <= 1:
            speaker, cue = previous[-1].speaker_raw, None  # a quote that continues the last speaker
        if speaker is None:
            continue
        # the model reads a quote with its attribution: "'...,' the ministry warned"
        fa, fb = (min(q.open, attr[0]), max(q.close, attr[1])) if attr else (a, b)
        found.append(Statement(text=text[a:b], start=a, end=b, kind="direct", cue=cue,
                               speaker_raw=speaker, frame_start=fa, frame_end=fb))
        taken.append((q.open, q.close))
        if attr:
            taken.append(attr)  # the attribution is not reported speech of its own
    return found, taken


def _colon_lead_in(text: str, start: int) -> tuple[str | None, str | None]:
    """The speaker of a quote whose paragraph follows 'In a statement, the ministry said:'."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] != ":" or "\n" not in text[i:start]:
        return None, None
    a = text.rfind("\n", 0, i) + 1
    for sent_start in (m.end() for m in re.finditer(r"[.!?]\s+", text[a:i])):
        a_candidate = a + sent_start
        if a_candidate < i:
            a = a_candidate
    toks = _tokens(text, a, i)
    speaker, cue, _ = _attribution_before(text, toks, a, i + 1)
    return speaker, cue


def _ends_with_verb(text, toks, pos) -> bool:
    k = _tok_before(toks, pos)
    if k < 0:
        return False
    return any(k - back >= 0 and _verb_at(toks, k - back) for back in (0, 1))


def _attribution_after(text, toks, a, b):
    """', Singh said.' or ', said the ministry' right after a quote."""
    ks = _tok_span(toks, a, b)
    if not ks:
        return None, None, None
    k0 = ks[0]
    for k in ks[:25]:
        v = _verb_at(toks, k)
        if not v or v[1] == "that":
            continue
        if k == k0:
            sp = _np_right(text, toks, k + v[2], b)
            if sp and (_speakerish(text, sp) or _described(
                    text, toks, k + v[2], _tok_from(toks, sp[1]) - 1)):
                return text[sp[0]:sp[1]], v[0], (a, sp[1])
            return None, None, None
        sp = _subject_between(text, toks, k0, k)
        if sp and (_speakerish(text, sp) or _described(text, toks, k0, _tok_from(toks, sp[1]) - 1)):
            return text[sp[0]:sp[1]], v[0], (a, toks[k + v[2] - 1][1])
        return None, None, None
    return None, None, None


def _subject_between(text, toks, k0, k):
    """The speaker between a closing quote and its verb ("UN rights chief Volker Türk")."""
    loose = _loose_subject(text, toks, k0, k)
    if loose:
        return loose
    appositive = _appositive_subject(text, toks, k0, k)  # '..." Ana Ruiz, a town aide, said'
    if appositive:
        return appositive
    j = k - 1
    while j >= k0 and toks[j][2].lower() in _AUX and not toks[j][2][:1].isupper():
        j -= 1
    if j < k0:
        return None
    for i in range(k0, j + 1):
        if not _is_np_word(toks[i][2]) and text[toks[i][0]:toks[i][1]] not in ",":
            # allow an appositive: "Lavrov, Russia's top diplomat, said"
            if not re.fullmatch(r"[\w’'-]+", toks[i][2]):
                return None
            if toks[i][2].lower() not in {"who", "which"}:
                return None
    return toks[k0][0], toks[j][1]


def _loose_subject(text, toks, k0, k):
    """Up to eight words with a name or a title in them and no punctuation: after a closing
    quote, what stands before the speech verb is nearly always its speaker."""
    j = k - 1
    while j >= k0 and (toks[j][2].lower() in _AUX or _manner_adverb(toks[j][2])) \
            and not toks[j][2][:1].isupper():
        j -= 1
    if j < k0 or j - k0 >= 8:
        return None
    span = text[toks[k0][0]:toks[j][1]]
    if re.search(r"[,;:.!?]", span.replace("U.S.", "US").replace("U.N.", "UN")):
        return None
    first = toks[k0][2]
    # '..." screenwriter Ana Ruiz wrote': a description ending in a name
    named = j > k0 and all(t[2][:1].isupper() and t[2].isalpha() for t in toks[j - 1:j + 1])
    if not (first[:1].isupper() or named or first.lower() in {"his", "her", "its", "their",
                                                              "the", "a", "an", "one",
                                                              "another"}):
        return None
    if not named and not _speakerish(text, (toks[k0][0], toks[j][1])) \
            and not _described(text, toks, k0, j):
        return None
    return toks[k0][0], toks[j][1]


def _described(text, toks, k0, j) -> bool:
    """'..." the woman said', '..." a retired teacher said': after a closing quote, any short
    description with an article is the speaker, whatever its noun."""
    return (toks[k0][2].lower() in {"the", "a", "an", "his", "her", "their", "one", "another"}
            and 2 <= j - k0 + 1 <= 5 and all(t[2].isalpha() or "-" in t[2]
                                             for t in toks[k0:j + 1]))


_PREPOSITIONS = {"by", "from", "of", "for", "with", "as", "like", "and", "but", "when", "while",
                 "after", "before", "then"}


def _attribution_before(text, toks, a, b):
    """'Sybiha wrote: “…”' or 'he said, “…”' right before a quote."""
    ks = _tok_span(toks, a, b)
    for k in reversed(ks[-3:]):
        v = _verb_at(toks, k)
        if not v or v[1] == "that":
            continue
        sp = _np_left(text, toks, k, ks[0])
        if not sp and k > ks[0] and "," in text[toks[k - 1][1]:toks[k][0]] \
                and toks[k][2].lower().endswith("ing"):
            # "..., Diaz said, adding, '...'": the speaker of the attribution before
            k2 = k - 1
            v2 = _verb_at(toks, k2) if k2 > ks[0] else None
            sp2 = _np_left(text, toks, k2, ks[0]) if v2 and v2[1] == "clause" else None
            if sp2 and _speakerish(text, sp2):
                return text[sp2[0]:sp2[1]], v[0], (toks[k][0], b)
            # "Ruiz emailed supporters, telling them, '...'": the clause's subject
            sp = _subject_start(text, toks, ks[0])
            if sp and _speakerish(text, sp):
                return text[sp[0]:sp[1]], v[0], (toks[k][0], b)
            continue
        if not sp and k > ks[0] and "," in text[toks[k - 1][1]:toks[k][0]]:
            sp = _appositive_subject(text, toks, ks[0], k)  # "Ruiz, who ..., tweeted: '...'"
        if sp and toks[k][2].lower().endswith("ing"):
            i = _tok_from(toks, sp[0])
            if i > ks[0] and toks[i - 1][2].islower() and toks[i - 1][2] not in _PREPOSITIONS:
                # "The senator emailed supporters saying", "issued a statement Tuesday
                # saying": an object, not the speaker; the clause's subject speaks
                sub = _subject_start(text, toks, ks[0])
                sp = sub if sub and _speakerish(text, sub) else None
        if sp and _speakerish(text, sp):
            return text[sp[0]:sp[1]], v[0], (sp[0], b)
        if v[0].split()[0] in _TO_RECIPIENT:
            # "..., telling reporters: '...'": reporters are told; the clause's subject speaks
            sp = _subject_start(text, toks, ks[0])
            if sp and _speakerish(text, sp):
                return text[sp[0]:sp[1]], v[0], (toks[k][0], b)
            continue
        sp = _np_right(text, toks, k + v[2], b)
        if sp and _speakerish(text, sp):
            return text[sp[0]:sp[1]], v[0], (toks[k][0], b)
    return None, None, None


_TO_RECIPIENT = {"told", "tells", "telling", "tell", "asked", "asking", "asks", "urged", "urging",
                 "urges", "warned", "warning", "informed", "assured", "reminded"}
