"""Rendering results for people and programs: tables, JSON, CSV, Markdown and plots.

The CLI calls these; nothing here computes results, and nothing here knows the command line
(the HTML page lives in :mod:`stance.html_report`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from stance.errors import InputError
from stance.labels import COLORS, LABELS, STANCES
from stance.schema import SCHEMA_VERSION, Analysis

_STMT_COLS = ["source", "start", "end", "kind", "speaker", "actor", "actor_name", "targets",
              "label", "confidence", *[f"p_{lab}" for lab in LABELS], "text"]


def render(results: list[Analysis], fmt: str, docs: Sequence | None = None) -> str:
    """Analyses in ``fmt``: table, json, jsonl, csv, markdown or html.

    ``html`` needs ``docs``, the :class:`~stance.textio.Document` each analysis came from,
    because the page shows the statements in place in the text.
    """
    if fmt == "html":
        from stance.html_report import article_page

        if docs is None:
            raise ValueError("the html format needs the documents' texts")
        return article_page(results, docs)
    if fmt == "json":
        if len(results) == 1:
            return json.dumps(results[0].to_dict(), ensure_ascii=False, indent=2) + "\n"
        return json.dumps({"schema_version": SCHEMA_VERSION,
                           "results": [r.to_dict() for r in results]},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = []
        for r in results:
            for s in r.statements:
                lines.append(json.dumps({"source": r.source, **s.to_dict()}, ensure_ascii=False))
        return "\n".join(lines) + ("\n" if lines else "")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(_STMT_COLS)
        for r in results:
            for s in r.statements:
                d = s.to_dict()
                w.writerow([r.source, d["start"], d["end"], d["kind"], d["speaker"] or "",
                            d["actor"] or "", d["actor_name"] or "", ";".join(d["targets"]),
                            d["label"], f"{s.confidence:.4f}",
                            *(f"{s.probabilities[lab]:.4f}" for lab in LABELS), d["text"]])
        return buf.getvalue()
    if fmt == "markdown":
        return "\n".join(_markdown(r) for r in results)
    return _tables(results)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _tables(results: list[Analysis]) -> str:
    from rich.table import Table
    from rich.text import Text

    out = []
    for r in results:
        t = Table(title=f"{r.source or 'text'}: {len(r.statements)} statements",
                  title_justify="left")
        for col in ("#", "speaker", "actor", "label", "conf", "statement"):
            t.add_column(col, justify="right" if col in ("#", "conf") else "left",
                         overflow="fold")
        for i, s in enumerate(r.statements):
            t.add_row(str(i), s.statement.speaker or "?", s.statement.actor or "-",
                      Text(s.label, style=f"bold {COLORS[s.label]}"),
                      f"{s.confidence:.2f}", _short(s.statement.text))
        a = Table(title="actors", title_justify="left")
        for col in ("actor", "name", "n", "stance", "conf", *LABELS):
            a.add_column(col, justify="right" if col not in ("actor", "name", "stance") else "left")
        for x in r.actors:
            a.add_row(x.actor, x.name, str(x.statements),
                      Text(x.stance, style=f"bold {COLORS[x.stance]}"), f"{x.confidence:.2f}",
                      *(f"{x.distribution[lab]:.2f}" for lab in LABELS))
        out += [t, a]
    return render_rich(*out)


def render_rich(*renderables) -> str:
    """rich renderables as text: coloured on a terminal, plain (120 columns) otherwise."""
    from rich.console import Console

    buf = io.StringIO()
    width = 120 if not sys.stdout.isatty() else None
    c = Console(file=buf, width=width, no_color=bool(os.environ.get("NO_COLOR")),
                force_terminal=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    for r in renderables:
        c.print(r)
    return buf.getvalue()


def _markdown(r: Analysis) -> str:
    lines = [f"# Stance report: {r.source or 'text'}", ""]
    if not r.statements:
        return "\n".join(lines + ["No statements found.", ""])
    lines += [f"{len(r.statements)} statements by {len(r.actors)} actors.", "", "## Actors", "",
              "| actor | name | statements | stance | confidence |", "|---|---|---|---|---|"]
    for a in r.actors:
        lines.append(f"| {a.actor} | {a.name} | {a.statements} | **{a.stance}** | "
                     f"{a.confidence:.2f} |")
    if r.dyads:
        lines += ["", "## Who said what about whom", ""]
        for d in r.dyads:
            n = sum(d.counts.values())
            lines.append(f"- {d.source} → {d.target}: {d.stance} ({n} statement{'s' * (n > 1)})")
    lines += ["", "## Statements", ""]
    for s in r.statements:
        who = s.statement.speaker or "unknown speaker"
        act = f" ({s.statement.actor})" if s.statement.actor else ""
        lines.append(f"- **{s.label}** ({s.confidence:.2f}) — {who}{act}: "
                     f"“{_short(s.statement.text, 200)}”")
    return "\n".join(lines) + "\n"


def render_evaluation(result: dict) -> str:
    lines = []
    for key in ("cross_validation", "statements"):
        r = result.get(key)
        if not r:
            continue
        title = "cross-validated (model card): " + str(r.get("scheme")) if key == \
            "cross_validation" else f"labelled statements ({r.get('rows')} rows)"
        lines += [title, f"macro-F1 {r['macro_f1']}  accuracy {r['accuracy']}", "",
                  f"{'label':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
        for lab, v in r["per_label"].items():
            lines.append(f"{lab:<12}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>10.3f}"
                         f"{v['support']:>9}")
        lines += ["", "confusion matrix (rows true, columns predicted)",
                  " " * 12 + "".join(f"{lab[:10]:>11}" for lab in LABELS)]
        for lab, row in zip(LABELS, r["confusion_matrix"]):
            lines.append(f"{lab:<12}" + "".join(f"{v:>11}" for v in row))
        if r.get("per_writer"):
            lines += ["", "per held-out writer: " + ", ".join(f"{w} {v}" for w, v in
                                                               r["per_writer"].items())]
        lines.append("")
    a = result.get("articles")
    if a:
        s = a["statements"]
        lines += [f"gold articles: {a['articles']}",
                  f"statements  precision {s['precision']}  recall {s['recall']}  F1 {s['f1']}"
                  f"  (gold {s['gold']}, predicted {s['predicted']}, matched {s['matched']})",
                  f"actor accuracy (matched)  {a['actor_accuracy']}",
                  f"label accuracy (matched)  {a['label_accuracy']}",
                  f"aggregate accuracy        {a['aggregate_accuracy']}", ""]
    if result.get("attributions"):
        lines += render_attributions(result["attributions"])
    return "\n".join(lines) + "\n"


def render_attributions(r: dict) -> list[str]:
    """The attribution-corpus scores (PolNeAR's definitions) as lines of text."""
    c = r["counts"]
    lines = [f"attribution corpus: {r['documents']} documents, {c['gold']} gold attributions "
             f"({c['gold_speech']} speech), {c['predicted']} predicted statements",
             f"speech recall     {r['speech_recall']:.4f}  "
             f"({c['speech_found']}/{c['gold_speech']})",
             f"recall (all)      {r['recall']:.4f}  ({c['found']}/{c['gold']})",
             f"precision         {r['precision']:.4f}  ({c['predicted_correct']}/{c['predicted']})",
             f"speech precision  {r['speech_precision']:.4f}  (against speech attributions only)",
             f"speaker accuracy  {r['speaker_accuracy']:.4f}  "
             f"({c['speaker_correct']}/{c['speaker_scored']}); invented where the gold names "
             f"none {r['invented_speakers']:.4f} ({c['invented_speakers']}/{c['unsourced']})",
             f"content F1        {r['content_f1']:.4f}  (words of found statements against "
             f"their gold content; well-bounded, F1 >= 0.8: {r['well_bounded']:.4f})", "",
             f"{'cue':<16}{'gold':>7}{'found':>7}{'recall':>8}"]
    for row in r["per_cue"][:30]:
        lines.append(f"{row['cue'][:15]:<16}{row['gold']:>7}{row['found']:>7}{row['recall']:>8.3f}")
    if r.get("misses"):
        lines += ["", "missed speech attributions (most frequent cues first):"]
        for m in r["misses"]:
            lines.append(f"  {m['doc']} {m['start']}-{m['end']} cue={m['cue']!r} "
                         f"source={m['source']!r}: {_short(m['text'], 100)}")
    return lines


def render_card(card: dict, path: str = "") -> str:
    from stance.model import render_card as md

    return (f"model file: {path}\n" if path else "") + md(card)


# -- plots ---------------------------------------------------------------------------
_COLORS = COLORS  # one colour per label across the project (stance.labels)


def _check_out(out, force: bool) -> None:
    from stance.textio import check_output

    check_output(out, force)


def plot_actors(actors, out, force: bool = False, title: str = "stance by actor") -> None:
    """Stacked bars of each actor's stance distribution."""
    from stance.evaluate import _pyplot, _save

    _check_out(out, force)
    plt = _pyplot()
    actors = list(actors)
    fig, ax = plt.subplots(figsize=(8, 0.45 * max(3, len(actors)) + 1))
    left = [0.0] * len(actors)
    names = [a.actor for a in actors]
    for lab in LABELS:
        vals = [a.distribution.get(lab, 0.0) for a in actors]
        ax.barh(names, vals, left=left, color=_COLORS[lab], label=lab)
        left = [x + v for x, v in zip(left, vals)]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of statements (probability-weighted)")
    # the legend sits just above the bars and the title above the legend: neither covers
    # the other
    ax.set_title(title, pad=26)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, fontsize=8, frameon=False)
    fig.tight_layout()
    _save(fig, out)


