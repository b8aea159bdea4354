"""One self-contained HTML page per article, per set of articles, or per corpus run.

The pages are for reading and forwarding: the article with every statement highlighted in its
label's colour (label name written beside it), who said it and about whom; each country's
label distribution; the dyads; for a corpus, each country's stance over time and the articles.

How the page stays safe and offline:

* Templates are files in ``stance/resources/report/`` rendered by Jinja2 with autoescaping on,
  so every text from the input (article, speaker, title, URL) reaches the page escaped.
* Data for the interactive parts is embedded as JSON in a ``<script type="application/json">``
  block (``<``, ``>`` and ``&`` escaped as ``\\u003c``...) and put on the page by the script
  with ``textContent`` only.
* CSS and JavaScript are inline; a Content-Security-Policy forbids every request and lets run
  only the page's own script (by its SHA-256), so even markup that slipped through could not
  run or fetch anything. Links to articles' own URLs are kept only when they are http(s).

The corpus page stays fast for large runs: aggregates come from the run's CSV files, and the
statements of only the newest articles (``max_statements`` in all) are embedded; the other
articles are listed with their counts.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from stance.errors import InputError
from stance.labels import COLORS, INK, LABELS, TINTS
from stance.schema import Analysis, Dyad, LabelledStatement

MAX_STATEMENTS = 20_000
"""Default budget of statements whose text a corpus page embeds (newest articles first)."""

MAX_ARTICLES = 200
"""An article page holds at most this many articles; larger sets go through ``stance corpus``."""

TOP_SERIES = 12
"""Countries drawn as small multiples on the corpus page (most statements first)."""

MAX_SERIES = 60
"""Countries drawn in all: those after the first TOP_SERIES sit in a disclosure."""

TOP_DYADS = 30
"""Dyads listed on the corpus page (most statements first)."""

_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        "script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'")


# -- templates ------------------------------------------------------------------------------
def _resource(name: str) -> str:
    return files("stance").joinpath("resources", "report", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FunctionLoader(_resource), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    return env


def _page(template: str, **context: Any) -> str:
    """Render ``template`` with the shared context: palette, CSS, script and its CSP hash."""
    from markupsafe import Markup

    from stance import __version__

    script = _resource("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return _env().get_template(template).render(
        labels=LABELS, colors=COLORS, ink=INK, tints=TINTS, version=__version__,
        css=Markup(_resource("report.css")), script=Markup(script),
        csp=_CSP.format(hash=digest), **context)


# -- pieces shared by both pages ------------------------------------------------------------
def _names() -> Any:
    from stance.actors import gazetteer

    return gazetteer()


def _bar(distribution: dict[str, float]) -> list[dict[str, Any]]:
    """Segments of a label-distribution bar (labels with no weight left out)."""
    return [{"label": lab, "share": distribution.get(lab, 0.0),
             "pct": f"{100 * distribution.get(lab, 0.0):.0f}%"}
            for lab in LABELS if distribution.get(lab, 0.0) > 0.0005]


def _describe(distribution: dict[str, float]) -> str:
    return ", ".join(f"{s['label']} {s['pct']}" for s in _bar(distribution))


def _actor_row(code: str, name: str, n: int, distribution: dict[str, float], stance: str,
               confidence: float, articles: int | None = None) -> dict[str, Any]:
    return {"code": code, "name": name or code, "n": n, "articles": articles,
            "bar": _bar(distribution), "summary": _describe(distribution), "stance": stance,
            "confidence": f"{confidence:.2f}"}


def _matrix(dyads: Sequence[Dyad], gaz) -> dict[str, Any]:
    """Who speaks about whom: rows are speakers' actors, columns the actors they speak about."""
    sources = sorted({d.source for d in dyads})
    targets = sorted({d.target for d in dyads})
    cells = {(d.source, d.target): d for d in dyads}
    rows = []
    for s in sources:
        row = []
        for t in targets:
            d = cells.get((s, t))
            row.append(None if d is None else {
                "stance": d.stance, "n": sum(d.counts.values()),
                "title": f"{gaz.name(s) or s} about {gaz.name(t) or t}: " + ", ".join(
                    f"{lab} {c}" for lab, c in d.counts.items() if c)})
        rows.append({"code": s, "name": gaz.name(s) or s, "cells": row})
    return {"targets": [{"code": t, "name": gaz.name(t) or t} for t in targets], "rows": rows}


