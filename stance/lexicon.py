"""Word lists and quote marks, read from the package's ``resources/`` data files.

Extraction rules are named data (textacy's reporting-verb constants, as files here) so that
a user can read and extend them without touching code. Each loader is cached.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files("stance").joinpath("resources").joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def speech_verbs() -> dict[str, str]:
    """Speech verb form -> frame (``clause``, ``object``, ``that`` or ``trailing``)."""
    rows = [ln.split("\t") for ln in _lines("speech_verbs.tsv")]
    return {form: frame for form, frame in rows[1:]}


@cache
def source_links() -> tuple[str, ...]:
    """Phrases naming a source by what it knows ("familiar with", "close to")."""
    return tuple(_lines("source_links.txt"))


@cache
def name_particles() -> tuple[frozenset[str], tuple[str, ...]]:
    """Lower-case words inside personal names ("von der", "bin", "da"), and the Arabic
    article prefixes written with a hyphen ("al-Burhan"), from ``name_particles.txt``."""
    lines = _lines("name_particles.txt")
    return frozenset(lines[0].split()), tuple(sorted(lines[1].split(), key=len, reverse=True))


@cache
def anonymity_asides() -> tuple[tuple[str, ...], ...]:
    """Asides that say why a source is not named ("asked not to be named"), as word tuples
    from their verb on: the verb in them introduces no statement."""
    return tuple(tuple(ln.lower().split()) for ln in _lines("anonymity.txt"))


@cache
def charge_nouns() -> frozenset[str]:
    """Nouns that sum up a claim before its denier ("a charge Minsk rejects")."""
    return frozenset(w for ln in _lines("charge_nouns.txt") for w in ln.split())


@cache
def passive_verbs() -> frozenset[str]:
    """Past participles whose passive with "by" names the speaker ("was condemned by the UN")."""
    return frozenset(w for ln in _lines("passive_verbs.txt") for w in ln.split())


@cache
def titles() -> frozenset[str]:
    """Lower-case titles and roles ("foreign minister", "spokesperson")."""
    return frozenset(_lines("titles.txt"))


@cache
def speaker_words() -> frozenset[str]:
    """Lower-case words allowed inside a speaker phrase (titles' single words included)."""
    words = set(_lines("speaker_words.txt"))
    for t in titles():
        words.update(t.split())
    return frozenset(words)


@cache
def speaker_nouns() -> frozenset[str]:
    """Common nouns that name a source in news ("aides", "the company", "a report")."""
    return frozenset(w for ln in _lines("speaker_nouns.txt") for w in ln.split())


@cache
def speaker_modifiers() -> frozenset[str]:
    """Lower-case modifiers inside a speaker phrase ("former", "longtime", "senior")."""
    return frozenset(w for ln in _lines("speaker_modifiers.txt") for w in ln.split())


@cache
def not_speakers() -> dict[str, frozenset[str]]:
    """Words that never begin a speaker phrase (``openers``) and time words (``time``)."""
    out: dict[str, set[str]] = {}
    section = ""
    for ln in _lines("not_speakers.txt"):
        if ln.startswith("["):
            section = ln.strip("[] ")
            continue
        out.setdefault(section, set()).update(ln.split())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def guarded_verbs() -> tuple[dict[str, str], frozenset[str]]:
    """Speech verbs that are also nouns (form -> frame), and the words that must precede them."""
    verbs: dict[str, str] = {}
    before: set[str] = set()
    section = ""
    for ln in _lines("guarded_verbs.txt"):
        if ln.startswith("["):
            section = ln.strip("[] ")
        elif section == "verbs":
            form, frame = ln.split("\t")
            verbs[form] = frame
        else:
            before.update(ln.split())
    return verbs, frozenset(before)


@cache
def pronouns() -> dict[str, str]:
    """Pronoun -> what it may refer to (``person`` or ``group``)."""
    return dict(ln.split("\t") for ln in _lines("pronouns.txt"))


@cache
def quote_pairs() -> dict[str, tuple[str, ...]]:
    """Opening quote mark -> the closing marks it accepts, double marks first."""
    path = files("stance").joinpath("resources").joinpath("quotes.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {opening: tuple(closing) for opening, closing in data["pairs"]}


@cache
def actor_rows() -> tuple[dict[str, str], ...]:
    """Rows of the actor gazetteer (``resources/actors.csv``)."""
    text = files("stance").joinpath("resources").joinpath("actors.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def respun() -> dict[str, str]:
    """Spun word or phrase (lower case) -> the plain word it replaced."""
    rows = [ln.split("\t") for ln in _lines("respun.tsv")]
    return {spun.lower(): plain for spun, plain in rows[1:]}


@cache
def speech_cue_lemmas() -> dict[str, str]:
    """Every inflection of the speech and speech-act cue words used to score attributions,
    mapped to its lemma (the first form on its line)."""
    return {w: ln.split()[0] for ln in _lines("speech_cues.txt") for w in ln.split()}


def resource_sha256(name: str) -> str:
    """SHA-256 of a resource file, recorded in model cards that depend on it."""
    import hashlib

    return hashlib.sha256(files("stance").joinpath("resources").joinpath(name).read_bytes()
                          ).hexdigest()
