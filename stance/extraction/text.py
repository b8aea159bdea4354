"""Paragraphs, sentences and tokens: the units every extraction rule works on."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w'’.-]*[^\W_])?")


_PUNCT_END = ".,;:!? \t\n"
_WORD_CHAR = re.compile(r"[\w.]")


_ABBREV = {
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "st", "no", "prof", "gov", "capt",
    "maj", "sgt", "adm", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "e.u", "inc", "corp", "co", "vs", "etc", "jr", "sr", "mt", "ft", "approx",
}


_CAPTION = re.compile(r"^\s*(photo|image|caption|pictured|file photo|video|watch|read more)\b",
                      re.IGNORECASE)


_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][A-Za-z. ]{2,20})?(?:\s*\([^)]{1,30}\))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*[–—-]{1,2}\s*"
    # a title-case city needs its agency: "Washington (AFP) –", "Kigali (Reuters) -"
    r"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}(?:,\s*[A-Z][A-Za-z. ]{2,20})?"
    r"\s*\([A-Z][^)]{1,30}\)\s*[–—-]{1,2}\s*"
)


@dataclass
class _Quote:
    """A top-level quotation: ``start``/``end`` are its inner text, ``open``/``close`` the marks."""

    open: int
    start: int
    end: int
    close: int


@dataclass
class _Sentence:
    start: int
    end: int
    para: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _title_case(p: str) -> bool:
    """Most words capitalised, as headlines are written ("Minister Says Talks Will Resume.")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", p) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _skipped_paragraphs(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Headline, captions and sub-heads: text that holds no statement."""
    skipped = []
    for k, (a, b) in enumerate(paras):
        p = text[a:b].strip()
        words = len(p.split())
        # only a real headline: short, with no final full stop or in title case (a lead
        # paragraph is text)
        headline = k == 0 and len(paras) > 1 and words <= 30 and (
            p[-1:] not in ".!?" or _title_case(p))
        subhead = words <= 6 and p[-1:] not in ".!?\"”’»"
        if headline or subhead or _CAPTION.match(p):
            skipped.append((a, b))
        elif words <= 6 and p[:1] in "\"“‘'«„" and p[-1:] in "\"”’'»“" and k + 1 < len(paras) \
                and len(paras) > 1:
            # a quoted sub-head such as ‘Fake news’ (not '"We will see," said Ruiz.')
            skipped.append((a, b))
    return skipped


def _sentences(text: str, paras, quotes: list[_Quote], skipped) -> list[_Sentence]:
    # top-level quotes are disjoint and in order: a bisection finds the one around a position
    inside = sorted((q.start, q.end) for q in quotes)
    inside_starts = [a for a, _ in inside]
    opens = {q.start: q.open for q in quotes}

    def in_quote(pos: int) -> bool:
        i = bisect_right(inside_starts, pos) - 1
        return i >= 0 and pos < inside[i][1]

    def ends_inline_quote(pos: int, sent_start: int) -> bool:
        """'Ana called the plan "unhinged." Ben agreed.': a full stop just before the closing
        mark of a quote that opened inside the sentence ends the sentence too."""
        i = bisect_right(inside_starts, pos) - 1
        return (i >= 0 and pos + 1 == inside[i][1]
                and bool(text[sent_start:opens[inside[i][0]]].strip()))

    out: list[_Sentence] = []
    skipped = set(skipped)
    for k, (a, b) in enumerate(paras):
        if (a, b) in skipped:
            continue
        m = _DATELINE.match(text, a, b)
        s = m.end() if m and m.end() < b else a
        i = s
        while i < b:
            ch = text[i]
            if ch in ".!?" and (not in_quote(i) or ends_inline_quote(i, s)):
                j = i + 1
                while j < b and text[j] in "\"”’»'":
                    j += 1
                ends = j >= b or (text[j].isspace() and _starts_sentence(text, j, b))
                if ends and not _is_abbrev(text, s, i):
                    out.append(_Sentence(s, j, k))
                    s = j
                    while s < b and text[s].isspace():
                        s += 1
                        i = s
                        continue
            i += 1
        if s < b and text[s:b].strip():
            out.append(_Sentence(s, b, k))
    # merge sentences that a paragraph-spanning quote joins
    merged: list[_Sentence] = []
    q_starts = [q.start for q in quotes]
    for sent in out:
        # only the last quote opening before the sentence can run into it
        k = bisect_left(q_starts, sent.start) - 1
        near = quotes[k:k + 1] if k >= 0 else []
        if merged and any(q.start < sent.start <= q.end and q.open < merged[-1].end
                          and q.start >= merged[-1].start for q in near):
            merged[-1] = _Sentence(merged[-1].start, sent.end, merged[-1].para)
        else:
            merged.append(sent)
    return merged


def _starts_sentence(text: str, j: int, b: int) -> bool:
    while j < b and text[j].isspace():
        j += 1
    return j < b and (text[j].isupper() or text[j].isdigit() or text[j] in "\"“‘'«„(")


def _is_abbrev(text: str, s: int, i: int) -> bool:
    # the word before the mark, read backwards (never rescans the sentence from its start)
    j = i
    while j > s and _WORD_CHAR.match(text, j - 1):
        j -= 1
    if j == i:
        return False
    w = text[j:i].lower()
    if w == "x" and text[j:i] == "X":
        return False  # the network: "posted it on X. He said"
    return w in _ABBREV or (len(w) == 1 and w.isalpha()) or bool(re.fullmatch(r"(\w\.)+\w", w))


def _tok_from(toks: list[tuple[int, int, str]], pos: int) -> int:
    """Index of the first token starting at or after ``pos`` (a bisection, not a scan)."""
    return bisect_left(toks, pos, key=lambda t: t[0])


def _tok_span(toks: list[tuple[int, int, str]], a: int, b: int) -> range:
    """Indices of the tokens starting in ``[a, b)``."""
    return range(_tok_from(toks, a), _tok_from(toks, b))


def _tok_before(toks: list[tuple[int, int, str]], pos: int) -> int:
    """Index of the last token ending at or before ``pos``, or -1."""
    return bisect_right(toks, pos, key=lambda t: t[1]) - 1


def _tokens(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _WORD.finditer(text, a, b):
        tok = m.group()
        end = m.end()
        if tok.endswith(".") and not re.fullmatch(r"(\w\.)+", tok):
            tok = tok.rstrip(".")
            end = m.start() + len(tok)
        if end < b and text[end] == "." and tok.lower() in _ABBREV:
            tok, end = tok + ".", end + 1  # "Jr.", "Gen.": the dot belongs to the word
        out.append((m.start(), end, tok))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Strip spaces and edge punctuation, keeping closing quote marks (as the gold does)."""
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:!?—–-"):
        b -= 1
    span = text[a:b]
    if b > a and ((text[b - 1] == '"' and span.count('"') % 2) or (
            text[b - 1] == "”" and span.count("”") > span.count("“"))):
        # a closing quote whose opening mark lies outside the statement: 'said "the talks are
        # over."' gives "the talks are over"
        b -= 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:!?—–-"):
            b -= 1
    return a, b


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)
