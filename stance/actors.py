"""Speaker -> actor code, through the actor gazetteer (``resources/actors.csv``).

Codes follow ACTORS.md: ISO 3166-1 alpha-3 for countries (from pycountry when the gazetteer is
built), fixed codes for international organisations. A speaker the text does not tie to a
country gets ``None``: the gazetteer never guesses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from stance import lexicon
from stance.schema import Statement


class Gazetteer:
    """Names, short forms, demonyms, capitals and institutions of every actor.

    Matching is case-sensitive and whole-word, longest alias first, so "Papua New Guinea" is
    never read as "Guinea" and "us" is never the United States.
    """

    def __init__(self, rows=None) -> None:
        rows = lexicon.actor_rows() if rows is None else rows
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.capitals: dict[str, tuple[str, ...]] = {}
        alias: dict[str, str] = {}
        for r in rows:
            code = r["code"]
            self.names[code] = r["name"]
            self.types[code] = r["type"]
            self.capitals[code] = tuple(c for c in r["capitals"].split("|") if c)
            for col in ("names", "demonyms", "capitals", "institutions"):
                for a in r[col].split("|"):
                    a = a.strip()
                    if a and a not in alias:
                        alias[a] = code
                        if a.startswith("the "):
                            alias.setdefault("The " + a[4:], code)
        self.alias = alias
        ordered = sorted(alias, key=len, reverse=True)
        self._re = re.compile(
            r"(?<![\w.])(" + "|".join(re.escape(a) for a in ordered) + r")(?![\w]|\.\w)"
        )

    def find_all(self, text: str, start: int = 0, end: int | None = None):
        """Yield ``(start, end, code)`` for every actor mention in ``text[start:end]``."""
        end = len(text) if end is None else end
        for m in self._re.finditer(text, start, end):
            yield m.start(), m.end(), self.alias[m.group(1)]

    def first(self, text: str) -> str | None:
        """The first actor mentioned in ``text``, or ``None``."""
        for _, _, code in self.find_all(text):
            return code
        return None

    def capital_country(self, city: str) -> str | None:
        """The country whose capital ``city`` is (case-insensitive: "TBILISI" -> GEO)."""
        if not hasattr(self, "_capital_codes"):
            self._capital_codes = {c.lower(): code for code, caps in self.capitals.items()
                                   for c in caps}
        return self._capital_codes.get(city.strip().lower())

    def name(self, code: str | None) -> str | None:
        return self.names.get(code) if code else None

    def type(self, code: str | None) -> str | None:
        return self.types.get(code) if code else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, built once per process."""
    return Gazetteer()


def targets(text: str, statement: Statement, gaz: Gazetteer | None = None) -> tuple[str, ...]:
    """Actors a statement is about: mentioned in it, other than its own speaker's."""
    gaz = gaz or gazetteer()
    seen: list[str] = []
    for _, _, code in gaz.find_all(text, statement.start, statement.end):
        if code != statement.actor and code not in seen:
            seen.append(code)
    return tuple(seen)


def attach_targets(text: str, statements: list[Statement]) -> list[Statement]:
    """Return the statements with ``targets`` filled in."""
    gaz = gazetteer()
    return [replace(s, targets=targets(text, s, gaz)) for s in statements]
