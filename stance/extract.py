"""Find statements in a text: direct quotations and reported speech.

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

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from stance import lexicon
from stance.schema import Statement

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:[\w'’.-]*[^\W_])?")
_PUNCT_END = ".,;:!? \t\n"
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
)
_NEGATION = {"not", "never", "n't", "didn't", "didn’t", "did", "no", "nor", "neither", "refused",
             "declined", "won't", "won’t", "hasn't", "hasn’t", "haven't", "haven’t", "without"}
_AUX = {"has", "have", "had", "was", "were", "is", "are", "will", "would", "also", "additionally",
        "further", "initially", "later", "earlier", "previously", "repeatedly", "already",
        "again", "then", "once", "long", "publicly", "privately", "separately", "reportedly",
        "quickly", "swiftly", "firmly", "sharply", "strongly", "flatly", "categorically",
        "angrily", "immediately", "subsequently", "recently", "still", "just", "only", "even",
        "since", "on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "yesterday", "today", "tonight", "being", "been", "be", "officially"}
_ARTICLES = {"a", "an", "the", "its", "his", "her", "their"}
_ADVERBIAL = _AUX | {
    "in", "at", "during", "statement", "interview", "briefing", "conference",
    "news", "press", "post", "posts", "social", "media", "x", "telegram", "television", "tv",
    "radio", "meeting", "speech", "late", "last", "this", "week", "morning", "evening",
    "afternoon", "night", "weekend", "emailed", "written", "televised", "address", "own",
    "website", "channel", "account", "state", "national", "official",
    "regular", "daily", "weekly", "joint", "online", "video", "facebook", "instagram",
    "release", "launch", "communique", "communiqué", "notice", "readout", "message", "posting",
    "launched", "released", "issued", "letter", "report", "filing", "call", "phone",
}
_RECIPIENTS = {
    "reporters", "journalists", "lawmakers", "parliament", "the", "a", "an", "press",
    "correspondents", "media", "audience", "delegates", "diplomats", "members", "crowd",
    "supporters", "students", "broadcaster", "newspaper", "agency", "council", "cabinet",
    "assembly", "meeting", "gathering", "session", "summit", "conference", "forum", "committee",
    "legislators", "senators", "colleagues", "counterparts", "citizens", "nation", "country",
    "cupboard", "television", "state", "local", "foreign", "visiting", "assembled",
}
_COORD = {"and", "but", "however", "while", "yet", "though", "although", "nevertheless"}
_CONTINUE_MIN_WORDS = 3
# verbs whose "that" clause may itself be another speaker's reported speech
_NESTING_VERBS = {"said", "told", "informed", "mentioned", "added", "stated", "noted", "stressed",
                  "insisted", "says", "tells", "had", "has"}


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


def _find_quotes(text: str, blocked: list[tuple[int, int]]) -> list[_Quote]:
    """Top-level quotations, continued over paragraphs where the next one reopens."""
    pairs = lexicon.quote_pairs()
    closers = {c for cs in pairs.values() for c in cs}
    quotes: list[_Quote] = []
    stack: list[tuple[str, int]] = []
    first_open = -1
    n = len(text)
    i = 0
    while i < n:
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
                    i = j + 1
                    continue
                quotes.append(_Quote(first_open, first_open + 1, i, i))
                stack = []
            i += 1
            continue
        if ch not in pairs and ch not in closers:
            i += 1
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        # an opening mark follows a space or an opening bracket and precedes a word; a closing
        # mark follows a word and precedes a space or punctuation
        can_open = (prev.isspace() or prev in "([{—–-/:" or prev in pairs or prev in closers) \
            and not nxt.isspace()
        can_close = not prev.isspace() and (nxt.isspace() or nxt in _PUNCT_END + ")]}—–-"
                                            or nxt in closers or i + 1 == n)
        single = ch in "'’‘‚‹›"
        if single and prev.isalnum() and nxt.isalnum():
            i += 1  # an apostrophe inside a word
            continue
        if stack and ch in pairs.get(stack[-1][0], ()) and can_close:
            _, pos = stack.pop()
            if not stack:
                quotes.append(_Quote(pos, pos + 1, i, i + 1))
        elif ch in pairs and can_open:
            if not stack:
                first_open = i
            stack.append((ch, i))
        elif stack and ch in closers and can_close and not single:
            # a mismatched closing double mark (“…" in sloppy text): close the innermost double
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] not in "'’‘‚‹›":
                    pos = stack[k][1]
                    del stack[k:]
                    if not stack:
                        quotes.append(_Quote(pos, pos + 1, i, i + 1))
                    break
        i += 1
    if stack:
        quotes.append(_Quote(first_open, first_open + 1, n, n))
    out = []
    for q in quotes:
        if any(a <= q.open < b for a, b in blocked):
            continue
        # a lone single quote pair that opened on an apostrophe-like mark and holds nothing
        if q.end - q.start < 1:
            continue
        out.append(q)
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _skipped_paragraphs(text: str, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Headline, captions and sub-heads: text that holds no statement."""
    skipped = []
    for k, (a, b) in enumerate(paras):
        p = text[a:b].strip()
        words = len(p.split())
        headline = k == 0 and len(paras) > 1 and words <= 30
        subhead = words <= 6 and p[-1:] not in ".!?\"”’»"
        if headline or subhead or _CAPTION.match(p):
            skipped.append((a, b))
        elif words <= 6 and p[:1] in "\"“‘'«„" and k + 1 < len(paras) and len(paras) > 1:
            # a quoted sub-head such as ‘Fake news’
            skipped.append((a, b))
    return skipped


