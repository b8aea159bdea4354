"""Raw speaker phrase -> speaker and actor.

Titles are stripped ("Pentagon spokesperson Sabrina Singh" -> "Sabrina Singh"), surnames met
before are resolved to the full name ("Singh" -> "Sabrina Singh"), pronouns to the last person
named (as a speaker or in the narration), and institutions ("the ministry") to the country
named in the same phrase earlier. The actor comes only from evidence, in this order: the phrase
itself (gazetteer); the person met before or the list of office holders (``people.tsv``); the
country named next to an earlier mention; and, for an official with none of these, where they
spoke, their own government as the subject of their clause, "its spokesman" after a sentence
about an institution, or the dateline's capital. Otherwise ``None``: never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from stance import lexicon
from stance.actors import Gazetteer, gazetteer
from stance.schema import Statement


@lru_cache(maxsize=1)
def _name_token() -> re.Pattern:
    """A capitalised word, or one with an Arabic article prefix ("al-Burhan")."""
    prefixes = "|".join(lexicon.name_particles()[1])
    return re.compile(rf"\b(?:{prefixes})-[A-ZÀ-Ý][\w'’.-]*|[A-ZÀ-Ý][\w'’.-]*")


# words that tie a speaker to no country, whatever place the phrase names ("officials",
# "a Bogotá-based human rights group", "Amnesty International's secretary general")
_NO_COUNTRY = {"official", "officials", "source", "sources", "diplomat", "diplomats", "analyst",
               "analysts", "expert", "experts", "observers", "critics", "witnesses", "residents",
               "researcher", "researchers", "professor", "fellow", "ngo", "amnesty", "watch",
               "charity", "think", "tank", "academic", "journalist", "correspondent", "activist",
               "activists", "lawyer", "company", "group", "institute", "university", "bishops",
               "church"}
_INSTITUTION = {"ministry", "government", "office", "embassy", "army", "military", "navy",
                "forces", "agency", "administration", "cabinet", "presidency", "junta",
                "command", "spokesperson", "spokesman", "spokeswoman", "mission", "authorities",
                "council", "coast", "guard", "delegation", "regime", "palace", "leadership"}
_WINDOW = 120
_LOOKBACK = 4000  # characters: the longest two sentences a look back may cross


@dataclass
class _Person:
    name: str
    actor: str | None


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one, so that
    offsets into a folded text are offsets into the text."""
    table = {ord(a): b for a, b in zip("łŁøØđĐıħĦ", "lLoOdDihH")}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))
        if len(base) > 1 and base[0].isascii() and base[0].isalpha() \
                and all(unicodedata.combining(c) for c in base[1:]):
            table[code] = base[0]
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``text`` without diacritics on Latin letters ("Orbán" -> "Orban", "Władysław" ->
    "Wladyslaw"), the same length: news spells names with or without them."""
    return text.translate(_FOLD)


class _Folded(dict):
    """A name table that also finds a name written with or without its diacritics."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        super().__init__(items)
        self._folded: dict[str, str] = {}
        for k, v in items:
            self._folded.setdefault(fold(k), v)

    def __missing__(self, key: str) -> str:
        v = self._folded.get(fold(key))
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (isinstance(key, str)
                                                 and fold(key) in self._folded)

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default


@lru_cache(maxsize=1)
def people() -> dict[str, str]:
    """Well-known officials (full name -> actor code), from ``resources/people.tsv``; a name
    is found with or without its diacritics ("Fils-Aimé", "Fils-Aime")."""
    rows = [ln.split("\t") for ln in lexicon._lines("people.tsv")]
    return _Folded([(name, code) for name, code in rows[1:]])  # rows[0] is the header


_BARE_NAME = re.compile(r"[A-Z][\w'’-]*\.?(?: [A-Z][\w'’-]*\.?){0,3}")


