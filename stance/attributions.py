"""Scoring extraction against attribution corpora in brat standoff (PolNeAR, PARC-style).

A corpus directory holds ``text/NAME.txt`` and ``attributions/NAME_XXXX.ann`` (one file per
annotator; the first in sorted order is used). The scores follow PolNeAR's README exactly:

* a gold attribution is **found** when a predicted statement overlaps its Content span by at
  least half the length of the shorter of the two spans;
* **speech recall** counts attributions whose cue is a speech or speech-act word
  (``resources/speech_cues.txt``, or "according to"); **recall** counts them all;
* **precision**: predicted statements that overlap some gold Content span by the same rule;
* **speaker accuracy**: over found speech attributions whose Source is not only a pronoun, the
  predicted speaker shares a word of three or more letters (case-folded, not a function word)
  with the gold Source.

One figure of our own, beside PolNeAR's: **content F1**, over found speech attributions, the
F1 of the words of the gold Content span (less its own Cue and Source words) against the words
of the predicted statements that touch it. The found rule above forgives a statement that is
half its content; a reader does not: "In the long run" for "In the long run, economists say,
costs will rise" counts as found but scores 0.5 here. **Well-bounded** is the share of found
speech attributions with content F1 of at least 0.8. **Invented speakers**: over found speech
attributions whose gold names no Source ("Iran is accused of ..."), the share given a speaker
anyway (lower is better: such a speaker is always wrong, and speaker accuracy cannot see it).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stance.errors import InputError
from stance.lexicon import speech_cue_lemmas
from stance.schema import Statement

_STOP = {"the", "and", "for", "his", "her", "its", "their"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "them", "us", "me",
             "his", "her", "its", "their", "our", "my", "your", "who", "which", "that"}
_WORD = re.compile(r"[^\W\d_]+")
_ID = re.compile(r"[TERAN#*]\d*\t")


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution: Content span (its whole extent), Cue and Source, if any."""

    doc: str
    start: int
    end: int
    cue: str | None
    source: str | None
    source_start: int = -1
    source_end: int = -1
    cue_start: int = -1
    cue_end: int = -1
    fragments: tuple[tuple[int, int], ...] = ()  # a discontinuous Content span's pieces

    @property
    def speech(self) -> bool:
        """Whether the cue is a speech or speech-act word (the speech recall's population)."""
        return is_speech_cue(self.cue)

    @property
    def pronoun_source(self) -> bool:
        """A Source that is only a pronoun ("he", "they") is left out of speaker accuracy."""
        words = _WORD.findall((self.source or "").lower())
        return bool(words) and all(w in _PRONOUNS for w in words)


