"""Property tests (hypothesis) of extract, analyze and corpus runs.

CI runs the ``ci`` profile: a fixed seed (derandomized) and a few hundred examples per test.
Nightly-sized runs choose the ``nightly`` profile (20,000 examples, random seeds):

    STANCE_HYPOTHESIS_PROFILE=nightly python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.labels import LABELS

settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.register_profile("nightly", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile(os.environ.get("STANCE_HYPOTHESIS_PROFILE", "ci"))


def fewer(k: int) -> settings:
    """The profile's examples divided by ``k``, for the slow properties (whole corpus runs)."""
    return settings(max_examples=max(10, settings.default.max_examples // k))


# -- text that looks like news, with the pieces that trip extractors ----------------------
WORDS = ["the", "ministry", "said", "told", "reporters", "that", "Moscow", "Beijing", "China",
         "Russia's", "foreign", "minister", "Sergei", "Lavrov", "Marcos", "Blinken", "he", "she",
         "it", "they", "urged", "denied", "condemned", "according", "to", "spokesperson",
         "U.S.", "Mr.", "on", "Monday", "attack", "talks", "restraint", "baseless", "claims",
         "and", "added", "warned", "called", "for", "a", "in", "Manila", "NATO", "said,",
         "EU", "Zhu", "Fenglian", "Taiwan", "Affairs", "Office", "embassy", "which", "who"]
MARKS = ["“", "”", "‘", "’", '"', "'", "«", "»", "„", ",", ".", ";", ":", "?", "!", "—", "-",
         "(", ")", "\n", "\n\n", " ", "  ", "\t"]


@st.composite
def newsy_text(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS),
                                    st.text(max_size=6)), max_size=80))
    out = []
    for p in parts:
        out.append(p)
        if p in WORDS:
            out.append(" ")
    return "".join(out)


texts = st.one_of(newsy_text(), st.text(max_size=300))


def check_statements(text: str, statements) -> None:
    prev = (-1, -1)
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert (s.start, s.end) >= prev  # document order
        prev = (s.start, s.end)
        assert s.kind in ("direct", "reported")


@given(texts)
def test_extract_offsets_point_into_the_text(text):
    from stance.extraction import extract

    check_statements(text, extract(text))


@given(texts)
def test_find_statements_speakers_and_actors_are_well_formed(text):
    from stance.actors import gazetteer
    from stance.pipeline import find_statements

    gaz = gazetteer()
    sts = find_statements(text)
    check_statements(text, sts)
    for s in sts:
        assert s.actor is None or gaz.name(s.actor)
        assert s.actor not in s.targets
        assert all(gaz.name(t) for t in s.targets)


@given(texts, st.floats(min_value=0.0, max_value=1.0))
def test_analyze_labels_and_confidences(model, text, min_confidence):
    import stance

    res = stance.analyze(text, model, min_confidence=min_confidence)
    check_statements(text, [s.statement for s in res.statements])
    for s in res.statements:
        p = s.probabilities
        assert s.label in LABELS and set(p) == set(LABELS)
        assert abs(sum(p.values()) - 1) < 1e-6
        top = max(LABELS, key=lambda lab: (p[lab], -LABELS.index(lab)))
        assert s.model_label == top
        if p[top] >= min_confidence:
            assert s.label == top
        else:
            assert s.label == "neutral"
        assert s.confidence == p[s.label]
    codes = [a.actor for a in res.actors]
    assert codes == sorted(codes)
    assert set(codes) == {s.statement.actor for s in res.statements if s.statement.actor}
    json.dumps(res.to_dict())


# -- the linear-time helpers give what the rescans gave --------------------------------------
@given(st.lists(st.integers(0, 500), max_size=40), st.integers(-5, 510))
def test_token_bisection_equals_a_scan(starts, pos):
    from stance.extraction.text import _tok_from

    toks = [(a, a + 1, "w") for a in sorted(set(starts))]
    scan = next((i for i, t in enumerate(toks) if t[0] >= pos), len(toks))
    assert _tok_from(toks, pos) == scan


