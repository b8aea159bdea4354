"""Raw speaker phrase -> speaker and actor.

Titles are stripped ("Pentagon spokesperson Sabrina Singh" -> "Sabrina Singh"), surnames met
before are resolved to the full name ("Singh" -> "Sabrina Singh"), pronouns to the last
compatible speaker, and institutions ("the ministry") to the country named with them earlier.
The actor comes from the gazetteer: first from the phrase itself, then from what the text
said about the person before, then from the shipped list of well-known officials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from stance import lexicon
from stance.actors import Gazetteer, gazetteer
from stance.schema import Statement

_NAME_TOKEN = re.compile(r"[A-ZÀ-Ý][\w'’.-]*")
_NO_COUNTRY = {"official", "officials", "source", "sources", "diplomat", "diplomats", "analyst",
               "analysts", "expert", "experts", "observers", "critics", "witnesses", "residents"}
_INSTITUTION = {"ministry", "government", "office", "embassy", "army", "military", "navy",
                "forces", "agency", "administration", "cabinet", "presidency", "junta",
                "command", "spokesperson", "spokesman", "spokeswoman", "mission", "authorities",
                "council", "coast", "guard", "delegation", "regime", "palace", "leadership"}
_WINDOW = 120


@dataclass
class _Person:
    name: str
    actor: str | None


@lru_cache(maxsize=1)
def people() -> dict[str, str]:
    """Well-known officials (full name -> actor code), from ``resources/people.tsv``."""
    rows = [ln.split("\t") for ln in lexicon._lines("people.tsv")]
    return {name: code for name, code in rows}


def person_name(raw: str, gaz: Gazetteer) -> str | None:
    """The personal name in a speaker phrase, without titles and institutions."""
    words = lexicon.speaker_words()
    titles = lexicon.titles()
    spans = {(a, b) for a, b, _ in gaz.find_all(raw)}
    name: list[str] = []
    for m in _NAME_TOKEN.finditer(raw):
        tok = m.group()
        low = tok.lower().rstrip("’'s") if tok.endswith(("’s", "'s")) else tok.lower()
        in_alias = any(a <= m.start() < b for a, b in spans)
        if in_alias or low in words or low in titles or low in lexicon.pronouns() \
                or low in {"the", "a", "an", "of", "for", "and"}:
            name = []
            continue
        if tok.endswith(("’s", "'s")):
            name = []
            continue
        name.append(tok.rstrip(".,"))
    return " ".join(name) if name else None


def _context_actor(text: str, name: str, before: int, gaz: Gazetteer) -> str | None:
    """The actor named next to an earlier mention of ``name`` ("Russian Foreign Minister Lavrov")."""
    last = name.split()[-1]
    for m in re.finditer(re.escape(last), text[:before]):
        a = max(0, m.start() - _WINDOW // 2)
        window = text[a:m.start()]
        # only the same clause: from the last sentence break before the name
        cut = max(window.rfind(". "), window.rfind("\n"), window.rfind(", "))
        window = window[cut + 1:] if cut >= 0 else window
        found = [c for _, _, c in gaz.find_all(window)]
        if found:
            return found[-1]
    return None


_GOV_TITLES = {"minister", "ministry", "president", "premier", "chancellor", "spokesman",
               "spokeswoman", "spokesperson", "secretary", "ambassador", "envoy", "government",
               "commodore", "general", "admiral", "colonel", "commander", "king", "emir"}


def _is_official(raw: str) -> bool:
    return bool(set(re.findall(r"\w+", raw.lower())) & _GOV_TITLES)


def _nearby_country(text: str, s: Statement, gaz: Gazetteer) -> str | None:
    """A government title with no country ("Energy Minister X"): the country named last
    before it in its paragraph or the one before, which is how news introduces officials."""
    a = s.frame_start if s.frame_start >= 0 else s.start
    para = text.rfind("\n", 0, a)
    prev = text.rfind("\n", 0, max(para, 0))
    found = [c for _, _, c in gaz.find_all(text, max(prev, 0), a) if gaz.type(c) == "country"]
    return found[-1] if found else None


def _institution_actor(text: str, raw: str, before: int, gaz: Gazetteer) -> str | None:
    """'the ministry' -> the country whose ministry the text named last."""
    heads = [w for w in re.findall(r"\w+", raw.lower()) if w in _INSTITUTION]
    if not heads:
        return None
    head = heads[-1]
    best = None
    for m in re.finditer(r"\b" + head + r"\b", text[:before], re.IGNORECASE):
        window = text[max(0, m.start() - 60):m.end() + 40]
        found = [c for _, _, c in gaz.find_all(window)]
        if found:
            best = found[0] if m.start() - 60 < 0 else found[-1] if len(found) == 1 else found[0]
    return best


def resolve(text: str, statements: list[Statement]) -> list[Statement]:
    """Fill ``speaker`` and ``actor`` for each statement, in document order.

    Parameters
    ----------
    text
        The source text the statements point into (earlier mentions are looked up in it).
    statements
        Statements from :func:`stance.extract.extract`.
    """
    gaz = gazetteer()
    known: list[_Person] = []
    out: list[Statement] = []
    last_person: tuple[str, str | None] | None = None
    last_any: tuple[str, str | None] | None = None
    famous = people()
    for s in statements:
        raw = (s.speaker_raw or "").strip()
        low = raw.lower()
        speaker: str | None = raw or None
        actor: str | None = None
        kind = "person"
        pron = lexicon.pronouns().get(low)
        if pron == "person":
            if last_person:
                speaker, actor = last_person
        elif pron == "group":
            if last_any:
                speaker, actor = last_any
            kind = "group"
        elif raw:
            actor = gaz.first(raw)
            name = person_name(raw, gaz)
            if name:
                match = next((p for p in reversed(known)
                              if set(name.split()) & set(p.name.split())), None)
                if match and len(name.split()) < len(match.name.split()):
                    name = match.name
                if actor is None and match:
                    actor = match.actor
                if not match:
                    full = famous.get(name) and name or next(
                        (n for n in famous if len(name.split()) == 1 and n.split()[-1] == name),
                        None)
                    if full:
                        name = full
                        actor = actor or famous[full]
                if actor is None:
                    actor = _context_actor(text, name, max(s.start, s.frame_end), gaz)
                if actor is None and _is_official(raw):
                    actor = _nearby_country(text, s, gaz)
                speaker = name
                if not match or match.actor is None:
                    known.append(_Person(name, actor))
            else:
                kind = "group"
                words = set(re.findall(r"\w+", low))
                if actor is None and not (words & _NO_COUNTRY):
                    actor = _institution_actor(text, raw, s.start, gaz)
                speaker = re.sub(r"^(a|an)\s+", "", raw, flags=re.IGNORECASE)
        if speaker is not None:
            if kind == "person":
                last_person = (speaker, actor)
            last_any = (speaker, actor)
        out.append(replace(s, speaker=speaker, actor=actor))
    return out