def _sentences(text: str, paras, quotes: list[_Quote], skipped) -> list[_Sentence]:
    inside = []
    for q in quotes:
        inside.append((q.start, q.end))

    def in_quote(pos: int) -> bool:
        return any(a <= pos < b for a, b in inside)

    out: list[_Sentence] = []
    for k, (a, b) in enumerate(paras):
        if (a, b) in skipped:
            continue
        m = _DATELINE.match(text, a, b)
        s = m.end() if m and m.end() < b else a
        i = s
        while i < b:
            ch = text[i]
            if ch in ".!?" and not in_quote(i):
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
    for sent in out:
        if merged and any(q.start < sent.start <= q.end and q.open < merged[-1].end
                          and q.start >= merged[-1].start for q in quotes):
            merged[-1] = _Sentence(merged[-1].start, sent.end, merged[-1].para)
        else:
            merged.append(sent)
    return merged


def _starts_sentence(text: str, j: int, b: int) -> bool:
    while j < b and text[j].isspace():
        j += 1
    return j < b and (text[j].isupper() or text[j].isdigit() or text[j] in "\"“‘'«„(")


def _is_abbrev(text: str, s: int, i: int) -> bool:
    m = re.search(r"([\w.]+)$", text[s:i])
    if not m:
        return False
    w = m.group(1).lower()
    return w in _ABBREV or (len(w) == 1 and w.isalpha()) or bool(re.fullmatch(r"(\w\.)+\w", w))


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


def _verb_at(toks: list[tuple[int, int, str]], k: int) -> tuple[str, str, int] | None:
    """The speech verb (form, frame, token count) starting at token ``k``, if any."""
    verbs = lexicon.speech_verbs()
    low = toks[k][2].lower()
    if k + 1 < len(toks):
        two = low + " " + toks[k + 1][2].lower()
        if two in verbs:
            return two, verbs[two], 2
    if low in verbs:
        return low, verbs[low], 1
    return None


def _is_np_word(tok: str) -> bool:
    low = tok.lower()
    if low in lexicon.pronouns():
        return True
    if tok[:1].isupper() or tok[:1].isdigit():
        return low not in _COORD and low not in {"however", "meanwhile", "but", "and", "on"}
    base = re.sub(r"['’]s$", "", low)
    return base in lexicon.speaker_words() or low in {"of", "the", "a", "an", "for", "'s", "’s",
                                                      "his", "her", "its", "their"}