def person_name(raw: str, gaz: Gazetteer) -> str | None:
    """The personal name in a speaker phrase, without titles and institutions."""
    words = lexicon.speaker_words()
    titles = lexicon.titles()
    spans = {(a, b) for a, b, _ in gaz.find_all(raw)}
    head = raw.split(",")[0].strip()
    if head != raw.strip() and _BARE_NAME.fullmatch(head) \
            and not any(a < len(head) for a, _ in spans) \
            and not any(t.lower() in words or t.lower().rstrip(".") in titles
                        for t in head.split()):
        return head  # "Sandra Inman, a supporter from Jackson, Miss., ...": the name comes first
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) > 1 and re.search(r"\b[a-z]", parts[0]) and parts[1][:1].isupper():
        named = person_name(parts[1], gaz)
        if named:
            return named  # "One delegate on the Cruz slate, Jim Poolman": the appositive names
    particles, _ = lexicon.name_particles()
    name: list[str] = []
    last_end = run_start = 0
    ended = False
    for m in _name_token().finditer(raw):
        tok = m.group()
        if name:
            gap = raw[last_end:m.start()].split()
            if gap and all(w in particles for w in gap):
                name.extend(gap)  # "Ursula von der Leyen", "Mohammed bin Salman"
            elif len(name) > 1 and gap and gap[0] in _NAME_ENDS:
                ended = True  # "Ana Ruiz of Ohio", "Bo Lee from the institute"
                break
        low = tok.lower().rstrip("’'s") if tok.endswith(("’s", "'s")) else tok.lower()
        in_alias = any(a <= m.start() < b for a, b in spans)
        if in_alias or low in words or low in titles or low.rstrip(".") in titles \
                or low in lexicon.pronouns() \
                or low in {"the", "a", "an", "of", "for", "and", "its", "his", "her", "their"} \
                or low in _QUANTIFIERS:  # "One of the men, Jose Ruiz", "Another official, ..."
            name = []
            continue
        if tok.endswith(("’s", "'s")):
            name = []
            continue
        if not name:
            run_start = m.start()
        name.append(tok.rstrip(".,"))
        last_end = m.end()
    if len(name) == 1 and re.search(r"\b(?:of|and|for)\s+$", raw[:run_start]):
        return None  # "the Bureau of Investigation", "... and International Cooperation"
    after = re.match(r"\s+([a-z][\w-]*)", raw[last_end:]) if name and not ended else None
    if after and after.group(1) not in particles and after.group(1) not in _NAME_ENDS:
        return None  # "Two European officials", "Sanders supporters": a modifier, not a name
    return " ".join(name) if name else None


# capitalised only at a sentence's start, never a name: "One of the men, Jose Ruiz, 70, said"
_QUANTIFIERS = {"one", "another", "some", "two", "three", "four", "both", "each", "several",
                "many", "most", "all", "other", "others", "few", "no", "none", "neither"}

# words that end a personal name in a speaker phrase ("Ana Ruiz of Ohio", "Bo Lee, who ...")
_NAME_ENDS = {"of", "from", "in", "at", "for", "on", "with", "who", "which", "whose", "and",
              "or", "to", "by", "said", "says", "told"}


