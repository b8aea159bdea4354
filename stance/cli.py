"""The ``stance`` command line: parse options, call one library function, print.

Data goes to stdout, messages and progress to stderr. Exit codes: 0 ok, 1 runtime error
(bad input, missing model), 2 usage error. scikit-learn is never imported at module level,
so ``stance --help`` is instant.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from stance import __version__
from stance.errors import StanceError


class _OneLineErrors(TyperGroup):
    """The root command: usage errors as one ``stance: error: ...`` line (exit 2), never
    typer's boxed error panels."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except typer.Abort:
            typer.echo("stance: error: aborted", err=True)
            sys.exit(1)
        except Exception as e:  # click's exceptions, as bundled by typer
            if not (hasattr(e, "format_message") and hasattr(e, "exit_code")):
                raise
            if type(e).__name__ == "NoArgsIsHelpError":
                e.show()  # bare `stance` or `stance plot`: the help
                sys.exit(e.exit_code)
            msg = " ".join(e.format_message().split())
            ctx = getattr(e, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None and \
                type(e).__name__ != "ClickException" else ""
            typer.echo(f"stance: error: {msg}{hint}", err=True)
            sys.exit(e.exit_code)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    name="stance",
    help="Find who said what in foreign-policy news, attribute it to countries and label "
         "its stance: condemning, denying, justifying, requesting or neutral.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=_OneLineErrors,
    rich_markup_mode=None,  # plain help: no boxes, no <bool> after every flag
)
plot_app = typer.Typer(help="Draw stance plots from `stance corpus` output.", no_args_is_help=True,
                       rich_markup_mode=None)
app.add_typer(plot_app, name="plot")


class Fmt(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class RFmt(str, Enum):
    """What ``evaluate`` and ``info`` produce."""

    table = "table"
    json = "json"


class AFmt(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"


def _err(msg: str, code: int = 1) -> typer.Exit:
    typer.echo(f"stance: error: {msg}", err=True)
    return typer.Exit(code)


def _check_outputs(output: Path | None, force: bool, plot: Path | None = None) -> None:
    """Refuse bad output paths and a missing matplotlib before any work is done."""
    from stance.textio import check_output

    if output is not None:
        check_output(output, force)
    if plot is not None:
        check_output(plot, force, "--plot")
        from stance.evaluate import _pyplot

        _pyplot()
    if output is not None and plot is not None and output.resolve() == plot.resolve():
        raise StanceError("-o and --plot name the same file")


def _quiet_console(quiet: bool):
    from rich.console import Console

    return Console(stderr=True, quiet=quiet or not sys.stderr.isatty(),
                   no_color=bool(os.environ.get("NO_COLOR")))


def _load_model(model: Path | None, trust_pickle: bool = False):
    import warnings

    from stance.modelfile import load_fast

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        m = load_fast(model, trust_pickle=trust_pickle)
    for w in caught:
        typer.echo(f"stance: warning: {w.message}", err=True)
    return m


def _emit(text: str, out: Path | None, force: bool) -> None:
    if out is None:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
    else:
        from stance.textio import write_atomic

        write_atomic(out, text, force=force)
        typer.echo(f"wrote {out}", err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stance {__version__}")
        raise typer.Exit()


ModelOpt = Annotated[Path | None, typer.Option(
    "--model", "-m", help="Model file or directory (default: $STANCE_MODEL, then the shipped "
    "model).", show_default=False)]
TrustPickle = Annotated[bool, typer.Option(
    "--trust-pickle", help="Also load a pickle/joblib model file (it can run any code when "
    "read: only for files from someone you trust).")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of "
                                             "stdout.", show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]
MinConf = Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                        help="Send predictions below this confidence to "
                                             "neutral.")]


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False
          ) -> None:
    """stance: statements, speakers, countries and stances in foreign-policy news."""