def _np_left(text: str, toks, k: int, floor: int) -> tuple[int, int] | None:
    """The speaker phrase ending just before token ``k`` (skipping auxiliaries)."""
    j = k - 1
    while j >= floor and toks[j][2].lower() in _AUX and not toks[j][2][:1].isupper():
        j -= 1
    if j < floor:
        return None
    end = toks[j][1]
    if text[end:toks[j + 1][0] if j + 1 < len(toks) else end].strip(" "):
        # punctuation between the phrase and the verb: a trailing attribution ", said X"
        return None
    i = j
    while i >= floor and (_is_np_word(toks[i][2]) or _np_preposition(toks, i, floor)
                          or _np_and(toks, i, floor)):
        gap = text[toks[i][1]:toks[i + 1][0]] if i + 1 <= j else ""
        if gap.strip() and gap.strip() not in ("-",):
            break
        i -= 1
    i += 1
    while i <= j and toks[i][2].lower() in {"of", "for", "and", "'s", "’s"}:
        i += 1
    if i > j:
        return None
    # an appositive: "Maria Zakharova, the ministry's spokeswoman, said"
    return toks[i][0], end


_HOLDERS = {"embassy", "mission", "ambassador", "envoy", "delegation", "representative",
            "consulate", "office", "ministry", "minister", "spokesperson", "spokesman",
            "spokeswoman", "secretary"}


def _np_preposition(toks, i: int, floor: int) -> bool:
    """'in'/'to'/'at' inside a speaker phrase: "Russia's embassy in Helsinki"."""
    return (toks[i][2] in ("in", "to", "at") and i - 1 >= floor
            and toks[i - 1][2].lower() in _HOLDERS)


def _np_and(toks, i: int, floor: int) -> bool:
    """'and' inside a name: "the Ministry of Foreign Affairs and International Cooperation"."""
    return (toks[i][2] == "and" and floor < i < len(toks) - 1
            and toks[i - 1][2][:1].isupper() and toks[i + 1][2][:1].isupper())


def _np_right(text: str, toks, k: int, limit: int) -> tuple[int, int] | None:
    """The speaker phrase starting at token ``k`` ("said the ministry"), with an appositive
    that follows it ("said Jay Tarriela, the Philippine Coast Guard spokesman")."""
    i = k
    last = None
    while i < len(toks) and toks[i][0] < limit and (_is_np_word(toks[i][2])
                                                     or _np_preposition(toks, i, k)):
        if last is not None and text[toks[last][1]:toks[i][0]].strip():
            if text[toks[last][1]:toks[i][0]].strip() == "," and \
                    toks[i][2].lower() in ("the", "a", "an") and i - k < 8 and \
                    toks[last][2][:1].isupper() and "," not in text[toks[k][0]:toks[last][1]]:
                last = i
                i += 1
                continue
            break
        last = i
        i += 1
    if last is None:
        return None
    return toks[k][0], toks[last][1]