# -- article pages --------------------------------------------------------------------------
def _statement(s: LabelledStatement, ident: str, n: int, gaz) -> dict[str, Any]:
    st = s.statement
    return {
        "id": ident, "n": n, "label": s.label, "confidence": f"{s.confidence:.2f}",
        "conf_value": round(s.confidence, 4),
        "probs": [{"label": lab, "pct": f"{100 * s.probabilities.get(lab, 0.0):.0f}%",
                   "value": f"{s.probabilities.get(lab, 0.0):.2f}"} for lab in LABELS],
        "speaker": st.speaker or "unknown speaker", "actor": st.actor or "",
        "actor_name": s.actor_name or (gaz.name(st.actor) if st.actor else "") or "",
        "targets": [{"code": t, "name": gaz.name(t) or t} for t in st.targets],
        "kind": st.kind, "cue": st.cue or "", "text": st.text,
    }


def _pieces(text: str, statements: Sequence[dict[str, Any]],
            spans: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """The text cut into plain runs and statements (overlaps clipped, document order)."""
    out: list[dict[str, Any]] = []
    cursor = 0
    for vm, (start, end) in sorted(zip(statements, spans), key=lambda p: p[1]):
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            out.append({"text": text[cursor:start], "s": None})
        out.append({"text": text[start:end], "s": vm})
        cursor = end
    if cursor < len(text):
        out.append({"text": text[cursor:], "s": None})
    return out


def _document(k: int, r: Analysis, doc, gaz) -> dict[str, Any]:
    stmts = [_statement(s, f"d{k}-s{i}", i + 1, gaz) for i, s in enumerate(r.statements)]
    spans = [(s.statement.start, s.statement.end) for s in r.statements]
    actors = [_actor_row(a.actor, a.name, a.statements, a.distribution, a.stance,
                         a.confidence) for a in r.actors]
    present = sorted({s["actor"] for s in stmts if s["actor"]})
    return {
        "id": f"d{k}", "title": getattr(doc, "title", None) or _headline(doc.text)
        or getattr(doc, "id", None) or r.source or "text",
        "source": r.source, "date": getattr(doc, "date", None),
        "url": _safe_url(getattr(doc, "url", None)),
        "pieces": _pieces(doc.text, stmts, spans), "statements": stmts, "actors": actors,
        "matrix": _matrix(r.dyads, gaz),
        "actor_options": [{"code": c, "name": gaz.name(c) or c} for c in present],
        "labels_present": [lab for lab in LABELS if any(s["label"] == lab for s in stmts)],
    }


def _headline(text: str) -> str | None:
    """A text's first line when it reads like a headline (short, no full stop at the end)."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first if 0 < len(first) <= 160 and not first.endswith(".") else None


def article_page(results: Sequence[Analysis], docs: Sequence, title: str | None = None) -> str:
    """The HTML page of one or more analysed articles.

    Parameters
    ----------
    results
        One :class:`~stance.schema.Analysis` per article.
    docs
        The :class:`~stance.textio.Document` (or any object with ``text``) each came from:
        statements are shown in place, by their offsets into this text.
    title
        The page title; by default the article's title or file name.
    """
    if len(results) != len(docs):
        raise ValueError("one document per analysis")
    if len(results) > MAX_ARTICLES:
        raise InputError(f"{len(results)} articles is more than an article page holds "
                         f"({MAX_ARTICLES}): run `stance corpus INPUT --out DIR`, then "
                         "`stance report DIR`")
    gaz = _names()
    documents = [_document(k, r, d, gaz) for k, (r, d) in enumerate(zip(results, docs))]
    overview = None
    if len(results) > 1:
        from stance.aggregate import actor_stances, dyads

        every = [s for r in results for s in r.statements]
        overview = {
            "actors": [_actor_row(a.actor, a.name, a.statements, a.distribution, a.stance,
                                  a.confidence) for a in actor_stances(every)],
            "matrix": _matrix(dyads(every), gaz),
        }
    if title is None:
        title = documents[0]["title"] if len(documents) == 1 else \
            f"{len(documents)} articles"
    model = results[0].model if results else {}
    n = sum(len(d["statements"]) for d in documents)
    return _page("article.html", title=title, documents=documents, overview=overview,
                 n_statements=n, model=model)


# -- corpus pages ---------------------------------------------------------------------------
def is_run_dir(path: str | Path) -> bool:
    """True for an output directory of ``stance corpus`` (it holds statements.jsonl)."""
    p = Path(path)
    return p.is_dir() and (p / "statements.jsonl").is_file()


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file (rebuild it with `stance corpus "
                         f"--aggregate-only {path.parent}`)")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _shares(row: dict[str, str]) -> dict[str, float]:
    return {lab: float(row.get(f"share_{lab}") or 0.0) for lab in LABELS}


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{path}, line {n}: malformed JSON") from None


def _safe_url(url: Any) -> str | None:
    """Keep only http(s) links: a ``javascript:`` URL must never become a link."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _series(rows: list[dict[str, str]], actors: list[dict[str, Any]]) -> dict[str, Any]:
    """Small multiples: per country, one stacked column per period (height = statements)."""
    periods = sorted({r["period"] for r in rows})
    index = {p: i for i, p in enumerate(periods)}
    by_actor: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_actor.setdefault(r["actor"], []).append(r)
    width, height, pad = 300.0, 90.0, 2.0
    step = width / max(1, len(periods))
    charts = []
    for a in actors:
        mine = by_actor.get(a["code"])
        if not mine:
            continue
        top = max(int(r["statements"]) for r in mine)
        cols = []
        for r in sorted(mine, key=lambda r: r["period"]):
            n = int(r["statements"])
            h = height * n / top
            y = height + pad
            shares = _shares(r)
            segs = []
            for lab in LABELS:
                sh = h * shares[lab]
                if sh <= 0:
                    continue
                y -= sh
                segs.append({"label": lab, "y": f"{y:.1f}", "h": f"{sh:.1f}"})
            cols.append({"x": f"{index[r['period']] * step + 0.5:.1f}",
                         "w": f"{max(step - 1.0, 0.8):.1f}", "segs": segs,
                         "title": f"{r['period']}: {n} statement{'s' * (n != 1)}; "
                                  f"{_describe(shares)}"})
        charts.append({**a, "top": top, "cols": cols, "periods": len(mine)})
        if len(charts) >= MAX_SERIES:
            break
    return {"periods": periods, "charts": charts, "top": TOP_SERIES, "width": width,
            "height": height + 2 * pad, "first": periods[0] if periods else "",
            "last": periods[-1] if periods else ""}


def corpus_page(run_dir: str | Path, max_statements: int = MAX_STATEMENTS,
                title: str | None = None) -> str:
    """The HTML page of a ``stance corpus`` output directory (see :func:`_corpus_page`)."""
    try:
        return _corpus_page(run_dir, max_statements, title)
    except (KeyError, ValueError, TypeError, AttributeError) as e:
        raise InputError(f"{run_dir}: damaged run files ({type(e).__name__}: {e}); rebuild "
                         f"them with `stance corpus --aggregate-only {run_dir}`") from None


def _corpus_page(run_dir: str | Path, max_statements: int = MAX_STATEMENTS,
                 title: str | None = None) -> str:
    """The HTML page of a ``stance corpus`` output directory.

    Parameters
    ----------
    run_dir
        The ``--out`` directory of ``stance corpus`` (statements.jsonl and the CSV files).
    max_statements
        How many statements' texts the page embeds, newest articles first, whole articles
        only; 0 embeds all. Every article is listed with its counts either way.
    title
        The page title; by default the directory's name.
    """
    run = Path(run_dir)
    if not is_run_dir(run):
        raise InputError(f"{run}: not a `stance corpus` output directory (no statements.jsonl)")
    gaz = _names()
    actors_rows = _read_csv(run / "actors.csv")
    actors = [_actor_row(r["actor"], r["name"], int(r["statements"]), _shares(r), r["stance"],
                         float(r["confidence"]), int(r["articles"])) for r in actors_rows]
    actors.sort(key=lambda a: (-a["n"], a["code"]))
    dyad_rows = _read_csv(run / "dyads.csv")
    dyad_rows.sort(key=lambda r: (-int(r["statements"]), r["source"], r["target"]))
    dyads = [{**_actor_row(r["source"], gaz.name(r["source"]) or r["source"],
                           int(r["statements"]), _shares(r), r["stance"],
                           float(r["confidence"])),
              "target": r["target"], "target_name": gaz.name(r["target"]) or r["target"]}
             for r in dyad_rows[:TOP_DYADS]]
    series = _series(_read_csv(run / "timeseries.csv"), actors)

    # pass 1: every article's metadata and label counts (statements of an article are
    # contiguous in statements.jsonl)
    articles: dict[str, dict[str, Any]] = {}
    for rec in _records(run / "statements.jsonl"):
        aid = str(rec.get("article_id"))
        a = articles.get(aid)
        if a is None:
            a = articles[aid] = {"id": aid, "date": rec.get("date") or "",
                                 "title": rec.get("title") or "", "source": rec.get("source")
                                 or "", "url": _safe_url(rec.get("url")),
                                 "counts": [0] * len(LABELS), "actors": set()}
        if rec.get("label") in LABELS:
            a["counts"][LABELS.index(rec["label"])] += 1
        if rec.get("actor"):
            a["actors"].add(rec["actor"])
    order = sorted(articles.values(), key=lambda a: (a["date"], a["id"]), reverse=True)
    keep: set[str] = set()
    budget = max_statements if max_statements > 0 else float("inf")
    for a in order:
        n = sum(a["counts"])
        if n > budget:
            break
        budget -= n
        keep.add(a["id"])
    # pass 2: the statements of the articles kept
    kept: dict[str, list[list[Any]]] = {}
    for rec in _records(run / "statements.jsonl"):
        aid = str(rec.get("article_id"))
        if aid in keep and rec.get("label") in LABELS:
            kept.setdefault(aid, []).append([
                LABELS.index(rec["label"]), round(float(rec.get("confidence") or 0.0), 2),
                rec.get("speaker") or "", rec.get("actor") or "",
                list(rec.get("targets") or []), rec.get("text") or ""])
    codes = sorted({c for a in order for c in a["actors"]}
                   | {t for rows in kept.values() for s in rows for t in s[4]})
    data = {
        "labels": list(LABELS), "names": {c: gaz.name(c) or c for c in codes},
        "articles": [[a["id"], a["date"], a["title"], a["source"], a["url"],
                      a["counts"], sorted(a["actors"]), kept.get(a["id"]) if a["id"] in keep
                      else None] for a in order],
    }
    n_statements = sum(sum(a["counts"]) for a in order)
    n_kept = sum(len(v) for v in kept.values())
    dates = [a["date"] for a in order if a["date"]]
    errors = _count_lines(run / "errors.jsonl")
    return _page("corpus.html", title=title or f"Corpus report: {run.resolve().name}",
                 actors=actors, dyads=dyads, series=series, data=data,
                 n_articles=len(order), n_statements=n_statements, n_kept=n_kept,
                 n_left_out=len(order) - len(keep), n_errors=errors,
                 first=min(dates) if dates else "", last=max(dates) if dates else "",
                 period=_period_name(series["periods"]),
                 countries=[{"code": a["code"], "name": a["name"]} for a in actors])


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open(encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def _period_name(periods: list[str]) -> str:
    if not periods:
        return "period"
    if all(len(p) == 7 for p in periods):
        return "month"
    try:
        days = [date.fromisoformat(p) for p in periods]
    except ValueError:
        return "period"
    if all(d.weekday() == 0 for d in days) and len(days) > 1 and \
            all((b - a).days % 7 == 0 for a, b in zip(days, days[1:])):
        return "week"
    return "day"
