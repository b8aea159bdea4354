"""Readers for the inputs analysts already hold: saved news pages, CSV/TSV exports, Parquet.

* HTML pages go through trafilatura (the ``html`` extra) for the main text, title, date, byline
  and site name, so navigation, related-article lists, captions, comments and cookie notices
  never reach the statement finder. Without the extra, the standard library's parser strips
  the tags (and says once on stderr that the extra does better). Either way the title is kept
  apart from the body, so a headline is never a statement.
* CSV/TSV and Parquet corpora are streamed (rows, row groups), one article per row; a bad row
  becomes an ``{"id", "error"}`` record for ``errors.jsonl``, never a stopped run.
* ``--output-format parquet`` turns a run's ``statements.jsonl`` into ``statements.parquet``
  with the fixed schema :data:`PARQUET_SCHEMA_DOC`, a chunk at a time.

Every function here that a user can reach raises :class:`~stance.errors.InputError` with one
clear line on failure.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from stance.errors import InputError
from stance.labels import LABELS
from stance.textio import Document, looks_like_html

TABLE_SUFFIXES = (".csv", ".tsv", ".tab", ".parquet", ".pq")
_HTML_NOTE_SHOWN = False


# -- dates ------------------------------------------------------------------------------------
def parse_date(value: Any) -> str | None:
    """The calendar date (``YYYY-MM-DD``) of a date value, ``None`` for an empty one.

    Accepts ``date``/``datetime`` objects and strings in ISO 8601 (``2024-03-05``,
    ``2024-03-05T14:00:00Z``, ``2024-03-05 14:00:00``) or RFC 2822 (``Tue, 05 Mar 2024
    14:00:00 +0000``). The date is the one written, in the writer's own time zone: a story
    published at 23:30 in Manila belongs to that day there. Raises ``ValueError`` otherwise,
    so a wrong column is reported instead of silently emptying the time series.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
    try:
        return datetime.fromisoformat(iso).date().isoformat()
    except ValueError:
        pass
    if len(s) >= 10 and s[4] == "-" and s[7] == "-" and s[10:11] in ("", "T", " ", "t"):
        try:  # Python 3.10's fromisoformat is stricter about what follows the date
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            pass
    try:
        dt = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        return dt.date().isoformat()
    raise ValueError(f"unrecognised date {s[:40]!r} (use ISO 8601, RFC 2822 or "
                     "'YYYY-MM-DD HH:MM:SS')")


# -- HTML -------------------------------------------------------------------------------------
def html_extractor() -> str:
    """``"trafilatura"`` when the html extra is installed and importable, else ``"stdlib"``."""
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return "stdlib"
    return "trafilatura"


def _note_fallback() -> None:
    global _HTML_NOTE_SHOWN
    if not _HTML_NOTE_SHOWN:
        _HTML_NOTE_SHOWN = True
        sys.stderr.write("stance: note: HTML is stripped with the standard library's parser, "
                         "which keeps menus, related links and comments; "
                         "pip install 'stance[html]' extracts the article alone\n")


def html_document(html: str, name: str, note: bool = True) -> Document:
    """The article in a web page: main text, title, date, byline, site name and URL.

    Uses trafilatura when installed; falls back to :func:`stdlib_html_document` when it is
    missing (printing a one-time note on stderr when ``note``) or finds no main text (a short
    HTML fragment in a JSON record). The title is never part of ``text``.
    """
    if html_extractor() == "trafilatura":
        doc = _trafilatura_document(html, name)
        if doc is not None:
            return doc
    elif note:
        _note_fallback()
    return stdlib_html_document(html, name)


def _trafilatura_document(html: str, name: str) -> Document | None:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        res = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False,
                                          include_formatting=False, deduplicate=False)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot parse gets the fallback
        return None
    if res is None:
        return None
    meta = res.as_dict() if hasattr(res, "as_dict") else dict(res)
    title = _clean(meta.get("title"))
    text = _drop_title(meta.get("text") or "", title)
    if not text.strip():
        return None
    try:
        day = parse_date(meta.get("date"))
    except ValueError:
        day = None
    return Document(id=name, text=text, date=day, title=title, url=_clean(meta.get("url")),
                    source=_clean(meta.get("sitename")), author=_clean(meta.get("author")))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _drop_title(text: str, title: str | None) -> str:
    """The body without a leading headline line (trafilatura keeps the <h1> in the text)."""
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if title and lines and " ".join(lines[0].split()).casefold() == title.casefold():
        lines = lines[1:]
    return "\n".join(lines)