def _context_actor(text: str, name: str, before: int, gaz: Gazetteer,
                   cache: dict | None = None) -> str | None:
    """The actor named next to an earlier mention of ``name`` ("Russian Foreign Minister X").

    ``cache`` (one dict per text) keeps each surname's search where it stopped, so a long
    text is read once per surname instead of once per statement.
    """
    last = name.split()[-1]
    cache = {} if cache is None else cache
    st = cache.get(last)
    if st is None:
        st = cache[last] = {"it": re.finditer(re.escape(last), text), "next": None, "hit": None}
    while st["hit"] is None:
        m = st["next"] or next(st["it"], None)
        if m is None or m.end() > before:
            st["next"] = m
            return None
        st["next"] = None
        a = max(0, m.start() - _WINDOW // 2)
        window = text[a:m.start()]
        # only the same clause: from the last sentence break, comma or closing quote before
        # the name ("... agreed in Ankara,' ministry spokesman X": not Ankara's spokesman)
        cut = max(window.rfind(". "), window.rfind("\n"), window.rfind(", "),
                  *(window.rfind(q + " ") for q in _CLOSING_QUOTES))
        window = window[cut + 1:] if cut >= 0 else window
        found = [c for _, _, c in gaz.find_all(window)]
        if found:
            st["hit"] = (m.end(), found[-1])
    return st["hit"][1] if st["hit"][0] <= before else None


_OWN_COUNTRY = re.compile(r"\bthe (?:country|nation)['’]s\b")
_CLOSING_QUOTES = ("'", "\"", "”", "’", "»", "“")
_GOV_TITLES = {"minister", "ministry", "president", "premier", "chancellor", "spokesman",
               "spokeswoman", "spokesperson", "secretary", "ambassador", "envoy", "government",
               "commodore", "general", "admiral", "colonel", "commander", "king", "emir", "aide"}
_POSSESSOR = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['’]s\s")


def _is_official(raw: str) -> bool:
    return bool(set(re.findall(r"\w+", raw.lower())) & _GOV_TITLES)


def _where_said(text: str, s: Statement, gaz: Gazetteer) -> str | None:
    """Where the official spoke, when the sentence says so: "told reporters in Mogadishu",
    "In Tokyo, Chief Cabinet Secretary ..." (capitals only: a capital is where its own
    government talks to the press)."""
    a = s.frame_start if s.frame_start >= 0 else s.start
    b = s.frame_end if s.frame_end >= 0 else s.end
    sentence = text[a:max(b, s.end)]
    m = re.match(r"\s*In ([A-Z][\w’'. -]{2,30}),", sentence)
    places = []
    if m:
        places.append(m.group(1))
    raw = s.speaker_raw or ""
    i = sentence.find(raw) if raw else -1
    if i >= 0:
        after = sentence[i + len(raw):i + len(raw) + 80]
        m2 = re.search(r"\b(?:reporters|journalists|a news conference|a press conference|"
                       r"parliament|lawmakers|state television)?\s*in ([A-Z][\w’'. -]{2,25})",
                       after)
        if m2:
            places.append(m2.group(1))
    for place in places:
        for _, _, code in gaz.find_all(place):
            if any(place.startswith(c) for c in gaz.capitals.get(code, ())):
                return code
    return None


_CAP_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:al-|bin |de |van |von |da |el-)?[A-Z][\w'’.-]*)*")


def _narrated_people(text: str) -> list[tuple[int, str]]:
    """(offset, name) of people the narration introduces with a title ("President Lai
    Ching-te", "foreign minister Wang Yi") or from the list of well-known officials.

    One pass over runs of capitalised words, with set look-ups: fast on long articles.
    """
    gaz = gazetteer()
    words = lexicon.speaker_words()
    titles = lexicon.titles()
    famous = people()
    found: list[tuple[int, str]] = []
    for m in _CAP_RUN.finditer(text):
        toks = [t.rstrip(".,") for t in m.group().split()]
        # listed officials anywhere in the run
        for i in range(len(toks)):
            for j in range(min(len(toks), i + 5), i, -1):
                cand = " ".join(toks[i:j])
                if cand in famous and len(toks[i:j]) > 1:
                    found.append((m.start() + m.group().find(toks[i]), cand))
                    break
        # a title (in the run or just before it) followed by a name
        lead = 0
        while lead < len(toks) and (toks[lead].lower() in titles
                                    or toks[lead].lower() in words):
            lead += 1
        before = text[max(0, m.start() - 30):m.start()].lower().split()[-2:]
        titled = lead > 0 or any(w in titles for w in before) \
            or " ".join(before) in titles
        name = toks[lead:]
        if titled and 2 <= len(name) <= 4 and gaz.first(" ".join(name)) is None \
                and not any(w.lower().rstrip("’'s") in words for w in name):
            found.append((m.start() + m.group().find(name[0]), " ".join(name)))
    # a person a question was put to is in the story even though no statement of theirs was
    # taken ("Mao was asked about the remarks. '...,' she said")
    for m in _ASKED.finditer(text):
        if not text.endswith((" was", " had been", " has been"), 0, m.start()):
            continue
        a = max(0, m.start() - 70)
        name = _NAME_BEFORE.search(text, a, m.start())
        if name and gaz.first(name.group(1)) is None and name.group(1).lower() not in words:
            found.append((name.start(1), name.group(1)))
    return sorted(set(found))


_ASKED = re.compile(r" (?:asked|told)\b")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’-]+(?: (?:[A-Z][\w'’.-]*|de|al|bin|van|von|der))*),? "
                          r"(?:was|had been|has been)$")


@lru_cache(maxsize=1)
def _people_re() -> re.Pattern:
    """Listed names, without diacritics: search a :func:`fold`-ed text."""
    names = sorted({fold(n) for n in people()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


_SELF = re.compile(r"\s+(?:had|has|have|remains|remained|was|is|will|did|does|continued|"
                   r"continues)\b")


def _self_reference(text: str, s: Statement, gaz: Gazetteer) -> str | None:
    """An official reporting their own government's acts: "Foreign Minister X said Venezuela
    had formally asked ..." (the clause opens with a country doing something)."""
    if s.kind != "reported":
        return None
    for _, b, code in gaz.find_all(text, s.start, min(s.end, s.start + 40)):
        if gaz.type(code) == "country" and _SELF.match(text, b):
            return code
        break
    return None


def _previous_subject(text: str, s: Statement, gaz: Gazetteer, strict: bool = False
                      ) -> str | None:
    """'Its spokesman said ...': the actor that opens the sentence before. ``strict``: only
    an actor that is the sentence's first words ("Addis Ababa rejected the report. '...,'
    ministry spokesman X said"), not one named later in it."""
    a = s.frame_start if s.frame_start >= 0 else s.start
    # two sentences back at most, never the whole text before (a text without newlines
    # would be read back to its start for every such statement)
    lo = max(0, a - _LOOKBACK)
    cut = max(text.rfind(". ", lo, a), text.rfind("\n", lo, a))
    if cut < 0:
        return None  # no sentence before this one
    prev = max(text.rfind(". ", lo, cut), text.rfind("\n", lo, cut)) + 1
    prev = max(prev, lo)
    while prev < cut and text[prev].isspace():
        prev += 1
    for a, b, code in gaz.find_all(text, prev, prev + 60):
        if strict:
            nxt = re.match(r"\s*(,|[\w-]+)", text[b:b + 40])
            if (a != prev and text[prev:a] not in ("The ", "the ")) or not nxt \
                    or nxt.group(1)[:1].isupper() or nxt.group(1).lower() in \
                    lexicon.speaker_words():
                return None  # "EU health commissioner X said": a person, not the bloc
        return code
    return None


def _same_phrase(between: str) -> bool:
    """True when only words of a speaker phrase stand between a name and its head word
    ("Vietnamese [foreign] ministry", "Bosnia's [state prosecutor's] office")."""
    words = lexicon.speaker_words()
    for w in re.findall(r"[^\s]+", between):
        w = re.sub(r"(['’]s|['’])$", "", w)
        if w and not (w[:1].isupper() or w.lower() in words or w.lower() in {"of", "the"}):
            return False
    return True


def _institution_actor(text: str, raw: str, before: int, gaz: Gazetteer,
                       cache: dict | None = None) -> str | None:
    """'the ministry' -> the country whose ministry the text named last, before ``before``:
    "the Vietnamese foreign ministry ..." (the name just before the head word) or "the
    Ministry of Foreign Affairs of Vietnam" (just after it).

    ``cache`` (one dict per text) keeps the mentions already weighed, so a long text is read
    once per head word instead of once per statement.
    """
    heads = [w for w in re.findall(r"\w+", raw.lower()) if w in _INSTITUTION]
    if not heads:
        return None
    # a named body ("the Transitional Presidential Council") is only the one named the same
    names = [w for w in re.findall(r"[A-Z][\w'’-]+", raw) if w not in ("The", "A", "An")]
    cache = {} if cache is None else cache
    key = (heads[-1], tuple(names))
    st = cache.get(key)
    if st is None:
        st = cache[key] = {"it": re.finditer(r"\b" + heads[-1] + r"\b", text, re.IGNORECASE),
                           "next": None, "ends": [], "codes": []}
    while True:
        m = st["next"] or next(st["it"], None)
        if m is None or m.end() > before:
            st["next"] = m
            break
        st["next"] = None
        ahead = [(a, b, c) for a, b, c in gaz.find_all(text, max(0, m.start() - 40), m.start())]
        after = [c for _, _, c in gaz.find_all(text, m.end(), min(len(text), m.end() + 30))]
        if names and not all(n in text[max(0, m.start() - 40):m.end()] for n in names):
            continue
        best = None
        if ahead and _same_phrase(text[ahead[-1][1]:m.start()]):
            best = ahead[-1][2]
        elif after and re.match(r"\s+(of|for)\b", text[m.end():m.end() + 5]):
            best = after[0]
        if best is not None:
            st["ends"].append(m.end())
            st["codes"].append(best)
    # the last mention weighed that ends before ``before`` and names a country
    i = bisect_right(st["ends"], before) - 1
    return st["codes"][i] if i >= 0 else None


def _same_person(name: str, other: str) -> bool:
    """"Singh" and "Sabrina Singh", or "Yoon" and "Yoon Suk-yeol": one name's tokens are all
    in the other's. "Abiy Ahmed" is not "Ahmed Moallim Fiqi"."""
    a, b = set(_name_tokens(name)), set(_name_tokens(other))
    return bool(a) and bool(b) and (a <= b or b <= a)


_DATELINE_CITY = re.compile(r"^\s*([A-Z][A-Z .'’-]{2,30}?)(?:,|\s*\(|\s+[–—-])", re.MULTILINE)


def dateline_country(text: str, gaz: Gazetteer | None = None) -> str | None:
    """The country whose capital heads the article's dateline ("TBILISI, Dec 2 –").

    News writes its own country's officials without the country ("Prime Minister X"), so a
    government title with no country in an article datelined in a capital is that capital's.
    """
    gaz = gaz or gazetteer()
    head = text[:600]
    for m in _DATELINE_CITY.finditer(head):
        city = m.group(1).strip()
        if city.isupper() and len(city) > 2:
            code = gaz.capital_country(city)
            if code:
                return code
    return None


class _Spans:
    """Whether a position is inside any statement, for many positions: statements sorted by
    start, with the furthest end reached so far, answer by bisection."""

    def __init__(self, statements: list[Statement]) -> None:
        spans = sorted((x.start, x.end) for x in statements)
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []
        for _, b in spans:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def inside(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos


class _Known:
    """People met so far, newest last, indexed by name word so that a long text's look-ups
    do not scan everyone met before. Meeting the same (name, actor) again moves it to the end
    (the newest match is the one that counts, so older copies never matter)."""

    def __init__(self) -> None:
        self.n = 0
        self.seq: dict[tuple[str, str | None], int] = {}
        self.by_token: dict[str, dict[tuple[str, str | None], None]] = {}
        self.by_word: dict[str, dict[tuple[str, str | None], None]] = {}

    def append(self, p: _Person) -> None:
        key = (p.name, p.actor)
        self.n += 1
        self.seq[key] = self.n
        for t in _name_tokens(p.name):
            self.by_token.setdefault(t, {})[key] = None
        for w in p.name.split():
            self.by_word.setdefault(w, {})[key] = None

    def _newest(self, index: dict, words, ok) -> _Person | None:
        best, best_seq = None, -1
        for w in set(words):
            for key in index.get(w, ()):
                if self.seq[key] > best_seq and ok(key[0]):
                    best, best_seq = key, self.seq[key]
        return _Person(*best) if best else None

    def same_person(self, name: str) -> _Person | None:
        """The newest person ``_same_person`` with ``name``."""
        return self._newest(self.by_token, _name_tokens(name),
                            lambda other: _same_person(name, other))

    def sharing_word(self, name: str) -> _Person | None:
        """The newest person whose name shares a word with ``name``."""
        return self._newest(self.by_word, name.split(), lambda other: True)

    def __iter__(self):
        return (_Person(*k) for k in self.seq)


# a relative or adverbial clause after the speaker's name is not part of it: "Mr. Khan, who had
# addressed the convention", "Powell's office, when contacted by Reuters"
_RELATIVE_TAIL = re.compile(r",\s*(?:who|which|whose|when|where|while|after|before|speaking|"
                            r"asked|facing|in the wake of)\b")
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")


def _co_actors(raw: str, gaz: Gazetteer) -> tuple[str, ...]:
    """Several actors speaking at once ("Chile, Brazil and the OAS", "Egypt and Qatar"): each
    conjunct of the speaker phrase resolves to its own actor. Empty unless at least two
    distinct actors do and every conjunct is short (an appositive is not a list)."""
    raw = re.split(r",\s*(?:which|who)\b", raw)[0]
    if " and " not in raw and "," not in raw and "&" not in raw:
        return ()
    parts = [p for p in _LIST_SPLIT.split(raw) if p.strip()]
    if len(parts) < 2 or any(len(p.split()) > 4 for p in parts):
        return ()
    codes = [gaz.first(p) for p in parts]
    if any(c is None for c in codes) or len(set(codes)) < 2:
        return ()
    return tuple(dict.fromkeys(codes))


def resolve(text: str, statements: list[Statement]) -> list[Statement]:
    """Fill ``speaker`` and ``actor`` for each statement, in document order.

    Parameters
    ----------
    text
        The source text the statements point into (earlier mentions are looked up in it).
    statements
        Statements from :func:`stance.extraction.extract`.
    """
    gaz = gazetteer()
    known = _Known()
    out: list[Statement] = []
    last_person: tuple[str, str | None] | None = None
    last_person_at = 0
    narration_cache: list[list[tuple[int, str]]] = []
    # per-text indexes, so that a long text is never rescanned per statement
    spans = _Spans(statements)
    context_cache: dict = {}
    institution_cache: dict = {}
    full_names: dict[str, str] = {}

    def narration() -> list[tuple[int, str]]:
        if not narration_cache:  # computed only when a pronoun or a surname needs it
            narration_cache.append(_narrated_people(text))
            narration_cache.append([o for o, _ in narration_cache[0]])
            for _, n in narration_cache[0]:  # each surname's first full name
                toks = _name_tokens(n)
                if len(toks) > 1:
                    for t in toks:
                        full_names.setdefault(t, n)
        return narration_cache[0]

    def last_narrated(since: int, before: int) -> tuple[int, str] | None:
        """The last person the narration names in ``[since, before)``, outside statements."""
        people_at = narration()
        offsets = narration_cache[1]
        i = bisect_left(offsets, before) - 1
        while i >= 0 and offsets[i] >= since:
            if not spans.inside(offsets[i]):
                return people_at[i]
            i -= 1
        return None
    home = dateline_country(text, gaz)
    last_any: tuple[str, str | None] | None = None
    famous = people()
    for s in statements:
        raw = _RELATIVE_TAIL.split((s.speaker_raw or "").strip())[0]
        low = raw.lower()
        speaker: str | None = raw or None
        actor: str | None = None
        kind = "person"
        pron = lexicon.pronouns().get(low)
        if pron == "person":
            # the person named last before the pronoun: a speaker, or someone the narration
            # introduced since ("Netanyahu arrived on Wednesday. He said ...")
            narrated = last_narrated(last_person_at, s.start)
            if narrated:
                name = narrated[1]
                match = known.sharing_word(name)
                speaker = match.name if match else name
                actor = match.actor if match else famous.get(name) or _context_actor(
                    text, name, s.start, gaz, context_cache)
            elif last_person:
                speaker, actor = last_person
        elif pron == "group":
            if last_any:
                speaker, actor = last_any
            kind = "group"
        elif raw:
            rwords = set(re.findall(r"\w+", low))
            non_state = bool(rwords & (_NO_COUNTRY - {"official", "officials"}))
            if non_state and rwords & {"diplomat", "diplomats", "envoy"} and _POSSESSOR.match(raw):
                non_state = False  # "China's top diplomat" is China's, "a diplomat" anyone's
            actor = None if (non_state and not rwords & _GOV_TITLES) else gaz.first(raw)
            name = person_name(raw, gaz)
            if name:
                match = known.same_person(name)
                if not match and len(_name_tokens(name)) == 1:
                    # "Tusk said ..." after the narration named "Prime Minister Donald Tusk"
                    narration()
                    full = full_names.get(_name_tokens(name)[0])
                    if full:
                        name = full
                elif not match and len(_name_tokens(name)) > 1:
                    # "El Abdallah said" after the narration named "Fadi El Abdallah"
                    toks = _name_tokens(name)
                    full = next((n for _, n in narration() if len(_name_tokens(n)) > len(toks)
                                 and _name_tokens(n)[-len(toks):] == toks), None)
                    if full:
                        name = full
                        match = known.same_person(name)
                if match and len(name.split()) < len(match.name.split()):
                    name = match.name
                if actor is None and match:
                    actor = match.actor
                if not match or match.actor is None:
                    full = _famous_name(name, famous, surname=match is None)
                    if full:
                        name = full if not match else name
                        actor = actor or famous[full]
                if actor is None:
                    actor = _context_actor(text, name, max(s.start, s.frame_end), gaz,
                                           context_cache)
                if actor is None and re.match(r"(his|her)\b", low) and last_person:
                    actor = last_person[1]  # "his spokeswoman X": the person named before
                if actor is None and re.match(r"(its|their)\b", low):
                    actor = _previous_subject(text, s, gaz)  # "Its spokesman, X"
                if actor is None and _is_official(raw) and not non_state:
                    actor = _where_said(text, s, gaz) or _self_reference(text, s, gaz) \
                        or _previous_subject(text, s, gaz, strict=True) or home
                speaker = name
                if not match or match.actor is None:
                    known.append(_Person(name, actor))
            if actor is None and not name and re.match(r"(its|their)\b", low):
                actor = _previous_subject(text, s, gaz)
            if not name:
                kind = "group"
                words = set(re.findall(r"\w+", low))
                if actor is None:
                    listed = _people_re().search(fold(raw))  # "Netanyahu's office"
                    actor = famous[listed.group()] if listed else None
                if actor is None and not (words & _NO_COUNTRY):
                    # earlier sentences only: the speaker's own phrase is no evidence
                    actor = _institution_actor(
                        text, raw, s.frame_start if s.frame_start >= 0 else s.start, gaz,
                        institution_cache)
                speaker = re.sub(r"^(a|an)\s+", "", raw, flags=re.IGNORECASE)
        if actor is None and home and _OWN_COUNTRY.search(low):
            actor = home  # "the nation's bureau of investigation", datelined in its capital
        if speaker is not None:
            if kind == "person":
                last_person = (speaker, actor)
                last_person_at = s.end
            last_any = (speaker, actor)
        co = _co_actors(raw, gaz)
        if co:
            actor = actor if actor in co else co[0]
            co = (actor, *[a for a in co if a != actor])
        out.append(replace(s, speaker=speaker, actor=actor, actors=co))
    # a person's country found at any mention holds for all their statements, including
    # earlier mentions by surname alone ("Marcos said ..." before "Ferdinand Marcos Jr said")
    known_actor: dict[str, str] = {}
    for st in out:
        if st.speaker and st.actor:
            known_actor.setdefault(st.speaker, st.actor)
    persons = {p.name for p in known}
    by_surname: dict[str, set[str]] = {}
    for name, code in known_actor.items():
        for tok in _name_tokens(name) if name in persons else ():
            by_surname.setdefault(tok, set()).add(code)

    def fill(st: Statement) -> Statement:
        if st.actor is not None or not st.speaker:
            return st
        if st.speaker in known_actor:
            return replace(st, actor=known_actor[st.speaker])
        toks = _name_tokens(st.speaker) if st.speaker in persons else []
        if len(toks) == 1 and len(by_surname.get(toks[0], ())) == 1:
            return replace(st, actor=next(iter(by_surname[toks[0]])))
        return st

    return [fill(st) for st in out]


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _name_tokens(name: str) -> list[str]:
    """The tokens of a personal name without suffixes ("Ferdinand Marcos Jr" -> 2 tokens)."""
    return [t for t in name.replace(".", "").split()
            if t.lower() not in _SUFFIXES and t[:1].isupper()]


def _famous_name(name: str, famous: dict[str, str], surname: bool = False) -> str | None:
    """The listed official a name refers to: the full name, a row of its own ("Putin"), or a
    listed office holder's surname that no one else in the list shares ("Marcos", "Blinken",
    "Xi", only with ``surname``: for a name the text has not met before). A surname shared by
    people of several countries, or also used as a given name in the list ("Ahmed",
    "Martin"), is nobody in particular."""
    if name in famous:
        return name
    bare = " ".join(_name_tokens(name))
    if bare in famous:
        return bare
    return _surnames().get(bare) if surname and famous is people() else None


# where the list writes the family name first ("Xi Jinping", "Lee Jae-myung", "Hun Manet")
_FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "KHM", "MNG"}


@lru_cache(maxsize=1)
def _surnames() -> dict[str, str]:
    """Surname -> the first listed full name, for surnames that name one actor's people only
    and are nobody's given name in the list."""
    famous = people()
    codes: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    given: set[str] = set()
    for full, code in famous.items():
        toks = _name_tokens(full)
        if len(toks) < 2:
            continue
        family_first = code in _FAMILY_NAME_FIRST
        surname = toks[0] if family_first else toks[-1]
        given.add(toks[-1] if family_first else toks[0])
        codes.setdefault(surname, set()).add(code)
        first.setdefault(surname, full)
    return _Folded([(t, first[t]) for t, c in codes.items()
                    if len(c) == 1 and t not in given and t not in famous])