def _read_csv(path) -> list[dict]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise InputError(f"{p}: no rows")
    return rows


def plot_actors_csv(path, out, top: int = 15, force: bool = False) -> None:
    from types import SimpleNamespace

    _check_out(out, force)
    rows = _read_csv(path)
    if "actor" not in rows[0] or f"share_{LABELS[0]}" not in rows[0] or "period" in rows[0]:
        raise InputError(f"{path}: not an actors.csv from `stance corpus`")
    rows.sort(key=lambda r: (-int(r["statements"]), r["actor"]))
    actors = [SimpleNamespace(actor=r["actor"], distribution={
        lab: float(r[f"share_{lab}"]) for lab in LABELS}) for r in rows[:top]]
    plot_actors(actors, out, force=force, title=f"stance by actor ({Path(path).name})")


def plot_timeseries(path, out, actors=None, force: bool = False) -> None:
    """One panel per actor: share of each non-neutral stance per period."""
    from stance.evaluate import _pyplot, _save

    _check_out(out, force)
    rows = _read_csv(path)
    if "period" not in rows[0] or "actor" not in rows[0]:
        raise InputError(f"{path}: not a timeseries.csv from `stance corpus`")
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["actor"]] = totals.get(r["actor"], 0) + int(r["statements"])
    if actors:
        unknown = [a for a in actors if a not in totals]
        if unknown:
            raise InputError(f"no rows for actor(s) {', '.join(unknown)} in {path}")
    else:
        actors = sorted(totals, key=lambda a: (-totals[a], a))[:5]
    plt = _pyplot()
    fig, axes = plt.subplots(len(actors), 1, figsize=(9, 2.4 * len(actors) + 0.5), sharex=True,
                             squeeze=False)
    periods = sorted({r["period"] for r in rows})
    for ax, actor in zip(axes[:, 0], actors):
        mine = {r["period"]: r for r in rows if r["actor"] == actor}
        for lab in (*STANCES, "neutral"):
            ys = [float(mine[p][f"share_{lab}"]) if p in mine else float("nan") for p in periods]
            ax.plot(periods, ys, marker="o", ms=3, color=_COLORS[lab], label=lab)
        ax.set_ylim(0, 1)
        ax.set_ylabel(actor)
        ax.grid(alpha=0.3)
    axes[0, 0].legend(loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=5, fontsize=8,
                      frameon=False)
    axes[-1, 0].tick_params(axis="x", rotation=45, labelsize=7)
    fig.suptitle("stance over time (probability-weighted share per period)")
    fig.tight_layout()
    _save(fig, out)