@dataclass(frozen=True)
class BratDocument:
    """One article and its gold attributions."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def is_speech_cue(cue: str | None) -> bool:
    """Whether a cue is one of the speech and speech-act words, in any inflection."""
    if not cue:
        return False
    words = _WORD.findall(cue.lower())
    lemmas = speech_cue_lemmas()
    return any(w in lemmas for w in words) or "according to" in " ".join(words)


def cue_lemma(cue: str | None) -> str:
    """A short key for per-cue tallies: the first listed speech word, else the cue folded."""
    words = _WORD.findall((cue or "").lower())
    if "according" in words:
        return "according to"
    lemmas = speech_cue_lemmas()
    for w in words:
        if w in lemmas:
            return lemmas[w]
    return " ".join(words[:3]) or "(none)"


def _span(field: str) -> tuple[int, int]:
    """``"12 40"`` or a discontinuous ``"12 20;25 40"`` -> its whole extent."""
    nums = [int(n) for part in field.split(";") for n in part.split()]
    return min(nums), max(nums)


def _fragments(field: str) -> tuple[tuple[int, int], ...]:
    """``"12 20;25 40"`` -> ``((12, 20), (25, 40))``."""
    return tuple((int(a), int(b)) for a, b in (part.split() for part in field.split(";")))


def parse_ann(name: str, text: str, ann: str) -> BratDocument:
    """Parse one brat ``.ann`` file against its text."""
    spans: dict[str, tuple[int, int]] = {}
    pieces: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[dict[str, str]] = []
    for ln in ann.splitlines():
        if not _ID.match(ln):
            continue  # a span's text may run over several lines; only ids start a record
        if ln.startswith("T"):
            parts = ln.split("\t")
            _kind, _, field = parts[1].partition(" ")
            try:
                spans[parts[0]] = _span(field)
                pieces[parts[0]] = _fragments(field)
            except ValueError:
                raise InputError(f"{name}: malformed span in {ln[:60]!r}") from None
        elif ln.startswith("E"):
            parts = ln.split("\t")
            if len(parts) < 2:
                raise InputError(f"{name}: malformed brat line {ln[:60]!r}")
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    atts = []
    for e in events:
        if "Content" not in e or e["Content"] not in spans:
            continue
        a, b = spans[e["Content"]]
        cs, ce = spans.get(e.get("Cue", ""), (-1, -1))
        ss, se = spans.get(e.get("Source", ""), (-1, -1))
        frag = pieces[e["Content"]]
        atts.append(GoldAttribution(
            name, a, b, text[cs:ce] if cs >= 0 else None, text[ss:se] if ss >= 0 else None,
            ss, se, cs, ce, frag if len(frag) > 1 else ()))
    atts.sort(key=lambda g: (g.start, g.end))
    return BratDocument(name, text, tuple(atts))


def read_corpus(directory: str | Path) -> Iterator[BratDocument]:
    """The documents of a brat corpus (``text/*.txt`` + ``attributions/*.ann``), sorted by name."""
    d = Path(directory)
    tdir, adir = d / "text", d / "attributions"
    if not tdir.is_dir() or not adir.is_dir():
        raise InputError(f"{d}: not a brat corpus (expected text/ and attributions/ folders)")
    anns: dict[str, Path] = {}
    for p in sorted(adir.glob("*.ann")):
        stem = p.stem
        for cand in (stem, stem.rsplit("_", 1)[0]):
            if (tdir / f"{cand}.txt").is_file():
                anns.setdefault(cand, p)
                break
    if not anns:
        raise InputError(f"{d}: no .ann file matches a text in {tdir}")
    for name in sorted(anns):
        try:
            text = (tdir / f"{name}.txt").read_text(encoding="utf-8")
            ann = anns[name].read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text") from None
        yield parse_ann(name, text, ann)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Overlap of two spans when it is at least half the shorter one's length, else 0."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter if shorter > 0 and inter >= shorter / 2 else 0


_TOKEN = re.compile(r"\w+")


def content_f1(text: str, predicted: Iterable[tuple[int, int]], gold: GoldAttribution
               ) -> float:
    """F1 of the words of the ``predicted`` spans (together) against the words of ``gold``'s
    Content span (its pieces, when it is discontinuous), both less the words of its Cue and
    Source: a quote split by its attribution
    is one Content span in PolNeAR and two statements here, and a statement of an object verb
    ("Moscow dismissed the reports as ...") keeps its speaker and verb here; both readings are
    right."""
    def words(a: int, b: int) -> set[int]:
        return {m.start() for m in _TOKEN.finditer(text, a, b)} if 0 <= a < b else set()
    own = words(gold.cue_start, gold.cue_end) | words(gold.source_start, gold.source_end)
    g = set().union(*(words(a, b) for a, b in gold.fragments or [(gold.start, gold.end)])) - own
    p: set[int] = set().union(*(words(a, b) for a, b in predicted)) - own
    inter = len(p & g)
    return 2 * inter / (len(p) + len(g)) if inter else 0.0


def speaker_matches(predicted: str | None, gold: str | None) -> bool:
    """The README's rule: a shared word of 3+ letters, case-folded, not a function word."""
    if not predicted or not gold:
        return False
    def words(s: str) -> set[str]:
        return {w for w in _WORD.findall(s.lower()) if len(w) >= 3 and w not in _STOP}
    return bool(words(predicted) & words(gold))


def _predicted_speaker(s: Statement) -> str | None:
    return s.speaker or s.speaker_raw


def score_document(doc: BratDocument, predicted: list[Statement]) -> dict[str, Any]:
    """Per-document tallies and the found/missed gold attributions (see module docstring)."""
    pspans = [(s.start, s.end) for s in predicted]
    found: list[tuple[GoldAttribution, Statement | None]] = []
    hit_pred = [False] * len(predicted)
    hit_speech = [False] * len(predicted)
    touching: dict[int, list[Statement]] = {}
    for g in doc.attributions:
        best, best_fit = None, 0.0
        touching[id(g)] = []
        for i, p in enumerate(pspans):
            if min(p[1], g.end) > max(p[0], g.start):
                touching[id(g)].append(predicted[i])
            ov = overlaps(p, (g.start, g.end))
            if ov:
                hit_pred[i] = True
                hit_speech[i] = hit_speech[i] or g.speech
                # the closest statement: most shared, least beyond (a nested report's outer
                # statement holds its inner one whole; the inner is the closer)
                fit = ov / ((p[1] - p[0]) + (g.end - g.start) - ov)
                if fit > best_fit:
                    best, best_fit = predicted[i], fit
        found.append((g, best))
    return {"pairs": found, "touching": touching, "predicted": len(predicted),
            "correct": sum(hit_pred), "correct_speech": sum(hit_speech)}


def evaluate_attributions(directory: str | Path,
                          find: Callable[[str], list[Statement]] | None = None,
                          show_misses: int = 0, limit: int | None = None,
                          progress: Callable[[Iterable], Iterable] | None = None
                          ) -> dict[str, Any]:
    """Score the extractor and speaker resolver on a brat corpus.

    Parameters
    ----------
    directory
        A folder with ``text/`` and ``attributions/`` (PolNeAR's train split, for example).
    find
        Text -> statements with speakers; default :func:`stance.pipeline.find_statements`.
    show_misses
        How many missed speech attributions to list (most frequent cues first).
    limit
        Score only the first ``limit`` documents (for quick checks).

    Returns
    -------
    dict
        ``speech_recall``, ``recall``, ``precision``, ``speaker_accuracy``, their counts,
        ``speech_precision`` (predicted statements that overlap a *speech* attribution),
        ``content_f1`` and ``well_bounded`` (how closely found statements match their gold
        Content span, see the module docstring), ``invented_speakers`` (a speaker given where
        the gold names none),
        ``per_cue`` recall and ``misses``.
    """
    if find is None:
        from stance.pipeline import find_statements as find
    docs: Iterable[BratDocument] = read_corpus(directory)
    if limit is not None:
        docs = (d for i, d in enumerate(docs) if i < limit)
    if progress is not None:
        docs = progress(docs)
    n_gold = n_found = n_speech = n_speech_found = 0
    n_pred = n_correct = n_correct_speech = spk_n = spk_ok = 0
    f1_sum, n_bounded = 0.0, 0
    n_unsourced = n_invented = 0
    cue_tot: Counter[str] = Counter()
    cue_found: Counter[str] = Counter()
    misses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    n_docs = 0
    for doc in docs:
        n_docs += 1
        res = score_document(doc, find(doc.text))
        n_pred += res["predicted"]
        n_correct += res["correct"]
        n_correct_speech += res["correct_speech"]
        for g, p in res["pairs"]:
            n_gold += 1
            n_found += p is not None
            if not g.speech:
                continue
            n_speech += 1
            key = cue_lemma(g.cue)
            cue_tot[key] += 1
            if p is None:
                misses[key].append({"doc": doc.name, "start": g.start, "end": g.end,
                                    "cue": g.cue, "source": g.source,
                                    "text": doc.text[g.start:g.end][:160]})
                continue
            n_speech_found += 1
            cue_found[key] += 1
            f1 = content_f1(doc.text, [(q.start, q.end) for q in res["touching"][id(g)]], g)
            f1_sum += f1
            n_bounded += f1 >= 0.8
            if not g.source:
                n_unsourced += 1
                n_invented += _predicted_speaker(p) is not None
            elif not g.pronoun_source:
                spk_n += 1
                spk_ok += speaker_matches(_predicted_speaker(p), g.source)
    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0
    per_cue = [{"cue": c, "gold": n, "found": cue_found[c], "recall": ratio(cue_found[c], n)}
               for c, n in cue_tot.most_common()]
    # a few misses of each cue, most missed cues first, then the rest in the same order
    groups = [m for _c, m in sorted(misses.items(), key=lambda kv: -len(kv[1]))]
    each = max(1, show_misses // 10)
    worst = [x for g in groups for x in g[:each]] + [x for g in groups for x in g[each:]]
    return {
        "documents": n_docs,
        "speech_recall": ratio(n_speech_found, n_speech),
        "recall": ratio(n_found, n_gold),
        "precision": ratio(n_correct, n_pred),
        "speech_precision": ratio(n_correct_speech, n_pred),
        "speaker_accuracy": ratio(spk_ok, spk_n),
        "content_f1": round(f1_sum / n_speech_found, 4) if n_speech_found else 0.0,
        "well_bounded": ratio(n_bounded, n_speech_found),
        "invented_speakers": ratio(n_invented, n_unsourced),
        "counts": {"gold": n_gold, "gold_speech": n_speech, "found": n_found,
                   "speech_found": n_speech_found, "predicted": n_pred,
                   "predicted_correct": n_correct, "speaker_scored": spk_n,
                   "speaker_correct": spk_ok, "well_bounded": n_bounded,
                   "unsourced": n_unsourced, "invented_speakers": n_invented},
        "per_cue": per_cue,
        "misses": worst[:show_misses],
    }