@given(newsy_text())
def test_abbreviation_check_equals_the_regex(text):
    from stance.extraction.text import _is_abbrev

    def old(s: int, i: int) -> bool:  # the previous implementation, rescanning from s
        from stance.extraction.text import _ABBREV

        m = re.search(r"([\w.]+)$", text[s:i])
        if not m:
            return False
        w = m.group(1).lower()
        return w in _ABBREV or (len(w) == 1 and w.isalpha()) or bool(re.fullmatch(r"(\w\.)+\w",
                                                                                   w))

    for i, ch in enumerate(text):
        if ch == "." and "\n" not in text[:i]:
            assert _is_abbrev(text, 0, i) == old(0, i)


@given(newsy_text(), st.lists(st.integers(0, 400), min_size=1, max_size=8),
       st.sampled_from(["Lavrov", "Marcos", "Fenglian", "ministry", "Office"]))
def test_per_text_caches_give_what_fresh_searches_give(text, befores, name):
    from stance.actors import gazetteer
    from stance.speakers import _context_actor, _institution_actor

    gaz = gazetteer()
    ctx: dict = {}
    inst: dict = {}
    raw = f"the {name}"
    for before in befores:
        assert _context_actor(text, name, before, gaz, ctx) == \
            _context_actor(text, name, before, gaz)
        assert _institution_actor(text, raw, before, gaz, inst) == \
            _institution_actor(text, raw, before, gaz)


# -- corpus runs -------------------------------------------------------------------------
def _quiet():
    from rich.console import Console

    return Console(quiet=True)


QUIET = _quiet()
BODIES = [
    "Talks stalled.\nThe Chinese foreign ministry said the claims were baseless.",
    "Strike on port.\n“We condemn this attack,” Ukraine's foreign minister said on Monday.",
    "Envoys meet.\nThe European Union called on both sides to show restraint.",
    "Quiet day.\nNothing was said by anyone today.",
]
RECORD = st.one_of(
    st.builds(lambda b, d, i: json.dumps({"id": i, "text": b, "date": d}),
              st.sampled_from(BODIES), st.sampled_from(["2025-01-06", "2025-02-11", None, "x"]),
              st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))),
    st.sampled_from(["{broken", "[1, 2]", '{"id": "e", "text": ""}', '{"text": 5}',
                     "\x00\x01 junk", "   "]),
)


@fewer(6)
@given(st.lists(RECORD, max_size=12), st.integers(1, 5))
def test_corpus_run_accounts_for_every_line(lines, batch_size):
    from stance import corpus

    tmp = Path(tempfile.mkdtemp())
    try:
        src = tmp / "c.jsonl"
        src.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
        nonblank = sum(1 for x in lines if x.strip())
        stats = corpus.run([str(src)], tmp / "o", jobs=1, batch_size=batch_size, console=QUIET)
        assert stats["done"] + stats["errors"] == nonblank
        out = tmp / "o"
        done = (out / "done.txt").read_text(encoding="utf-8").split("\n")[:-1]
        assert len(done) == len(set(done)) == nonblank  # every line once, ids unique
        errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
        assert len(errors) == stats["errors"]
        recs = [json.loads(x) for x in (out / "statements.jsonl").read_text().splitlines()]
        assert len(recs) == stats["statements"]
        assert {r["article_id"] for r in recs} <= set(done) - {e["id"] for e in errors}
        with_actor = sum(1 for r in recs if r.get("actor"))
        rows = (out / "actors.csv").read_text().splitlines()[1:]
        assert sum(int(r.split(",")[4]) for r in rows) == with_actor
        # resuming does nothing new
        again = corpus.run([str(src)], out, jobs=1, batch_size=batch_size, console=QUIET)
        assert again["skipped"] == nonblank and again["done"] == again["errors"] == 0
        assert len((out / "statements.jsonl").read_text().splitlines()) == len(recs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