@app.command()
def classify(
    texts: Annotated[list[str], typer.Argument(help="Statements to label; '-' reads one per "
                                               "line from stdin.", show_default=False)],
    fmt: Annotated[Fmt | None, typer.Option("--format", "-f", help="Output format (default: "
                                            "table on a terminal, jsonl otherwise).")] = None,
    model: ModelOpt = None,
    trust_pickle: TrustPickle = False,
    min_confidence: MinConf = 0.0,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Label single statements.

    Examples:

      stance classify "We categorically reject these baseless allegations."

      cat statements.txt | stance classify - --format jsonl
    """
    try:
        _check_outputs(output, force)
        items = _statement_inputs(texts)
        m = _load_model(model, trust_pickle)
        results = m.classify(items, min_confidence=min_confidence)
        fmt = fmt or (Fmt.table if sys.stdout.isatty() and output is None else Fmt.jsonl)
        _emit(_render_classifications(results, fmt), output, force)
    except StanceError as e:
        raise _err(str(e)) from None


def _statement_inputs(texts: list[str]) -> list[str]:
    from stance.errors import InputError
    from stance.textio import decode

    if texts == ["-"]:
        data = decode(sys.stdin.buffer.read(), "<stdin>")
        items = [ln.strip() for ln in data.splitlines() if ln.strip()]
    else:
        items = [t.strip() for t in texts]
        if "-" in texts:
            raise InputError("'-' must be the only argument")
    if not items or any(not t for t in items):
        raise InputError("empty text: give at least one non-empty statement")
    return items


def _render_classifications(results, fmt: Fmt) -> str:
    from stance.labels import LABELS

    if fmt is Fmt.jsonl:
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)
    if fmt is Fmt.json:
        return json.dumps({"schema_version": "1.0", "results": [r.to_dict() for r in results]},
                          ensure_ascii=False, indent=2) + "\n"
    if fmt is Fmt.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["text", "label", "confidence", *LABELS])
        for r in results:
            w.writerow([r.text, r.label, f"{r.confidence:.4f}",
                        *(f"{r.probabilities[lab]:.4f}" for lab in LABELS)])
        return buf.getvalue()
    from rich.table import Table

    t = Table(show_lines=False)
    t.add_column("label")
    t.add_column("conf", justify="right")
    t.add_column("text")
    for r in results:
        t.add_row(r.label, f"{r.confidence:.2f}", r.text)
    return _render_rich(t)


def _render_rich(*renderables) -> str:
    from stance.report import render_rich

    return render_rich(*renderables)


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files or directories (.txt, .html, "
                                                ".json, .jsonl, optionally .gz) or '-'.",
                                                show_default=False)],
    fmt: Annotated[AFmt, typer.Option("--format", "-f", help="Output format.")] = AFmt.table,
    model: ModelOpt = None,
    trust_pickle: TrustPickle = False,
    min_confidence: MinConf = 0.0,
    plot: Annotated[Path | None, typer.Option("--plot", help="Draw each actor's stance "
                                              "distribution to a PNG.", show_default=False)] = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Find the statements in news texts, their speakers, countries and stances.

    Examples:

      stance analyze data/sample/article.txt

      stance analyze page.html --format json -o result.json

      curl -s URL | stance analyze - --format markdown

      stance analyze article.txt --format html -o article.html
    """
    from rich.progress import track

    from stance.pipeline import analyze_many
    from stance.textio import read_path

    try:
        _check_outputs(output, force, plot)
        docs = [d for p in inputs for d in read_path(p)]
        m = _load_model(model, trust_pickle)
        runs = analyze_many((d.text for d in docs), m, min_confidence=min_confidence,
                            sources=(d.id for d in docs))
        if len(docs) > 1:
            runs = track(runs, total=len(docs), description="analysing",
                         console=_quiet_console(quiet), transient=True)
        results = [_with_document(r, d) for r, d in zip(runs, docs)]
        from stance import report

        _emit(report.render(results, fmt.value, docs=docs), output, force)
        if plot is not None:
            report.plot_actors([a for r in results for a in r.actors], plot, force=force)
            typer.echo(f"wrote {plot}", err=True)
    except StanceError as e:
        raise _err(str(e)) from None


def _with_document(result, doc):
    """The analysis with the text its offsets refer to (for HTML, the extracted article) and
    the document's metadata, so JSON output is self-contained."""
    from dataclasses import replace

    meta = {key: getattr(doc, k) for key, k in (("title", "title"), ("date", "date"),
                                                ("author", "author"), ("site", "source"),
                                                ("url", "url")) if getattr(doc, k, None)}
    return replace(result, text=doc.text, document=meta)


@app.command()
def train(
    data: Annotated[Path | None, typer.Option("--data", help="Labelled CSV (text,label"
                                              "[,group,writer]); default data/statements.csv.",
                                              show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Directory for the model and its card (default: a new directory "
        "stance-model-DATE-TIME here; an existing model is replaced only with --force).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the model in an existing "
                                        "--out directory (e.g. the shipped models/).")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Seed for folds and estimators.")] = 0,
    cv: Annotated[bool, typer.Option("--cv/--no-cv", help="Measure leave-one-writer-out "
                                     "scores for the card.")] = True,
    compare: Annotated[bool, typer.Option("--compare", help="Also cross-validate the "
                                          "candidate pipelines and record the table.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Train the stance model from labelled statements and write it with its model card.

    Example:

      stance train --data data/statements.csv --out my_model --seed 0

      stance train --out models --force      # replace the shipped model
    """
    from rich.progress import Progress

    from stance import training as tr

    try:
        out = _train_out(out, force)
        with Progress(console=_quiet_console(quiet), transient=True) as progress:
            task = progress.add_task("training", total=None)

            def step(what: str, n: int, k: int) -> None:
                progress.update(task, description=what, completed=n, total=k)

            comparison = None
            if compare:
                rows = tr.read_statements(data or tr.default_data_path())
                comparison = tr.compare(rows, seed, progress=lambda n, k: step("comparing", n, k))
            m = tr.train(data, out=out, seed=seed, cv=cv, comparison=comparison, progress=step)
        c = m.card.get("cv", {})
        real = m.card.get("realdev")
        typer.echo(f"wrote {out}/stance.skops and stance.json ({m.card['data']['rows']} rows)"
                   + (f"; real-text macro-F1 {real['strict']['macro_f1']} strict, "
                      f"{real['lenient']['macro_f1']} lenient" if real else "")
                   + (f"; leave-one-writer-out macro-F1 {c['macro_f1']}" if c else ""), err=True)
    except StanceError as e:
        raise _err(str(e)) from None


def _train_out(out: Path | None, force: bool) -> Path:
    """Where ``stance train`` writes: a new directory by default; a directory that already
    holds a model (the shipped ``models/`` above all) only with ``--force``."""
    import time

    if out is None:
        base = Path(time.strftime("stance-model-%Y%m%d-%H%M%S"))
        out, n = base, 1
        while out.exists():
            n += 1
            out = base.with_name(f"{base.name}-{n}")
        return out
    if out.exists() and not out.is_dir():
        raise StanceError(f"--out {out}: not a directory")
    held = [p.name for p in out.glob("stance.*")] if out.is_dir() else []
    if held and not force:
        raise StanceError(f"--out {out} already holds a model ({', '.join(sorted(held))}); "
                          "use --force to replace it")
    return out


@app.command()
def evaluate(
    data: Annotated[Path | None, typer.Option("--data", help="Labelled CSV to score the model "
                                              "on.", show_default=False)] = None,
    articles: Annotated[Path | None, typer.Option("--articles", help="Directory of gold "
                                                  "articles (NAME.txt + NAME.gold.json).",
                                                  show_default=False)] = None,
    attributions: Annotated[Path | None, typer.Option(
        "--attributions", help="Brat standoff corpus (text/*.txt + attributions/*.ann, e.g. "
        "PolNeAR): score statement finding and speakers.", show_default=False)] = None,
    show_misses: Annotated[int, typer.Option("--show-misses", min=0,
                                             help="With --attributions: list N missed "
                                                  "speech attributions.")] = 0,
    model: ModelOpt = None,
    trust_pickle: TrustPickle = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Confusion matrix PNG.",
                                              show_default=False)] = None,
    fmt: Annotated[RFmt, typer.Option("--format", "-f", help="Output format.")] = RFmt.table,
    force: ForceOpt = False,
    realdev: Annotated[bool, typer.Option(
        "--realdev", help="Score the model on the real-text set (data/realdev/realdev.csv over "
        "the articles in ../shared/polnear; skipped with a note where they are absent).")] = False,
    realdev_data: Annotated[Path | None, typer.Option(
        "--realdev-data", help="Another real-text CSV in that format (implies --realdev).",
        show_default=False)] = None,
) -> None:
    """Score the model on labelled statements, the whole flow on gold articles, or
    statement finding and speakers on an attribution corpus.

    Without --data or --articles, prints the cross-validated scores from the model card
    (leave-one-writer-out: the honest estimate for text the model has not seen).

    Examples:

      stance evaluate --articles data/articles

      stance evaluate --data held_out.csv --plot confusion.png

      stance evaluate --attributions ../shared/polnear/train --show-misses 20

      stance evaluate --realdev
    """
    from stance import evaluate as ev
    from stance import realdev as rd

    try:
        _check_outputs(None, force, plot)
        result: dict = {}
        want_realdev = realdev or realdev_data is not None
        if attributions is not None:
            from stance.attributions import evaluate_attributions

            with _quiet_console(False).status("finding statements in the attribution corpus"):
                result["attributions"] = evaluate_attributions(attributions,
                                                               show_misses=show_misses)
            if data is None and articles is None and not want_realdev:
                _print_evaluation(result, fmt)
                return
        why = rd.unavailable(realdev_data) if want_realdev else None
        if why is not None:
            typer.echo(f"stance: {why}", err=True)
            if data is None and articles is None:
                if result:
                    _print_evaluation(result, fmt)
                raise typer.Exit(0)
        m = _load_model(model, trust_pickle)
        if want_realdev and why is None:
            result["realdev"] = rd.evaluate(m, realdev_data)
        if data is not None:
            from stance.training import read_statements

            result["statements"] = ev.evaluate_statements(m, read_statements(data))
        if articles is not None:
            with _quiet_console(False).status("analysing the gold articles"):
                result["articles"] = ev.evaluate_articles(articles, m)
        if not result:
            result["cross_validation"] = m.card.get("cv", {})
        if plot is not None:
            src = result.get("statements") or result.get("realdev", {}).get("strict") \
                or result.get("cross_validation") or {}
            if not src.get("confusion_matrix"):
                raise _err("--plot needs --data or a model card with cross-validated scores")
            ev.plot_confusion(src["confusion_matrix"], plot)
            typer.echo(f"wrote {plot}", err=True)
        _print_evaluation(result, fmt)
    except StanceError as e:
        raise _err(str(e)) from None


def _print_evaluation(result: dict, fmt: RFmt) -> None:
    from stance import report

    if fmt is RFmt.json:
        out = result["attributions"] if set(result) == {"attributions"} else result
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        if "realdev" in result:
            from stance.realdev import render

            sys.stdout.write(render(result["realdev"]) + ("\n" if len(result) > 1 else ""))
        if set(result) - {"realdev"}:
            sys.stdout.write(report.render_evaluation(result))


@app.command()
def info(model: ModelOpt = None, trust_pickle: TrustPickle = False,
         fmt: Annotated[RFmt, typer.Option("--format", "-f", help="Output format.")
                        ] = RFmt.table) -> None:
    """Show versions and the model card (labels, data, settings, measured scores)."""
    from stance import report

    try:
        m = _load_model(model, trust_pickle)
        if fmt is RFmt.json:
            sys.stdout.write(json.dumps(m.card, indent=2) + "\n")
        else:
            sys.stdout.write(report.render_card(m.card, str(getattr(m, "path_", ""))))
    except StanceError as e:
        raise _err(str(e)) from None


@app.command()
def corpus(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="JSONL files (id, text, optional date/title/url/source; .gz read directly), "
             "directories of .txt/.html/.json files, or '-'.", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output directory (resumable).",
                                             show_default=False)] = None,
    period: Annotated[str, typer.Option("--period", help="day, week or month.")] = "week",
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: "
                                             "all cores; at most the core count).",
                                             show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address "
                                                  "(tcp://HOST:8786); needs the distributed "
                                                  "extra.", show_default=False)] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per batch.")] = 64,
    aggregate_only: Annotated[Path | None, typer.Option(
        "--aggregate-only", help="Rebuild the aggregate files of DIR from its "
        "statements.jsonl and exit.", show_default=False)] = None,
    model: ModelOpt = None,
    min_confidence: MinConf = 0.0,
    force: Annotated[bool, typer.Option("--force", help="Start over in an --out directory "
                                        "made with other settings.")] = False,
    quiet: QuietOpt = False,
    text_col: Annotated[str | None, typer.Option(
        "--text-col", help="CSV/TSV/Parquet column with the article text [default: text]",
        show_default=False)] = None,
    date_col: Annotated[str | None, typer.Option(
        "--date-col", help="Column with the publication date (ISO 8601, RFC 2822 or "
        "'YYYY-MM-DD HH:MM:SS') [default: date, if present]", show_default=False)] = None,
    id_col: Annotated[str | None, typer.Option(
        "--id-col", help="Column with the article id [default: id, if present; else "
        "FILE:LINE]", show_default=False)] = None,
    output_format: Annotated[str, typer.Option(
        "--output-format", help="jsonl, or parquet to also write statements.parquet "
        "(needs the parquet extra).")] = "jsonl",
) -> None:
    """Analyse a corpus of any size: per-actor stance overall and over time.

    Writes statements.jsonl, actors.csv, timeseries.csv, dyads.csv and errors.jsonl to
    --out. Killed runs resume where they stopped when started again with the same --out.

    Examples:

      stance corpus data/sample/corpus.jsonl --out out/ --period week

      stance corpus big.jsonl.gz --out out/ --scheduler tcp://10.0.0.5:8786

      stance corpus export.csv --text-col body --date-col published --id-col url --out out/

      stance corpus corpus.parquet --out out/ --output-format parquet
    """
    from stance import corpus as cp
    from stance import readers

    if period not in cp.PERIODS:
        raise _err(f"--period must be one of {', '.join(cp.PERIODS)}", 2)
    if output_format not in ("jsonl", "parquet"):
        raise _err("--output-format must be jsonl or parquet", 2)
    if jobs is not None and jobs <= 0:
        raise _err(f"--jobs must be at least 1 (got {jobs})", 2)
    if batch_size <= 0:
        raise _err(f"--batch-size must be at least 1 (got {batch_size})", 2)
    cores = cp.cores()
    if jobs is not None and jobs > cores and scheduler is None:
        typer.echo(f"stance: note: --jobs {jobs} capped at {cores}, the number of cores",
                   err=True)
        jobs = cores
    try:
        readers.check_output_format(output_format)
        if aggregate_only is not None:
            cp.aggregate_dir(aggregate_only, period)
            if output_format == "parquet":
                readers.statements_to_parquet(aggregate_only / cp.STATEMENTS,
                                              aggregate_only / readers.STATEMENTS_PARQUET)
            typer.echo(f"rebuilt aggregates in {aggregate_only}", err=True)
            return
        if not inputs or out is None:
            raise _err("give INPUT... and --out DIR (or --aggregate-only DIR)", 2)
        stats = cp.run(inputs, out, jobs=jobs, scheduler=scheduler,
                       batch_size=batch_size, period=period, model_path=model,
                       min_confidence=min_confidence, console=_quiet_console(quiet),
                       table_columns=readers.Columns(text_col, date_col, id_col),
                       output_format=output_format, force=force)
        summary = (f"{stats['done']} articles analysed ({stats['skipped']} already done, "
                   f"{stats['errors']} errors), {stats['statements']} statements -> {out}")
        if stats["errors"] and not stats["done"] and not stats["skipped"]:
            raise _err(f"every article failed: {summary} (see {out}/errors.jsonl)")
        typer.echo(summary, err=True)
    except StanceError as e:
        raise _err(str(e)) from None


@app.command("report")
def report_cmd(
    input: Annotated[str, typer.Argument(
        help="An article (any format `analyze` reads), a directory of articles, '-', or a "
             "`stance corpus` --out directory.", show_default=False)],
    output: OutOpt = None,
    force: ForceOpt = False,
    title: Annotated[str | None, typer.Option("--title", help="Page title (default: the "
                                              "article's title or the run's name).",
                                              show_default=False)] = None,
    max_statements: Annotated[int, typer.Option(
        "--max-statements", min=0, help="Corpus pages: embed the text of at most this many "
        "statements, newest articles first (0: all); every article is listed.")] = 20_000,
    model: ModelOpt = None,
    min_confidence: MinConf = 0.0,
) -> None:
    """Write one self-contained HTML page (no network, opens from disk) for an article or a
    corpus: statements highlighted in place, countries' stances, who condemns whom, and for
    a corpus each country's stance over time and its articles.

    Examples:

      stance report data/sample/article.txt -o article.html

      stance corpus data/sample/corpus.jsonl --out run/ && stance report run/ -o corpus.html
    """
    from stance import html_report

    if output is None and sys.stdout.isatty():
        raise _err("give -o FILE (or redirect stdout): the page is HTML", 2)
    try:
        _check_outputs(output, force)  # exists, a directory, unwritable: before any work
        if html_report.is_run_dir(input):
            page = html_report.corpus_page(input, max_statements=max_statements, title=title)
        else:
            from stance.pipeline import analyze_many
            from stance.textio import read_path

            docs = read_path(input)
            if len(docs) > html_report.MAX_ARTICLES:
                raise _err(f"{input}: {len(docs)} articles is more than an article page holds "
                           f"({html_report.MAX_ARTICLES}); run `stance corpus {input} --out DIR`"
                           " and then `stance report DIR`")
            m = _load_model(model)
            results = list(analyze_many((d.text for d in docs), m, min_confidence=min_confidence,
                                        sources=(d.id for d in docs)))
            page = html_report.article_page(results, docs, title=title)
        _emit(page, output, force)
    except StanceError as e:
        raise _err(str(e)) from None


@plot_app.command("timeseries")
def plot_timeseries(
    path: Annotated[Path, typer.Argument(help="timeseries.csv from `stance corpus`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG file to write.")],
    actors: Annotated[str | None, typer.Option("--actors", help="Comma-separated actor codes "
                                               "(default: the most active five).")] = None,
    force: ForceOpt = False,
) -> None:
    """Draw each actor's stance over time.

    Example: stance plot timeseries out/timeseries.csv --actors RUS,USA --out ts.png
    """
    from stance import report

    try:
        report.plot_timeseries(path, out, actors.split(",") if actors else None, force=force)
        typer.echo(f"wrote {out}", err=True)
    except StanceError as e:
        raise _err(str(e)) from None


@plot_app.command("actors")
def plot_actors_cmd(
    path: Annotated[Path, typer.Argument(help="actors.csv from `stance corpus`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG file to write.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many actors (most "
                                     "statements).")] = 15,
    force: ForceOpt = False,
) -> None:
    """Draw the overall stance distribution of the most active actors.

    Example: stance plot actors out/actors.csv --out actors.png
    """
    from stance import report

    try:
        report.plot_actors_csv(path, out, top=top, force=force)
        typer.echo(f"wrote {out}", err=True)
    except StanceError as e:
        raise _err(str(e)) from None


def main() -> None:
    """Entry point for ``python -m stance``."""
    app(prog_name="stance")


if __name__ == "__main__":  # pragma: no cover
    main()