def _subject_start(text: str, toks, floor: int) -> tuple[int, int] | None:
    """The phrase that opens a clause (the subject of a coordinated verb)."""
    i = floor
    # skip an opening adverbial: "However,", "On Monday,", "Earlier this week,"
    for j in range(floor, min(floor + 6, len(toks))):
        gap = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else ""
        if "," in gap:
            words = [t[2].lower() for t in toks[floor:j + 1]]
            if words[0] in {"however", "meanwhile", "on", "earlier", "later", "in", "at",
                            "separately", "instead", "still", "yet", "also", "last", "this"}:
                i = j + 1
            break
    if i < len(toks) and toks[i][2].lower() in {"however", "meanwhile", "but", "and", "yet"}:
        i += 1
    start = i
    while i < len(toks) and _is_np_word(toks[i][2]):
        if i > start and text[toks[i - 1][1]:toks[i][0]].strip() not in ("", "-"):
            break
        i += 1
    if i == start:
        return None
    return toks[start][0], toks[i - 1][1]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Strip spaces and edge punctuation, keeping closing quote marks (as the gold does)."""
    while a < b and (text[a].isspace() or text[a] in ",;:—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:!?—–-"):
        b -= 1
    return a, b


def _speakerish(text: str, span: tuple[int, int] | None) -> bool:
    if span is None:
        return False
    words = _WORD.findall(text[span[0]:span[1]])
    if not words or len(words) > 20:
        return False
    if any(w[:1].isupper() for w in words):
        return True
    lows = {re.sub(r"['’]s$", "", w.lower()) for w in words}
    return bool(lows & (set(lexicon.pronouns()) | lexicon.speaker_words()))


def _adverbial_at(toks, j: int) -> bool:
    """A word of an adverbial after a speech verb ("on Monday", "in a statement", "on its
    website"); an article counts only between two adverbial words, so that "said the talks
    ..." keeps its "the"."""
    low = toks[j][2].lower()
    if low in _ADVERBIAL:
        return True
    return (low in _ARTICLES and 0 < j < len(toks) - 1
            and toks[j - 1][2].lower() in _ADVERBIAL and toks[j + 1][2].lower() in _ADVERBIAL)


def _content_after(text: str, toks, k: int, nv: int, form: str, end: int) -> int | None:
    """Where a clause verb's reported clause begins, or None when nothing follows."""
    j = k + nv
    if j < len(toks) and "," in text[toks[j - 1][1]:toks[j][0]] \
            and toks[j][2].lower().endswith("ing"):
        return None  # "X said, adding that ...": the verb closes an attribution
    told = form.split()[0] in {"told", "tells", "telling", "informed", "asked", "warned",
                               "assured", "reminded"}
    # "that" within reach wins
    for m in range(j, min(j + 14, len(toks))):
        if toks[m][0] >= end:
            break
        if toks[m][2].lower() == "that":
            gap = text[toks[k][1]:toks[m][0]]
            if "." not in gap and ";" not in gap:
                return toks[m][1]
            break
        if text[toks[m - 1][1]:toks[m][0]].strip() in {",", ";", ":"} and m > j:
            break
    while j < len(toks) and toks[j][0] < end:
        low = toks[j][2].lower()
        if _adverbial_at(toks, j) or (told and (low in _RECIPIENTS
                                                 or toks[j][2][:1].isupper())):
            j += 1
            continue
        if low in {"of", "to", "on", "for", "with"} and j + 1 < len(toks) \
                and toks[j + 1][2][:1].isupper():
            j += 2
            continue
        break
    if j >= len(toks) or toks[j][0] >= end:
        return None
    gap = text[toks[j - 1][1]:toks[j][0]] if j > 0 else ""
    if "," in gap and j > k + nv and toks[j][2].lower().endswith("ing"):
        # ", utilizing the acronym ..." after an attribution is narration, not a clause
        return None
    return toks[j][0]


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
    for sent in sents:
        sq = [q for q in quotes if sent.start <= q.open < sent.end]
        toks = _tokens(text, sent.start, sent.end)
        found = _sentence_statements(text, sent, sq, toks, out, last_para_with_statement)
        if found:
            last_para_with_statement = sent.para
        out.extend(found)
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _sentence_statements(text, sent, sq, toks, previous, last_para) -> list[Statement]:
    found: list[Statement] = []
    taken: list[tuple[int, int]] = []  # spans already used (quotes, attributions, clauses)
    direct: list[_Quote] = []
    cursor = sent.start
    for q in sq:
        prefix = text[cursor:q.open]
        pstrip = prefix.strip()
        is_direct = (
            not pstrip
            or pstrip.endswith(":")
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
        if speaker is None and found and found[-1].kind == "direct":
            speaker, cue = found[-1].speaker_raw, None  # the second half of an interrupted quote
        if speaker is None and words >= _CONTINUE_MIN_WORDS and previous and \
                text[sent.start:q.open].strip() == "" and text[q.close:sent.end].strip(" .") == "" \
                and sent.para - last_para <= 1:
            speaker, cue = previous[-1].speaker_raw, None  # a quote that continues the last speaker
        if speaker is None:
            continue
        found.append(Statement(text=text[a:b], start=a, end=b, kind="direct", cue=cue,
                               speaker_raw=speaker, frame_start=a, frame_end=b))
        taken.append((q.open, q.close))
        if attr:
            taken.append(attr)  # the attribution is not reported speech of its own
    found.extend(_reported(text, sent, toks, taken, list(found)))
    found.sort(key=lambda s: s.start)
    return found


def _ends_with_verb(text, toks, pos) -> bool:
    k = max((i for i, t in enumerate(toks) if t[1] <= pos), default=None)
    if k is None:
        return False
    return any(k - back >= 0 and _verb_at(toks, k - back) for back in (0, 1))


def _attribution_after(text, toks, a, b):
    """', Singh said.' or ', said the ministry' right after a quote."""
    ks = [i for i, t in enumerate(toks) if a <= t[0] < b]
    if not ks:
        return None, None, None
    k0 = ks[0]
    for k in ks[:12]:
        v = _verb_at(toks, k)
        if not v or v[1] == "that":
            continue
        if k == k0:
            sp = _np_right(text, toks, k + v[2], b)
            if sp and _speakerish(text, sp):
                return text[sp[0]:sp[1]], v[0], (a, sp[1])
            return None, None, None
        sp = _subject_between(text, toks, k0, k)
        if sp and _speakerish(text, sp):
            return text[sp[0]:sp[1]], v[0], (a, toks[k + v[2] - 1][1])
        return None, None, None
    return None, None, None


def _subject_between(text, toks, k0, k):
    """The speaker between a closing quote and its verb ("UN rights chief Volker Türk")."""
    loose = _loose_subject(text, toks, k0, k)
    if loose:
        return loose
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
    while j >= k0 and toks[j][2].lower() in _AUX and not toks[j][2][:1].isupper():
        j -= 1
    if j < k0 or j - k0 >= 8:
        return None
    span = text[toks[k0][0]:toks[j][1]]
    if re.search(r"[,;:.!?]", span.replace("U.S.", "US").replace("U.N.", "UN")):
        return None
    first = toks[k0][2]
    if not (first[:1].isupper() or first.lower() in {"his", "her", "its", "their", "the", "a",
                                                    "an"}):
        return None
    if not _speakerish(text, (toks[k0][0], toks[j][1])):
        return None
    return toks[k0][0], toks[j][1]


def _attribution_before(text, toks, a, b):
    """'Sybiha wrote: “…”' or 'he said, “…”' right before a quote."""
    ks = [i for i, t in enumerate(toks) if a <= t[0] < b]
    for k in reversed(ks[-3:]):
        v = _verb_at(toks, k)
        if not v or v[1] == "that":
            continue
        sp = _np_left(text, toks, k, ks[0])
        if sp and _speakerish(text, sp):
            return text[sp[0]:sp[1]], v[0], (sp[0], b)
        sp = _np_right(text, toks, k + v[2], b)
        if sp and _speakerish(text, sp):
            return text[sp[0]:sp[1]], v[0], (toks[k][0], b)
    return None, None, None


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def _negated(toks, k) -> bool:
    for j in range(max(0, k - 3), k):
        low = toks[j][2].lower()
        if low in _NEGATION or low.endswith("n't") or low.endswith("n’t"):
            return True
    return False


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of multi-word speech verbs ("called" of "called on"), for a quick skip."""
    return frozenset(f.split()[0] for f in lexicon.speech_verbs() if " " in f)


def _reported(text, sent, toks, taken, direct=()) -> list[Statement]:
    out: list[Statement] = []
    k = 0
    seg_start = sent.start
    verbs = lexicon.speech_verbs()
    first_words = _first_words()
    while k < len(toks):
        pos = toks[k][0]
        low = toks[k][2].lower()
        if low not in verbs and low not in first_words and low not in ("according", "in"):
            k += 1  # the common case: no speech verb starts here
            continue
        if _inside(pos, taken) or any(s.start <= pos < s.end for s in out):
            k += 1
            continue
        # "according to the ministry, ..." / "..., according to the ministry."
        n_acc = _according_at(toks, k)
        if n_acc:
            st = _according(text, sent, toks, k, taken, n_acc)
            if st:
                out.append(st)
                k += n_acc
                continue
        v = _verb_at(toks, k)
        if v is None or _negated(toks, k):
            k += 1
            continue
        form, frame, nv = v
        floor = next((i for i, t in enumerate(toks) if t[0] >= seg_start), 0)
        for ts in taken:
            if ts[1] <= pos:
                floor = max(floor, next((i for i, t in enumerate(toks) if t[0] >= ts[1]), floor))
        before = text[toks[k - 1][1]:pos] if k > 0 else ""
        prev_low = toks[k - 1][2].lower() if k > 0 else ""
        sp = None
        coordinated = False
        if k > 0 and ("," in before or prev_low in _COORD):
            coordinated = prev_low in _COORD or (low.endswith("ing") and "," in before)
        earlier = [x for x in [*direct, *out] if x.end <= pos]
        if coordinated and low.endswith("ing") and earlier:
            # "..., the spokesman said, adding that B": B is the same speaker's
            st = _participle(text, sent, toks, k, v, earlier[-1])
            if st is not None:
                out.append(st)
                seg_start = st.end
                k = next((i for i, t in enumerate(toks) if t[0] >= st.end), len(toks))
                continue
        if coordinated:
            sp = _subject_start(text, toks, floor)
        elif "," not in before:
            sp = _np_left(text, toks, k, floor)
        elif not low.endswith("ing"):
            sp = _appositive_subject(text, toks, floor, k)
        st = None
        if sp and _speakerish(text, sp) and frame in ("clause", "that", "trailing", "object"):
            st = _with_subject(text, sent, toks, k, v, sp, coordinated)
            if st is not None and coordinated:
                # "X denied nothing and said Y": the model reads only this verb's own clause
                st = replace(st, frame_start=toks[k][0])
        if st is None and frame in ("clause", "trailing"):
            st = _trailing(text, sent, toks, k, v, seg_start, taken)
        if st is not None:
            out.append(st)
            seg_start = st.end
            k = next((i for i, t in enumerate(toks) if t[0] >= st.end), len(toks))
            continue
        k += 1
    return out


def _participle(text, sent, toks, k, v, previous: Statement) -> Statement | None:
    """", adding that ..." / ", saying ..." after a statement: more words of its speaker."""
    form, frame, nv = v
    if frame == "object":
        return None
    c0 = _content_after(text, toks, k, nv, form, sent.end)
    if c0 is None:
        return None
    a, b = _trim(text, c0, sent.end)
    if len(text[a:b].split()) < 3:
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=previous.speaker_raw, frame_start=toks[k][0], frame_end=b)


def _appositive_subject(text, toks, floor, k) -> tuple[int, int] | None:
    """'Zhu Fenglian, spokesperson for the Taiwan Affairs Office, said' and
    'Ottawa, which faces a separate levy, called on ...': the phrase before the first comma,
    with its appositive, is the subject."""
    if floor >= k:
        return None
    a = toks[floor][0]
    seg = text[a:toks[k][0]].rstrip()
    if not seg.endswith(",") or any(q in seg for q in "“”\"«»„"):
        return None
    parts = seg[:-1].split(",")
    if len(parts) != 2 or len(parts[1].split()) > 16 or len(parts[0].split()) > 10:
        return None
    first = (a, a + len(parts[0].rstrip()))
    second = parts[1].strip()
    head = second.split()[0].lower() if second else ""
    if not _speakerish(text, first):
        return None
    if head in ("which", "who") or _speakerish(text, (a + len(parts[0]) + 1, a + len(seg) - 1)):
        return a, a + len(seg) - 1
    if head.endswith("ing") or head in ("in", "at", "during", "after", "asked", "when"):
        return first  # "Abiy Ahmed, speaking at the dam site, said": the name alone
    return None


def _with_subject(text, sent, toks, k, v, sp, coordinated) -> Statement | None:
    form, frame, nv = v
    end = sent.end
    if frame == "trailing":
        return None
    if frame == "that":
        if form.endswith("that"):
            c0 = toks[k + nv - 1][1]
        else:
            # "noted 'with deep regret' that ...": "that" may come a few words later
            nxt = next((m for m in range(k + nv, min(k + nv + 8, len(toks)))
                        if toks[m][2].lower() == "that"), None)
            if nxt is None:
                return None
            c0 = toks[nxt][1]
    elif frame == "object":
        c0 = toks[k][0] if coordinated else sp[0]
        a, b = _trim(text, c0, end)
        if len(text[a:b].split()) < 3:
            return None
        return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                         speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=b)
    else:
        c0 = _content_after(text, toks, k, nv, form, end)
        if c0 is None:
            return None
    a, b = _trim(text, c0, end)
    if len(text[a:b].split()) < 2:
        return None
    speaker = text[sp[0]:sp[1]]
    # nested attribution: "Yonhap said that President Yoon had told a meeting that ..."
    inner = _nested(text, sent, toks, a, b)
    if inner is not None:
        return inner
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=speaker, frame_start=sent.start, frame_end=b)


def _nested(text, sent, toks, a, b) -> Statement | None:
    ks = [i for i, t in enumerate(toks) if a <= t[0] < b]
    for k in ks[:10]:
        v = _verb_at(toks, k)
        if not v or v[0].split()[0] not in _NESTING_VERBS:
            continue
        sp = _np_left(text, toks, k, ks[0])
        if not sp or sp[0] != toks[ks[0]][0] or not _speakerish(text, sp):
            return None
        c0 = _content_after(text, toks, k, v[2], v[0], b)
        if c0 is None or text[toks[k][1]:c0].split()[-1:] != ["that"]:
            return None
        a2, b2 = _trim(text, c0, b)
        if len(text[a2:b2].split()) < 2:
            return None
        return Statement(text=text[a2:b2], start=a2, end=b2, kind="reported", cue=v[0],
                         speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=b2)
    return None


def _trailing(text, sent, toks, k, v, seg_start, taken) -> Statement | None:
    """'Y, the Pentagon has announced, ...' or 'Y, said the ministry.'"""
    form, frame, nv = v
    pos = toks[k][0]
    # ", said the ministry"
    before = text[toks[k - 1][1]:pos] if k > 0 else ""
    if "," in before:
        sp = _np_right(text, toks, k + nv, sent.end)
        if sp and _speakerish(text, sp) and _attr_ends(text, toks, sp[1], sent.end):
            comma = toks[k - 1][1] + before.index(",")
            a, b = _trim(text, seg_start, comma)
            if len(text[a:b].split()) >= 3 and not _inside(a, taken):
                return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                                 speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start,
                                 frame_end=sent.end)
        return None
    # ", the Pentagon has announced"
    floor = next((i for i, t in enumerate(toks) if t[0] >= seg_start), 0)
    sp = _np_left(text, toks, k, floor)
    if not sp or not _speakerish(text, sp):
        return None
    gap_start = max((i for i, t in enumerate(toks) if t[1] <= sp[0]), default=None)
    if gap_start is None:
        return None
    gap = text[toks[gap_start][1]:sp[0]]
    if "," not in gap and "”" not in gap and '"' not in gap:
        return None
    if not _attr_ends(text, toks, toks[k + nv - 1][1], sent.end):
        return None
    a, b = _trim(text, seg_start, toks[gap_start][1] + gap.rfind(",") if "," in gap
                 else toks[gap_start][1] + len(gap.rstrip(" ,")))
    if len(text[a:b].split()) < 3 or any(x <= a < y for x, y in taken):
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue=form,
                     speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=sent.end)


def _attr_ends(text, toks, pos, end) -> bool:
    """True when an attribution at ``pos`` ends its clause (only adverbials or narration follow)."""
    rest = text[pos:end]
    if not rest.strip(" .!?\"”’»"):
        return True
    if rest.lstrip().startswith(","):
        return True
    ks = [t for t in toks if pos <= t[0] < end]
    i = 0
    while i < len(ks) and (_adverbial_at(ks, i) or ks[i][2].lower() in _RECIPIENTS
                           or (i and ks[i - 1][2].lower() == "in" and ks[i][2][:1].isupper())):
        i += 1
    if i == len(ks):
        return True
    return text[ks[i - 1][1] if i else pos:ks[i][0]].strip().startswith(",")


_ACCORDING = (("according", "to"), ("in", "accordance", "with"), ("in", "keeping", "with"))


def _according_at(toks, k) -> int:
    """Length of an "according to" phrase (or a machine-reworded one) at token ``k``."""
    for phrase in _ACCORDING:
        if tuple(t[2].lower() for t in toks[k:k + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _according(text, sent, toks, k, taken, n=2) -> Statement | None:
    sp = _np_right(text, toks, k + n, sent.end)
    if not sp or not _speakerish(text, sp):
        return None
    pos = toks[k][0]
    before = text[sent.start:pos].strip()
    if not before:
        # "According to the ministry, the talks ..."
        after = text[sp[1]:sent.end]
        if not after.lstrip().startswith(","):
            return None
        c0 = sp[1]
        rel = re.match(r"\s*,\s*(which|who)\b[^,]{0,120},", after)
        if rel:
            c0 = sp[1] + rel.end()
        a, b = _trim(text, c0, sent.end)
    else:
        a, b = _trim(text, sent.start, pos)
    if len(text[a:b].split()) < 3 or _inside(a, taken):
        return None
    return Statement(text=text[a:b], start=a, end=b, kind="reported", cue="according to",
                     speaker_raw=text[sp[0]:sp[1]], frame_start=sent.start, frame_end=sent.end)