class _PageParser(HTMLParser):
    """Visible text one block per line, with <title>/<h1> and a few <meta> kept apart."""

    BLOCK = {"p", "div", "br", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
             "section", "article", "header", "main", "ul", "ol", "table", "dd", "dt"}
    SKIP = {"script", "style", "noscript", "nav", "footer", "aside", "figcaption", "form",
            "iframe", "svg", "button", "template"}
    TITLE = {"title", "h1"}
    META_DATE = ("article:published_time", "datepublished", "date", "dc.date",
                 "dc.date.issued", "pubdate", "publish-date", "og:published_time")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title: str | None = None
        self.titles: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.time: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"]
        elif tag == "time" and self.time is None and a.get("datetime"):
            self.time = a["datetime"]
        elif tag in self.SKIP:
            self.skip += 1
        elif tag in self.TITLE and not self.skip:
            self.in_title = tag
            self.titles.setdefault(tag, "")
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.TITLE and self.in_title == tag:
            self.in_title = None
            self.parts.append("\n")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        if self.in_title is not None:
            self.titles[self.in_title] += data
            return
        # line breaks in the page's source are not paragraph breaks
        self.parts.append(data.replace("\r", " ").replace("\n", " "))


def stdlib_html_document(html: str, name: str) -> Document:
    """Tags stripped with the standard library's parser (no boilerplate detection).

    Skips scripts, styles, navigation, footers, asides, forms and figure captions; takes the
    headline (``og:title``, ``<h1>`` or ``<title>``) and the date (``article:published_time``
    or a similar ``<meta>``, else the first ``<time datetime>``) out of the body.
    """
    p = _PageParser()
    p.feed(html)
    p.close()
    lines = [" ".join(ln.split()) for ln in "".join(p.parts).split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = (_clean(p.meta.get("og:title")) or _clean(p.titles.get("h1"))
             or _clean(p.titles.get("title")))
    day = None
    for raw in [*(p.meta.get(k) for k in p.META_DATE), p.time]:
        try:
            day = parse_date(raw)
        except ValueError:
            continue
        if day:
            break
    return Document(id=name, text=text, date=day, title=title, url=_clean(p.meta.get("og:url")),
                    source=_clean(p.meta.get("og:site_name")), author=_clean(p.meta.get("author")))


# -- tables: CSV, TSV, Parquet ----------------------------------------------------------------
@dataclass(frozen=True)
class Columns:
    """Which columns of a CSV/TSV/Parquet corpus hold the text, date and id.

    ``None`` means the default name (``text``, ``date``, ``id``); a default date or id column
    that is absent is simply not used, while one named by the user must exist.
    """

    text: str | None = None
    date: str | None = None
    id: str | None = None

    def resolve(self, header: list[str], name: str) -> dict[str, str | None]:
        """Column name per role (``None``: not in this file). Raises on a missing one."""
        have = set(header)
        out: dict[str, str | None] = {}
        for role in ("text", "date", "id"):
            given = getattr(self, role)
            col = given or role
            if col in have:
                out[role] = col
            elif given is not None or role == "text":
                shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
                raise InputError(f"{name}: no column {col!r} for the {role} "
                                 f"(--{role}-col); columns are: {shown or 'none'}")
            else:
                out[role] = None
        for extra in ("title", "url", "source"):
            out[extra] = extra if extra in have else None
        return out


def table_kind(path: str | os.PathLike) -> str | None:
    """``"csv"``, ``"tsv"`` or ``"parquet"`` for a table corpus file (``.gz`` allowed for the
    text formats), ``None`` for anything else."""
    sfx = [s.lower() for s in Path(path).suffixes]
    if sfx and sfx[-1] == ".gz":
        sfx = sfx[:-1]
        if sfx and sfx[-1] in (".parquet", ".pq"):
            return None
    if not sfx:
        return None
    return {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet",
            ".pq": "parquet"}.get(sfx[-1])


def check_tables(inputs: Iterable[str], columns: Columns | None = None) -> None:
    """Open every table input and check its columns, before any output is written."""
    columns = columns or Columns()
    for inp in inputs:
        kind = table_kind(inp) if inp != "-" else None
        if kind is None:
            continue
        p = Path(inp)
        if not p.exists():
            raise InputError(f"{inp}: no such file or directory")
        if p.is_dir():
            continue
        columns.resolve(_header(p, kind), inp)


def _header(p: Path, kind: str) -> list[str]:
    if kind == "parquet":
        return list(_parquet_file(p).schema_arrow.names)
    with _open_text(p) as f:
        try:
            row = next(csv.reader(f, delimiter="," if kind == "csv" else "\t"), None)
        except (csv.Error, OSError, EOFError, UnicodeError) as e:
            raise InputError(f"{p}: cannot read the header ({e})") from None
    if not row:
        raise InputError(f"{p}: empty file, no header row")
    return [c.strip() for c in row]


def iter_table(path: str, columns: Columns | None = None, name: str | None = None
               ) -> Iterator[dict]:
    """Articles of a CSV/TSV/Parquet corpus, streamed: ``{"id", "text", "date", ...}`` per
    good row, ``{"id", "error"}`` per bad one. Without an id column, ids are ``NAME:LINE``
    (CSV, the line the row starts on) or ``NAME:ROW`` (Parquet, 1-based), ``NAME`` being the
    path as given, as for JSONL files."""
    columns = columns or Columns()
    p = Path(path)
    name = name or str(path)
    kind = table_kind(p)
    if kind == "parquet":
        yield from _iter_parquet(p, columns, name)
    elif kind in ("csv", "tsv"):
        yield from _iter_csv(p, columns, name, "," if kind == "csv" else "\t")
    else:
        raise InputError(f"{path}: not a .csv, .tsv or .parquet file")


def count_rows(path: str) -> int | None:
    """Rows in a Parquet file (from its footer); ``None`` for CSV (quoted newlines make line
    counts wrong, and counting would read the file twice)."""
    if table_kind(path) == "parquet":
        try:
            return _parquet_file(Path(path)).metadata.num_rows
        except InputError:
            return None
    return None


def _article(row: dict[str, Any], cols: dict[str, str | None], where: str) -> dict:
    ident = row.get(cols["id"]) if cols["id"] else None
    ident = str(ident).strip() if ident not in (None, "") else ""
    ident = ident or where
    text = row.get(cols["text"])
    if not isinstance(text, str) or not text.strip():
        return {"id": ident, "error": f"{where}: missing or empty {cols['text']!r}"}
    if "\x00" in text or "\ufffd" in text:
        return {"id": ident, "error": f"{where}: binary or non-UTF-8 data"}
    if not _HTML_NOTE_SHOWN and looks_like_html(text) and html_extractor() == "stdlib":
        _note_fallback()  # here, in the reading process, not once per worker
    try:
        day = parse_date(row.get(cols["date"])) if cols["date"] else None
    except ValueError as e:
        return {"id": ident, "error": f"{where}: {e}"}

    def opt(role: str) -> str | None:
        v = row.get(cols[role]) if cols[role] else None
        return str(v) if v not in (None, "") else None

    return {"id": ident, "text": text, "date": day, "title": opt("title"), "url": opt("url"),
            "source": opt("source")}


def _open_text(p: Path) -> io.TextIOBase:
    raw = p.open("rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        stream: Any = gzip.GzipFile(fileobj=raw)
    else:
        raw.seek(0)
        stream = raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def _iter_csv(p: Path, columns: Columns, name: str, delimiter: str) -> Iterator[dict]:
    csv.field_size_limit(2**31 - 1)  # one article per cell; the default 128 KiB is too small
    try:
        f = _open_text(p)
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    with f:
        reader = csv.reader(f, delimiter=delimiter)
        try:
            header = [c.strip() for c in next(reader)]
        except StopIteration:
            raise InputError(f"{name}: empty file, no header row") from None
        except (csv.Error, OSError, EOFError) as e:
            raise InputError(f"{name}: cannot read the header ({e})") from None
        cols = columns.resolve(header, name)
        while True:
            line = reader.line_num + 1
            where = f"{name}:{line}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:  # e.g. a NUL byte: this row is lost, the next is read
                yield {"id": where, "error": f"{where}: malformed row ({e})"}
                continue
            except (OSError, EOFError) as e:  # a truncated .gz: nothing more can be read
                yield {"id": where, "error": f"{where}: cannot read further ({e})"}
                return
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(header):
                yield {"id": where, "error": f"{where}: {len(row)} fields, the header has "
                                             f"{len(header)} (a stray quote or delimiter?)"}
                continue
            yield _article(dict(zip(header, row)), cols, where)


def _parquet_file(p: Path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet needs the parquet extra: pip install 'stance[parquet]'"
                         ) from None
    try:
        # no pre-buffering, a 1 MiB read buffer: a large row group is read page by page
        return pq.ParquetFile(p, pre_buffer=False, buffer_size=1 << 20)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except Exception as e:  # noqa: BLE001 - pyarrow raises several types for broken files
        raise InputError(f"{p}: not a readable Parquet file "
                         f"({str(e).splitlines()[0] if str(e) else type(e).__name__})"
                         ) from None


def _iter_parquet(p: Path, columns: Columns, name: str, batch_rows: int = 1024
                  ) -> Iterator[dict]:
    pf = _parquet_file(p)
    cols = columns.resolve(list(pf.schema_arrow.names), name)
    wanted = sorted({c for c in cols.values() if c})
    row = 0
    for g in range(pf.metadata.num_row_groups):
        first = row
        try:
            for batch in pf.iter_batches(batch_size=batch_rows, row_groups=[g], columns=wanted,
                                         use_threads=False):
                for rec in batch.to_pylist():
                    row += 1
                    yield _article(rec, cols, f"{name}:{row}")
        except Exception as e:  # noqa: BLE001 - a damaged row group is one error, not the end
            n = pf.metadata.row_group(g).num_rows
            where = f"{name}:row-group-{g + 1}"
            yield {"id": where, "error": f"{where}: unreadable (rows {row + 1}-{first + n}: "
                                         f"{str(e).splitlines()[0] if str(e) else e!r})"}
            row = first + n


# -- Parquet output ---------------------------------------------------------------------------
PARQUET_SCHEMA_DOC = [
    ("article_id", "string", "the article's id (its id column, or NAME:LINE)"),
    ("date", "date32", "the article's publication date, null when unknown"),
    ("source", "string", "outlet or site name, when known"),
    ("title", "string", "the article's title, when known"),
    ("text", "string", "the statement's words"),
    ("start", "int64", "offset of the statement in the analysed text"),
    ("end", "int64", "end offset (exclusive)"),
    ("kind", "string", "direct (a quotation) or reported"),
    ("cue", "string", "the speech verb or phrase"),
    ("speaker", "string", "the resolved speaker"),
    ("actor", "string", "ISO 3166-1 alpha-3 or organisation code, null when unknown"),
    ("actors", "list<string>", "every actor speaking (several in 'Chile and Brazil said')"),
    ("actor_name", "string", "the actor's name"),
    ("targets", "list<string>", "actors the statement is about"),
    ("label", "string", "condemning, denying, justifying, requesting or neutral"),
    ("confidence", "float64", "the model's probability for the label"),
    ("model_label", "string", "the model's own label (differs from label only when "
                              "--min-confidence sent the statement to neutral)"),
    *[(f"p_{lab}", "float64", f"probability of {lab}") for lab in LABELS],
]
"""Columns of ``statements.parquet``: (name, Arrow type, meaning)."""

STATEMENTS_PARQUET = "statements.parquet"


def _arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "date32": pa.date32(), "int64": pa.int64(),
             "float64": pa.float64(), "list<string>": pa.list_(pa.string())}
    return pa.schema([(n, types[t]) for n, t, _ in PARQUET_SCHEMA_DOC])


def _row(rec: dict) -> dict:
    probs = rec.get("probabilities") or {}
    d = rec.get("date")
    out = {n: rec.get(n) for n, _, _ in PARQUET_SCHEMA_DOC}
    out["date"] = date.fromisoformat(d) if isinstance(d, str) and d else None
    out["targets"] = list(rec.get("targets") or [])
    out["actors"] = list(rec.get("actors") or ([rec["actor"]] if rec.get("actor") else []))
    for lab in LABELS:
        out[f"p_{lab}"] = probs.get(lab)
    return out


def statements_to_parquet(src: str | os.PathLike, dest: str | os.PathLike,
                          chunk_rows: int = 20_000) -> int:
    """Convert a ``statements.jsonl`` to Parquet a chunk (one row group) at a time.

    Memory holds one chunk whatever the corpus size; the file appears only once complete
    (temporary file and rename). Returns the number of rows written.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("--output-format parquet needs the parquet extra: "
                         "pip install 'stance[parquet]'") from None
    src, dest = Path(src), Path(dest)
    schema = _arrow_schema()
    tmp = dest.with_name("." + dest.name + ".tmp")
    n = 0
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as w, \
                src.open(encoding="utf-8") as f:
            rows: list[dict] = []
            for lineno, line in enumerate(f, start=1):
                try:
                    rows.append(_row(json.loads(line)))
                except (json.JSONDecodeError, ValueError, AttributeError):
                    raise InputError(f"{src}, line {lineno}: malformed statement record"
                                     ) from None
                if len(rows) >= chunk_rows:
                    w.write_table(pa.Table.from_pylist(rows, schema=schema))
                    n += len(rows)
                    rows = []
            if rows or n == 0:
                w.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
        os.replace(tmp, dest)
    except OSError as e:
        raise InputError(f"{dest}: cannot write ({e.strerror or e})") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


def check_output_format(fmt: str) -> None:
    """Refuse an unknown ``--output-format`` or a missing pyarrow before any work."""
    if fmt not in ("jsonl", "parquet"):
        raise InputError(f"--output-format must be jsonl or parquet, not {fmt!r}")
    if fmt == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise InputError("--output-format parquet needs the parquet extra: "
                             "pip install 'stance[parquet]'") from None
