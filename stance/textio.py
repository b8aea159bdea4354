"""Reading inputs (file, directory, ``-``; txt/html/json/jsonl, gzip) and writing outputs.

Web pages, CSV/TSV and Parquet are read by :mod:`stance.readers`.

Every failure is an :class:`~stance.errors.InputError` with one clear line; outputs are written
to a temporary file and renamed, so a failed run never leaves a half-written file.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stance.errors import InputError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Document:
    """One article: its id, text and optional metadata."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None


def decode(raw: bytes, name: str) -> str:
    """Bytes -> text, refusing empty, binary and non-UTF-8 input with one clear line."""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise InputError(f"{name}: broken gzip data ({e})") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name}: binary data, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {e.start})") from None
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<p>" in head or "<p " in head)


def _doc_from_obj(obj, name: str, n: int) -> Document:
    if not isinstance(obj, dict):
        raise InputError(f"{name}: record {n} is not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{name}: record {n} has no \"text\" string field")
    ident = obj.get("id")
    ident = str(ident) if ident is not None else f"{name}:{n}"
    page = None
    if looks_like_html(text):
        from stance.readers import html_document

        page = html_document(text, ident)
        text = page.text
    return Document(id=ident, text=text,
                    date=obj.get("date") or (page and page.date),
                    title=obj.get("title") or (page and page.title),
                    url=obj.get("url") or (page and page.url),
                    source=obj.get("source") or (page and page.source),
                    author=obj.get("author") or (page and page.author))


def parse(text: str, name: str, suffix: str = "") -> list[Document]:
    """Documents in one input's text, by its suffix or, for stdin, by its look.

    Without a suffix, text that starts with ``[`` or ``{`` but is not JSON is read as plain
    text ("[Reuters] Moscow said ..."), as the same text in a ``.txt`` file is.
    """
    if not suffix and text.lstrip()[:1] in ("{", "["):
        try:
            return _parse(text, name, suffix)
        except InputError:
            try:  # JSON(L) whose first value reads is JSON with an error in it
                json.JSONDecoder().raw_decode(text.lstrip())
            except json.JSONDecodeError:
                return _parse(text, name, ".txt")
            raise
    return _parse(text, name, suffix)


def _parse(text: str, name: str, suffix: str = "") -> list[Document]:
    s = text.lstrip()
    if suffix in (".jsonl", ".ndjson") or (not suffix and s.startswith("{") and "\n{" in s):
        docs = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                docs.append(_doc_from_obj(json.loads(line), name, n))
            except json.JSONDecodeError as e:
                raise InputError(f"{name}, line {n}: malformed JSON ({e.msg})") from None
        if not docs:
            raise InputError(f"{name}: no records")
        return docs
    if suffix == ".json" or (not suffix and s[:1] in "{["):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"{name}: malformed JSON ({e.msg}, line {e.lineno})") from None
        objs = obj if isinstance(obj, list) else [obj]
        return [_doc_from_obj(o, name, n) for n, o in enumerate(objs, start=1)]
    if suffix in (".html", ".htm") or looks_like_html(text):
        from stance.readers import html_document

        page = html_document(text, name)
        if not page.text.strip():
            raise InputError(f"{name}: the HTML has no visible text")
        return [page]
    return [Document(id=name, text=text)]


def _suffix(path: Path) -> str:
    sfx = [s.lower() for s in path.suffixes]
    if sfx and sfx[-1] == ".gz":
        sfx = sfx[:-1]
    return sfx[-1] if sfx else ""


def read_path(path: str) -> list[Document]:
    """Documents from one path: a file, a directory (its text files, sorted), or ``-``."""
    if path == "-":
        raw = sys.stdin.buffer.read()
        return parse(decode(raw, "<stdin>"), "<stdin>")
    p = Path(path)
    from stance.readers import table_kind

    if table_kind(p) and not p.is_dir():
        return _read_table(p)
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and _suffix(f) in TEXT_SUFFIXES
                       and not f.name.endswith(".gold.json"))
        if not files:
            raise InputError(f"{p}: no .txt, .html, .json or .jsonl files in this directory")
        return [d for f in files for d in read_path(str(f))]
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    return parse(decode(raw, str(p)), p.name if _suffix(p) in (".txt", ".html", ".htm", "")
                 else str(p), _suffix(p))


def _read_table(p: Path) -> list[Document]:
    """A CSV/TSV/Parquet file's articles (default columns); a bad row is refused."""
    from stance.readers import iter_table

    docs = []
    for a in iter_table(str(p)):
        if "error" in a:
            raise InputError(a["error"])
        docs.append(Document(id=a["id"], text=a["text"], date=a["date"], title=a["title"],
                             url=a["url"], source=a["source"]))
    if not docs:
        raise InputError(f"{p}: no rows")
    return docs


def iter_lines(path: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text, JSONL or .jsonl.gz file, streamed (for corpora)."""
    if path == "-":
        stream = sys.stdin.buffer
        for n, raw in enumerate(stream, start=1):
            yield n, raw.decode("utf-8", errors="replace")
        return
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            for n, raw in enumerate(f, start=1):
                yield n, raw.decode("utf-8", errors="replace")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, EOFError) as e:
        raise InputError(f"{path}: cannot read ({e})") from None


def _umask() -> int:
    """The process umask (read without changing it where the OS tells it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def file_mode() -> int:
    """The mode a new file gets from ``open()``: 0o666 less the umask (mkstemp gives 0o600)."""
    return 0o666 & ~_umask()


def check_output(path: str | os.PathLike, force: bool = False, what: str = "") -> Path:
    """Refuse an output path before any work, with one line: an existing file without
    ``force``, a directory, a special file, a missing or unwritable directory.

    A probe file is created and removed in the target directory, so a read-only mount or a
    place like ``/proc`` is found out now, not after a long analysis.
    """
    p = Path(path)
    label = f"{what} {p}" if what else str(p)
    if p.is_dir():
        raise InputError(f"{label}: is a directory (give a file name)")
    if p.exists() or p.is_symlink():
        if not p.is_file():
            raise InputError(f"{label}: not a regular file (give a file name, or leave out "
                             "the option to write to stdout)")
        if not force:
            raise InputError(f"{label} exists; use --force to overwrite")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{label}: no such directory {parent}")
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix="." + p.name, suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise InputError(f"{label}: cannot write in {parent} ({e.strerror})") from None
    return p


def write_atomic(path: str | os.PathLike, data: str | bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Refuses to overwrite an existing file unless ``force``; the file gets the mode a plain
    ``open()`` would give it (the umask), not the temporary file's 0600.
    """
    p = check_output(path, force)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix="." + p.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, file_mode())
        os.replace(tmp, p)
    except OSError as e:
        raise InputError(f"{p}: cannot write ({e.strerror})") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
