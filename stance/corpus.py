"""Streaming, parallel, resumable corpus runs.

``run`` reads articles lazily, analyses them in batches on all cores (joblib) or on a Dask
cluster (joblib's Dask backend), and appends whole records to ``statements.jsonl`` and
``errors.jsonl``, flushed per batch; an article counts as done only once its id is in
``done.txt``, written last. A killed run started again with the same output directory
drops any half-written batch, skips what is done and goes on. The aggregate files
(``actors.csv``, ``timeseries.csv``, ``dyads.csv``) are rebuilt from ``statements.jsonl``
at the end, streaming, so memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from stance.aggregate import weight
from stance.errors import InputError
from stance.labels import LABELS

PERIODS = ("day", "week", "month")
STATEMENTS = "statements.jsonl"
ERRORS = "errors.jsonl"
DONE = "done.txt"
SETTINGS = "settings.json"
OUTPUTS = (STATEMENTS, ERRORS, DONE, "actors.csv", "timeseries.csv", "dyads.csv", SETTINGS,
           "statements.parquet")

_MODELS: dict[str, Any] = {}


# -- reading ----------------------------------------------------------------------------
def iter_articles(inputs: Iterable[str], columns=None, _names: dict[str, str] | None = None
                  ) -> Iterator[dict]:
    """Yield ``{"id", "text", ...}`` dicts, or ``{"id", "error"}`` for unreadable ones.

    ``columns`` (:class:`stance.readers.Columns`) names the text/date/id columns of CSV, TSV
    and Parquet inputs.

    A record without an ``id`` is named by its file and line: the path as given for a file,
    the path relative to the input directory for a file found in one (``2025/01/day.jsonl:3``),
    so two ``day.jsonl`` in different folders never share ids.
    """
    from stance.readers import iter_table, table_kind
    from stance.textio import TEXT_SUFFIXES, _suffix, decode, iter_lines, parse

    for inp in inputs:
        p = Path(inp)
        if inp != "-" and table_kind(p) and p.is_file():
            yield from iter_table(inp, columns)  # streamed row by row, row group by row group
            continue
        if inp != "-" and p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file()
                           and _suffix(f) in TEXT_SUFFIXES
                           and not f.name.endswith(".gold.json"))
            for f in files:
                if _suffix(f) in (".jsonl", ".ndjson"):
                    # streamed line by line
                    yield from iter_articles([str(f)], columns, {str(f): str(f.relative_to(p))})
                    continue
                ident = str(f.relative_to(p))
                try:
                    for n, d in enumerate(parse(decode(f.read_bytes(), ident), ident,
                                                _suffix(f))):
                        yield {"id": d.id if d.id != ident or n else ident, "text": d.text,
                               "date": d.date, "title": d.title, "url": d.url,
                               "source": d.source}
                except InputError as e:
                    yield {"id": ident, "error": str(e)}
            continue
        if inp != "-" and not p.exists():
            raise InputError(f"{inp}: no such file or directory")
        if inp != "-" and _suffix(p) not in (".jsonl", ".ndjson", ".json", ""):
            try:
                d = parse(decode(p.read_bytes(), p.name), p.name, _suffix(p))[0]
                yield {"id": inp, "text": d.text, "date": d.date, "title": d.title,
                       "url": d.url, "source": d.source}
            except InputError as e:
                yield {"id": inp, "error": str(e)}
            continue
        name = "<stdin>" if inp == "-" else (_names or {}).get(inp, inp)
        if inp != "-" and _suffix(p) == "" and _binary_head(p):
            yield {"id": name, "error": f"{name}: binary data, not text"}
            continue
        lines = iter_lines(inp)
        n = 0
        while True:
            try:
                n, line = next(lines)
            except StopIteration:
                break
            except InputError as e:  # a truncated .gz: what was read is kept, the run goes on
                where = f"{name}:{n + 1}"
                yield {"id": where, "error": f"{where}: unreadable from here on ({e})"}
                break
            if not line.strip():
                continue
            where = f"{name}:{n}"
            if "\x00" in line or "\ufffd" in line:
                yield {"id": where, "error": f"{where}: binary or non-UTF-8 data"}
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield {"id": where, "error": f"{where}: malformed JSON ({e.msg})"}
                continue
            if not isinstance(obj, dict):
                yield {"id": where, "error": f"{where}: not a JSON object"}
                continue
            ident = obj.get("id")
            ident = str(ident) if ident not in (None, "") else where
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                yield {"id": ident, "error": f"{where}: missing or empty \"text\""}
                continue
            dt = obj.get("date")
            yield {"id": ident, "text": text, "date": dt if isinstance(dt, str) else None,
                   "title": obj.get("title"), "url": obj.get("url"),
                   "source": obj.get("source")}


def _binary_head(path: Path) -> bool:
    """True when a file's first 8 KB (decompressed) hold NUL bytes: one error for the file,
    not one per line of junk."""
    import gzip

    try:
        with (gzip.open if path.name.endswith(".gz") else open)(path, "rb") as f:
            head = f.read(8192)
    except (OSError, EOFError):
        return False  # unreadable: iter_lines reports it
    return b"\x00" in head


def cores() -> int:
    """Cores this process may use (its CPU affinity where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def _batches(items: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- the work of one batch (runs in a worker) ---------------------------------------
def _model(path: str | None):
    key = path or ""
    if key not in _MODELS:
        import warnings

        from stance.model import StanceModel

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            _MODELS[key] = StanceModel.load(path)
    return _MODELS[key]


def analyze_batch(batch: list[dict], model_path: str | None, min_confidence: float
                  ) -> list[dict]:
    """Analyse a batch: ``{"id", "statements": [...]}`` or ``{"id", "error"}`` per article.

    Loads the model once per worker process; one bad article never stops the batch.
    """
    from stance.pipeline import find_statements, label_groups
    from stance.readers import html_document
    from stance.textio import looks_like_html

    model = _model(model_path)
    # statements first, then one model call for the whole batch (several times faster)
    found: list[tuple[dict, str, list] | dict] = []
    for art in batch:
        if "error" in art:
            found.append({"id": art["id"], "error": art["error"]})
            continue
        try:
            text = art["text"]
            if looks_like_html(text):  # a page in a JSON record: its article, date, title
                page = html_document(text, art["id"], note=False)
                text = page.text
                art = {**art, **{k: getattr(page, k) for k in ("date", "title", "source")
                                 if not art.get(k)}}
            if "\x00" in text:
                raise ValueError("binary data")
            found.append((art, text, find_statements(text)))
        except Exception as e:  # noqa: BLE001 - reported per article, the run goes on
            found.append({"id": art["id"], "error": f"analysis failed: {type(e).__name__}: {e}"})
    ok = [f for f in found if isinstance(f, tuple)]
    labelled = iter(label_groups([(text, sts) for _, text, sts in ok], model, min_confidence))
    out = []
    for f in found:
        if isinstance(f, dict):
            out.append(f)
            continue
        art = f[0]
        mine = next(labelled)
        meta = {"article_id": art["id"], "date": _iso_date(art.get("date")),
                "source": art.get("source"), "title": art.get("title")}
        out.append({"id": art["id"], "statements": [{**meta, **s.to_dict()} for s in mine]})
    return out


def batch_lines(batch: list[dict], model_path: str | None, min_confidence: float
                ) -> list[tuple[str, str | None, str, int]]:
    """:func:`analyze_batch` with the output lines already written, in the worker:
    ``(id, error or None, statements.jsonl lines, number of statements)`` per article.

    JSON encoding runs in parallel, and a string crosses the process boundary faster than
    the dicts it encodes.
    """
    out = []
    for res in analyze_batch(batch, model_path, min_confidence):
        if "error" in res:
            out.append((res["id"], res["error"], "", 0))
        else:
            sts = res["statements"]
            out.append((res["id"], None, "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                 for r in sts), len(sts)))
    return out


def _can_fork() -> bool:
    """Fork workers only where it is safe: Linux, and no other thread running in this process
    (a thread holding a lock at the fork would leave it locked in the child forever)."""
    import multiprocessing as mp
    import sys
    import threading

    return (sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods()
            and threading.active_count() == 1)


def _forked_map(fn, tasks: Iterator[tuple], n: int) -> Iterator:
    """``fn(*task)`` for each task on ``n`` forked worker processes, results in task order,
    at most ``2 * n`` tasks in flight (the input is streamed, never read ahead).

    The workers are forked from this process, which has the model loaded already: no worker
    imports scikit-learn or unpickles the model again. That start-up cost, paid by each of
    joblib's fresh loky workers, made ``--jobs 2`` slower than ``--jobs 1``.
    """
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(n, mp_context=mp.get_context("fork")) as ex:
        ex.submit(os.getpid).result()  # fork every worker now, before other threads start
        yield None  # tells the caller the workers are up
        pending: deque = deque()
        try:
            for task in tasks:
                pending.append(ex.submit(fn, *task))
                if len(pending) >= 2 * n:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:
            raise InputError("a worker process died (out of memory?); run again to resume "
                             "with fewer --jobs") from None


def _iso_date(value) -> str | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


# -- resumable output ---------------------------------------------------------------------
def _recover(out: Path) -> set[str]:
    """Ids of the articles done; drops records of a batch that was cut short."""
    done_path = out / DONE
    done: set[str] = set()
    if done_path.exists():
        with done_path.open(encoding="utf-8") as f:
            lines = f.read().split("\n")
        # the last line is whole only if the file ends with a newline
        done = {ln for ln in lines[:-1] if ln}
        _rewrite_lines(done_path, [ln + "\n" for ln in lines[:-1] if ln])
    for name, key in ((STATEMENTS, "article_id"), (ERRORS, "id")):
        p = out / name
        if not p.exists():
            continue
        keep = []
        dropped = False
        with p.open(encoding="utf-8") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    dropped = True
                    continue
                if not line.endswith("\n") or rec.get(key) not in done:
                    dropped = True
                    continue
                keep.append(line)
        if dropped:
            _rewrite_lines(p, keep)
    return done


def _rewrite_lines(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.writelines(lines)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _count_lines(inputs: list[str]) -> int | None:
    import gzip

    total = 0
    for inp in inputs:
        p = Path(inp)
        if inp == "-" or p.is_dir():
            return None
        from stance.readers import count_rows, table_kind

        if table_kind(p):
            n = count_rows(inp)
            if n is None:
                return None
            total += n
            continue
        opener = gzip.open if inp.endswith(".gz") else open
        try:
            with opener(inp, "rb") as f:
                total += sum(1 for line in f if line.strip())
        except (OSError, EOFError):  # a truncated .gz: no total, the run reports it
            return None
    return total


def settings_of(model_file: str, min_confidence: float, period: str) -> dict[str, Any]:
    """What decides a run's output; recorded in ``settings.json`` so a resumed run cannot
    mix statements made with other settings."""
    from stance import __version__
    from stance.model import sha256_file

    return {"stance_version": __version__, "model_sha256": sha256_file(model_file),
            "min_confidence": min_confidence, "period": period}


def _check_settings(out: Path, settings: dict[str, Any], force: bool) -> None:
    """Start over (``force``), refuse a directory made with other settings, or record them."""
    from stance.textio import write_atomic

    path = out / SETTINGS
    if force:
        for name in OUTPUTS:
            (out / name).unlink(missing_ok=True)
    elif path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise InputError(f"{path}: unreadable; use --force to start over") from None
        diff = [f"{k} {old.get(k)!r} -> {v!r}" for k, v in settings.items() if old.get(k) != v]
        if diff:
            raise InputError(f"{out} was made with other settings ({'; '.join(diff)}); "
                             "use the same settings to resume, or --force to start over")
        return
    elif (out / DONE).exists() or (out / STATEMENTS).exists():
        raise InputError(f"{out} holds a run without {SETTINGS} (its settings are unknown); "
                         "use --force to start over")
    write_atomic(path, json.dumps(settings, indent=2) + "\n", force=True)


def run(inputs: list[str], out: str | Path, jobs: int | None = None,
        scheduler: str | None = None, batch_size: int = 64, period: str = "week",
        model_path: str | Path | None = None, min_confidence: float = 0.0,
        console=None, table_columns=None, output_format: str = "jsonl", force: bool = False
        ) -> dict[str, int]:
    """Analyse a corpus into ``out`` (see the module docstring). Returns run counts.

    ``table_columns`` names the text/date/id columns of CSV/TSV/Parquet inputs
    (:class:`stance.readers.Columns`); ``output_format="parquet"`` also writes
    ``statements.parquet`` (see :data:`stance.readers.PARQUET_SCHEMA_DOC`).

    ``out`` records the settings that made it; resuming with other settings raises
    :class:`InputError` unless ``force``, which starts over.
    """
    from joblib import Parallel, delayed, parallel_config
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from stance.model import resolve_model_path
    from stance.readers import check_output_format, check_tables

    if batch_size < 1 or (jobs is not None and jobs < 1):
        raise InputError("jobs and batch_size must be at least 1")
    missing = [i for i in inputs if i != "-" and not Path(i).exists()]
    if missing:  # before anything is created in ``out``
        raise InputError(f"{missing[0]}: no such file or directory")
    check_output_format(output_format)
    check_tables(inputs, table_columns)  # a wrong column name stops here, before any output
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a directory")
    jp, _ = resolve_model_path(model_path)
    model_file = str(jp.resolve())
    _model(model_file)  # fail fast, in this process, on a missing or tampered model
    settings = settings_of(model_file, min_confidence, period)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{out}: cannot create ({e.strerror})") from None
    _check_settings(out, settings, force)
    done = _recover(out)
    seen = set(done)
    dups: dict[str, int] = {}
    stats = {"done": 0, "skipped": 0, "errors": 0, "statements": 0}

    def todo() -> Iterator[dict]:
        for art in iter_articles(inputs, table_columns):
            if art["id"] in done:
                stats["skipped"] += 1
                continue
            if art["id"] in seen:
                # each repeat gets an id of its own, so that done.txt and errors.jsonl
                # never hold one id twice
                dups[art["id"]] = dups.get(art["id"], 0) + 1
                n = dups[art["id"]]
                yield {"id": art["id"] + ("#dup" if n == 1 else f"#dup{n}"), "error":
                       f"duplicate id {art['id']!r}: only its first article is analysed"}
                continue
            seen.add(art["id"])
            yield art

    total = _count_lines(inputs)
    client = None
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--scheduler needs the distributed extra: "
                             "pip install 'stance[distributed]'") from None
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as e:
            raise InputError(f"cannot reach Dask scheduler {scheduler}: {e}") from None
        backend = {"backend": "dask"}
    else:
        backend = {"backend": "loky", "n_jobs": jobs or cores()}
    n_local = 0 if scheduler else (jobs or cores())
    forked = _forked_map(batch_lines, ((b, model_file, min_confidence)
                                       for b in _batches(todo(), batch_size)), n_local) \
        if n_local > 1 and _can_fork() else None
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(),
               TimeRemainingColumn()]
    try:
        if forked is not None:
            next(forked)  # the workers are forked before the progress bar's thread starts
        with parallel_config(**backend), \
                Progress(*columns, console=console, transient=False) as progress, \
                (out / STATEMENTS).open("a", encoding="utf-8") as st, \
                (out / ERRORS).open("a", encoding="utf-8") as er, \
                (out / DONE).open("a", encoding="utf-8") as dn:
            task = progress.add_task("articles", total=total, rate=0.0)
            if forked is not None:
                results = forked
            elif n_local == 1:
                results = (batch_lines(b, model_file, min_confidence)
                           for b in _batches(todo(), batch_size))
            else:
                results = Parallel(return_as="generator", pre_dispatch="2*n_jobs")(
                    delayed(batch_lines)(b, model_file, min_confidence)
                    for b in _batches(todo(), batch_size))
            import time

            t0 = time.perf_counter()
            for batch in results:
                ids = []
                for ident, error, lines, n_st in batch:
                    if error is not None:
                        er.write(json.dumps({"id": ident, "error": error},
                                            ensure_ascii=False) + "\n")
                        stats["errors"] += 1
                    else:
                        st.write(lines)
                        stats["statements"] += n_st
                        stats["done"] += 1
                    ids.append(ident)
                st.flush()
                er.flush()
                os.fsync(st.fileno())
                os.fsync(er.fileno())
                dn.write("".join(i + "\n" for i in ids))
                dn.flush()
                os.fsync(dn.fileno())
                n = stats["done"] + stats["errors"]
                rate = n / max(time.perf_counter() - t0, 1e-9)
                progress.update(task, completed=n + stats["skipped"], rate=rate)
    except OSError as e:
        raise InputError(f"{out}: cannot write ({e.strerror})") from None
    finally:
        if forked is not None:
            forked.close()
        if client is not None:
            client.close()
    aggregate_dir(out, period)
    if output_format == "parquet":
        from stance.readers import STATEMENTS_PARQUET, statements_to_parquet

        statements_to_parquet(out / STATEMENTS, out / STATEMENTS_PARQUET)
    return stats


# -- aggregates ----------------------------------------------------------------------------
def period_key(iso: str | None, period: str) -> str | None:
    """The period a date falls in: the day, the Monday of its ISO week, or YYYY-MM."""
    if not iso:
        return None
    d = date.fromisoformat(iso)
    if period == "day":
        return d.isoformat()
    if period == "week":
        return date.fromordinal(d.toordinal() - d.weekday()).isoformat()
    return d.strftime("%Y-%m")


class _Acc:
    __slots__ = ("n", "w", "c", "articles")

    def __init__(self) -> None:
        self.n = 0
        self.w = dict.fromkeys(LABELS, 0.0)
        self.c = dict.fromkeys(LABELS, 0)
        self.articles: set[str] | None = None

    def add(self, rec: dict) -> None:
        self.n += 1
        for lab, p in weight(rec["label"], rec["confidence"]).items():
            self.w[lab] += p
        self.c[rec["label"]] += 1

    def row(self) -> list:
        from stance.aggregate import dominant

        total = sum(self.w.values()) or 1.0
        stance, conf = dominant(self.w)
        return [self.n, stance, f"{conf:.4f}", *(f"{self.w[lab] / total:.4f}" for lab in LABELS),
                *(self.c[lab] for lab in LABELS)]


_AGG_COLS = ["statements", "stance", "confidence", *[f"share_{lab}" for lab in LABELS],
             *[f"count_{lab}" for lab in LABELS]]


def aggregate_dir(out: str | Path, period: str = "week") -> None:
    """Rebuild actors.csv, timeseries.csv and dyads.csv from ``out/statements.jsonl``."""
    from stance.actors import gazetteer
    from stance.textio import write_atomic

    if period not in PERIODS:
        raise InputError(f"period must be one of {', '.join(PERIODS)}")
    out = Path(out)
    src = out / STATEMENTS
    if not src.exists():
        raise InputError(f"{src}: no such file (run `stance corpus` first)")
    actors: dict[str, _Acc] = {}
    series: dict[tuple[str, str], _Acc] = {}
    dy: dict[tuple[str, str], _Acc] = {}
    # statements of one article are contiguous in statements.jsonl, so counting an actor's
    # articles needs only the last article id seen for it (memory stays flat)
    art_count: dict[str, int] = {}
    last_article: dict[str, str] = {}
    with src.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{src}, line {n}: malformed JSON") from None
            if not isinstance(rec, dict) or rec.get("label") not in LABELS or \
                    not isinstance(rec.get("confidence"), (int, float)):
                raise InputError(f"{src}, line {n}: not a statement record (needs \"label\" "
                                 "and \"confidence\")")
            for a in rec.get("actors") or ([rec["actor"]] if rec.get("actor") else []):
                actors.setdefault(a, _Acc()).add(rec)
                if last_article.get(a) != rec.get("article_id"):
                    last_article[a] = rec.get("article_id")
                    art_count[a] = art_count.get(a, 0) + 1
                pk = period_key(rec.get("date"), period)
                if pk:
                    series.setdefault((a, pk), _Acc()).add(rec)
                for t in rec.get("targets") or []:
                    if t != a:
                        dy.setdefault((a, t), _Acc()).add(rec)
    gaz = gazetteer()

    def table(header, rows) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        return buf.getvalue()

    write_atomic(out / "actors.csv", table(
        ["actor", "name", "type", "articles", *_AGG_COLS],
        [[a, gaz.name(a) or a, gaz.type(a) or "unknown", art_count[a], *acc.row()]
         for a, acc in sorted(actors.items())]), force=True)
    write_atomic(out / "timeseries.csv", table(
        ["actor", "period", *_AGG_COLS],
        [[a, p, *acc.row()] for (a, p), acc in sorted(series.items())]), force=True)
    write_atomic(out / "dyads.csv", table(
        ["source", "target", *_AGG_COLS],
        [[s, t, *acc.row()] for (s, t), acc in sorted(dy.items())]), force=True)
