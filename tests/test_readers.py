"""Inputs analysts already hold: saved news pages, CSV/TSV exports, Parquet corpora."""

import csv
import gzip
import json
import random
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from stance import corpus, readers
from stance.cli import app

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PAGE = ROOT / "data" / "examples" / "page.html"
SAMPLE = ROOT / "data" / "sample" / "corpus.jsonl"

# sentences of the page's boilerplate (ticker, caption, related links, comments, cookie notice)
BOILERPLATE = ["will not go unanswered", "came under direct attack", "Beijing slams",
               "seriously violate", "groundless", "crude fabrication", "cannot afford",
               "send a frigate", "never accept these illegal claims", "cookies", "Accept all",
               "Share on social media", "Subscribe"]
runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T14:00:00Z", "2024-03-05"),
    ("2024-03-05T23:30:00+08:00", "2024-03-05"),  # the writer's day, not UTC's
    ("2024-03-05 14:00:00", "2024-03-05"),
    ("2024-03-05T14:00:00.123456", "2024-03-05"),
    ("Tue, 05 Mar 2024 14:00:00 +0000", "2024-03-05"),
    ("5 Mar 2024 23:59:59 -0500", "2024-03-05"),
    (date(2024, 3, 5), "2024-03-05"),
    (datetime(2024, 3, 5, 22, tzinfo=timezone.utc), "2024-03-05"),
    ("", None), ("  ", None), (None, None),
])
def test_parse_date_common_formats(value, expected):
    assert readers.parse_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "05/03/2024", "2024-03-05x"])
def test_parse_date_refuses_what_it_cannot_read(value):
    with pytest.raises(ValueError, match="unrecognised date"):
        readers.parse_date(value)


# -- HTML ---------------------------------------------------------------------------------
def test_news_page_gives_the_article_its_metadata_and_nothing_of_the_boilerplate():
    assert readers.html_extractor() == "trafilatura"
    doc = readers.html_document(PAGE.read_text(encoding="utf-8"), "page.html")
    assert doc.date == "2025-03-05"
    assert doc.title == "Manila protests water cannon incident near Second Thomas Shoal"
    assert doc.author == "Dana Whitcombe" and doc.source == "The Harbour Ledger"
    assert doc.url.endswith("/manila-protests-water-cannon")
    assert "Teresita Daza" in doc.text and "Takeshi Iwaya" in doc.text
    assert not doc.text.startswith("Manila protests")  # the headline is kept apart
    for phrase in BOILERPLATE:
        assert phrase not in doc.text, phrase


def test_analyze_page_finds_only_the_articles_statements_with_offsets_into_the_json_text():
    r = run("analyze", str(PAGE), "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["document"]["date"] == "2025-03-05"
    assert out["document"]["title"].startswith("Manila protests")
    text = out["text"]
    assert "Manila protests water cannon" not in text
    sts = out["statements"]
    for s in sts:
        assert text[s["start"]:s["end"]] == s["text"]
        for phrase in BOILERPLATE:
            assert phrase not in s["text"], phrase
    by_actor = {(s["actor"], s["text"][:30]) for s in sts}
    assert ("PHL", "We condemn in the strongest te") in by_actor
    assert ("CHN", "The responsibility lies entire") in by_actor
    assert {"PHL", "CHN", "USA", "JPN"} <= {s["actor"] for s in sts}
    assert not {"RUS", "DEU", "VNM", "UN"} & {s["actor"] for s in sts}


def test_news_page_in_a_corpus_feeds_the_time_series(tmp_path):
    d = tmp_path / "pages"
    d.mkdir()
    (d / "manila.html").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps(
        {"id": "rec-1", "text": PAGE.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    for name, inputs in (("dir", [str(d)]), ("file", [str(d / "manila.html")]),
                         ("record", [str(tmp_path / "c.jsonl")])):
        out = tmp_path / name
        corpus.run(inputs, out, jobs=1, period="day")
        recs = [json.loads(x) for x in (out / "statements.jsonl").read_text().splitlines()]
        assert recs and {r["date"] for r in recs} == {"2025-03-05"}, name
        assert {r["title"] for r in recs} == {
            "Manila protests water cannon incident near Second Thomas Shoal"}
        assert not any(p in r["text"] for r in recs for p in BOILERPLATE)
        assert "2025-03-05" in (out / "timeseries.csv").read_text()


def test_without_trafilatura_tags_are_stripped_and_a_note_says_so_once(tmp_path):
    for n in (1, 2):
        (tmp_path / f"p{n}.html").write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    code = ("import sys; sys.modules['trafilatura'] = None\n"
            "from stance.cli import main; sys.argv = ['stance', 'analyze', "
            f"{str(tmp_path / 'p1.html')!r}, {str(tmp_path / 'p2.html')!r}, '--format', 'json']\n"
            "main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("pip install 'stance[html]'") == 1
    res = json.loads(r.stdout)["results"]
    assert res[0]["document"]["date"] == "2025-03-05"
    assert not res[0]["text"].startswith("Manila protests")  # title kept apart here too
    assert "Teresita Daza" in res[0]["text"]
    for s in res[0]["statements"]:
        assert res[0]["text"][s["start"]:s["end"]] == s["text"]
    # pages in the cells of a CSV corpus, two worker processes: still one note, and the dates
    write_csv(tmp_path / "pages.csv", [{"id": f"p{i}", "text": PAGE.read_text(encoding="utf-8")}
                                       for i in range(4)], ["id", "text"])
    code = ("import sys; sys.modules['trafilatura'] = None\n"
            "from stance.cli import main; sys.argv = ['stance', 'corpus', "
            f"{str(tmp_path / 'pages.csv')!r}, '--out', {str(tmp_path / 'out')!r}, "
            "'--jobs', '2', '--batch-size', '1', '--quiet']\nmain()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("pip install 'stance[html]'") == 1
    recs = [json.loads(x) for x in (tmp_path / "out" / "statements.jsonl").read_text()
            .splitlines()]
    assert len({r["article_id"] for r in recs}) == 4 and {r["date"] for r in recs} == {
        "2025-03-05"}


def test_stdlib_fallback_joins_lines_of_one_paragraph():
    doc = readers.stdlib_html_document(
        "<html><head><title>T</title></head><body><p>\"We reject\n these claims,\" the\n"
        "ministry said.</p><time datetime='2024-02-01T10:00Z'>1 Feb</time></body></html>", "x")
    assert doc.text == "\"We reject these claims,\" the ministry said.\n1 Feb"
    assert doc.title == "T" and doc.date == "2024-02-01"


# -- CSV / TSV / Parquet corpora -----------------------------------------------------------
def sample_rows() -> list[dict]:
    return [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]


def write_csv(path: Path, rows: list[dict], cols: list[str], delimiter: str = ",") -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])
    return path


def test_sample_corpus_as_csv_and_parquet_gives_the_same_statements_as_jsonl(tmp_path):
    rows = sample_rows()
    cols = ["id", "date", "title", "source", "url", "text"]
    src_csv = write_csv(tmp_path / "sample.csv", rows, cols)
    table = pa.table({c: [r[c] for r in rows] for c in cols if c != "date"}
                     | {"date": pa.array([date.fromisoformat(r["date"]) for r in rows],
                                         pa.date32())})
    src_pq = tmp_path / "sample.parquet"
    pq.write_table(table, src_pq, row_group_size=50)  # several row groups
    corpus.run([str(SAMPLE)], tmp_path / "jsonl", jobs=1)
    corpus.run([str(src_csv)], tmp_path / "csv", jobs=1)
    corpus.run([str(src_pq)], tmp_path / "parquet", jobs=2, batch_size=16)
    want = (tmp_path / "jsonl" / "statements.jsonl").read_text()
    assert want.count("\n") > 500
    for name in ("csv", "parquet"):
        assert (tmp_path / name / "statements.jsonl").read_text() == want, name
        assert (tmp_path / name / "timeseries.csv").read_text() == \
            (tmp_path / "jsonl" / "timeseries.csv").read_text()
        assert (tmp_path / name / "errors.jsonl").read_text() == ""


def test_cli_csv_with_named_columns_tsv_gz_and_bad_rows(tmp_path):
    rows = sample_rows()[:12]
    export = [{"url": r["url"], "published": f"{r['date']} 14:00:00", "body": r["text"],
               "outlet": r["source"]} for r in rows]
    export[1]["published"] = "Mon, 06 Jan 2025 09:00:00 +0100"
    export[2]["body"] = ""                                  # bad: empty text
    export[3]["published"] = "next Tuesday"                 # bad: unreadable date
    export[4]["body"] = "a body with a stray \x00 byte"     # bad: NUL byte
    cols = ["url", "published", "outlet", "body"]
    src = write_csv(tmp_path / "export.csv", export, cols)
    with src.open("a", encoding="utf-8", newline="") as f:
        f.write('https://x.example/13,2025-01-07,Outlet,too,many,fields\n')
    r = run("corpus", str(src), "--out", str(tmp_path / "out"), "--text-col", "body",
            "--date-col", "published", "--id-col", "url", "--jobs", "1", "--quiet")
    assert r.exit_code == 0, r.output
    assert "9 articles analysed" in r.output and "4 errors" in r.output
    errs = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    msgs = " | ".join(e["error"] for e in errs)
    assert "missing or empty 'body'" in msgs and "unrecognised date" in msgs
    assert "NUL" in msgs or "binary" in msgs
    assert "6 fields, the header has 4" in msgs
    recs = [json.loads(x) for x in (tmp_path / "out" / "statements.jsonl").read_text()
            .splitlines()]
    assert {r["article_id"] for r in recs} <= {e["url"] for e in export}
    assert {r["date"] for r in recs if r["article_id"] == export[1]["url"]} == {"2025-01-06"}
    # the same rows as a gzipped TSV, default column names, ids from FILE:LINE
    tsv = write_csv(tmp_path / "export.tsv.gz",
                    [{"text": e["body"], "date": e["published"]} for e in export[5:8]],
                    ["text", "date"], delimiter="\t")
    r = run("corpus", str(tsv), "--out", str(tmp_path / "tsv"), "--jobs", "1", "--quiet")
    assert r.exit_code == 0, r.output
    ids = {json.loads(x)["article_id"] for x in
           (tmp_path / "tsv" / "statements.jsonl").read_text().splitlines()}
    starts, line = [], 2  # an id is the line a row starts on; quoted cells span lines
    for e in export[5:8]:
        starts.append(f"{tsv}:{line}")
        line += e["body"].count("\n") + 1
    assert ids and ids <= set(starts) and f"{tsv}:2" in ids


def test_missing_column_is_one_line_before_any_output(tmp_path):
    src = write_csv(tmp_path / "e.csv", sample_rows()[:2], ["id", "text"])
    r = run("corpus", str(src), "--out", str(tmp_path / "out"), "--text-col", "body")
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        f"stance: error: {src}: no column 'body' for the text (--text-col); columns are: id, text"]
    assert not (tmp_path / "out").exists()
    r = run("corpus", str(src), "--out", str(tmp_path / "out"), "--date-col", "published")
    assert r.exit_code == 1 and "no column 'published'" in r.output
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not parquet")
    r = run("corpus", str(tmp_path / "broken.parquet"), "--out", str(tmp_path / "out"))
    assert r.exit_code == 1 and "not a readable Parquet file" in r.output
    assert len(r.output.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_csv_is_streamed_and_a_truncated_gz_keeps_what_was_read(tmp_path):
    rows = sample_rows()[:40]
    src = write_csv(tmp_path / "e.csv.gz", rows, ["id", "date", "text"])
    data = src.read_bytes()
    src.write_bytes(data[: len(data) * 2 // 3])
    arts = list(readers.iter_table(str(src)))
    good = [a for a in arts if "error" not in a]
    assert 10 < len(good) < 40 and [a["id"] for a in good] == [r["id"] for r in rows[:len(good)]]
    assert "cannot read further" in arts[-1]["error"]


def test_a_huge_cell_is_one_article(tmp_path):
    text = "The foreign ministry said the claims were baseless. " * 5000  # ~260 KB
    src = write_csv(tmp_path / "big.csv", [{"id": "big", "text": text}], ["id", "text"])
    (art,) = readers.iter_table(str(src))
    assert art["id"] == "big" and art["text"] == text


def test_parquet_rows_types_and_bad_rows(tmp_path):
    t = pa.table({
        "body": ["The Indian foreign ministry said the claims were baseless.", None, "  ",
                 "Beijing urged Manila to stop its patrols, the spokesperson said."],
        "published": pa.array([datetime(2024, 3, 5, 14, tzinfo=timezone.utc), None,
                               None, datetime(2024, 3, 6, 1)], pa.timestamp("s", tz="UTC")),
    })
    pq.write_table(t, tmp_path / "c.parquet", row_group_size=2)
    arts = list(readers.iter_table(str(tmp_path / "c.parquet"),
                                   readers.Columns(text="body", date="published")))
    assert [a["id"] for a in arts] == [f"{tmp_path / 'c.parquet'}:{i}" for i in range(1, 5)]
    assert arts[0]["date"] == "2024-03-05" and arts[3]["date"] == "2024-03-06"
    assert "error" in arts[1] and "error" in arts[2]
    assert readers.count_rows(str(tmp_path / "c.parquet")) == 4


def test_csv_run_resumes_and_jobs_do_not_change_output(tmp_path):
    rows = sample_rows()[:48]
    src = write_csv(tmp_path / "c.csv", rows, ["id", "date", "source", "title", "text"])
    corpus.run([str(src)], tmp_path / "whole", jobs=1, batch_size=8)
    corpus.run([str(src)], tmp_path / "two", jobs=2, batch_size=8)
    want = (tmp_path / "whole" / "statements.jsonl").read_text()
    assert (tmp_path / "two" / "statements.jsonl").read_text() == want
    # a run cut short: half the batches done, the last one half-written
    part = tmp_path / "part"
    corpus.run([str(src)], part, jobs=1, batch_size=8)
    done = (part / "done.txt").read_text().splitlines()
    kept = set(done[:24])
    (part / "done.txt").write_text("".join(i + "\n" for i in done[:24]) + done[24][:3])
    lines = want.splitlines(keepends=True)
    first_lost = next(i for i, x in enumerate(lines) if json.loads(x)["article_id"] not in kept)
    (part / "statements.jsonl").write_text("".join(lines[:first_lost + 2]))
    stats = corpus.run([str(src)], part, jobs=1, batch_size=8)
    assert stats["skipped"] == 24 and stats["done"] == 24
    assert (part / "statements.jsonl").read_text() == want


# -- Parquet output ------------------------------------------------------------------------
def test_output_format_parquet_has_the_documented_schema_and_the_jsonl_rows(tmp_path):
    rows = sample_rows()[:30]
    src = write_csv(tmp_path / "c.csv", rows, ["id", "date", "source", "title", "text"])
    r = run("corpus", str(src), "--out", str(tmp_path / "out"), "--output-format", "parquet",
            "--jobs", "1", "--quiet")
    assert r.exit_code == 0, r.output
    table = pq.read_table(tmp_path / "out" / "statements.parquet")
    assert [(f.name, str(f.type)) for f in table.schema] == [
        (n, {"date32": "date32[day]", "float64": "double",
             "list<string>": "list<element: string>"}.get(t, t))
        for n, t, _ in readers.PARQUET_SCHEMA_DOC]
    jl = [json.loads(x) for x in (tmp_path / "out" / "statements.jsonl").read_text()
          .splitlines()]
    # every field of a statement record has its column (probabilities become p_* columns)
    names = {n for n, _, _ in readers.PARQUET_SCHEMA_DOC}
    assert set(jl[0]) - names == {"probabilities"}, "a new statement field needs a column"
    got = table.to_pylist()
    assert len(got) == len(jl) > 20
    for a, b in zip(got, jl):
        assert a["article_id"] == b["article_id"] and a["text"] == b["text"]
        assert a["date"] == date.fromisoformat(b["date"]) and a["targets"] == b["targets"]
        assert a["p_denying"] == b["probabilities"]["denying"] and a["label"] == b["label"]
    # rebuilt on --aggregate-only, in small row groups when asked
    (tmp_path / "out" / "statements.parquet").unlink()
    r = run("corpus", "--aggregate-only", str(tmp_path / "out"), "--output-format", "parquet")
    assert r.exit_code == 0 and pq.read_table(tmp_path / "out" / "statements.parquet") \
        .equals(table)
    n = readers.statements_to_parquet(tmp_path / "out" / "statements.jsonl",
                                      tmp_path / "small.parquet", chunk_rows=7)
    f = pq.ParquetFile(tmp_path / "small.parquet")
    assert n == len(jl) and f.metadata.num_row_groups == -(-len(jl) // 7)
    assert f.read().equals(table)


def test_parquet_without_pyarrow_is_refused_before_any_work(tmp_path):
    src = write_csv(tmp_path / "c.csv", sample_rows()[:2], ["id", "text"])
    code = ("import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
            "from stance.cli import main; sys.argv = ['stance', 'corpus', "
            f"{str(src)!r}, '--out', {str(tmp_path / 'out')!r}, '--output-format', 'parquet']\n"
            "main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "stance: error: --output-format parquet needs the parquet extra: "
        "pip install 'stance[parquet]'"]
    assert not (tmp_path / "out").exists()
    r = run("corpus", str(src), "--out", str(tmp_path / "out"), "--output-format", "xml")
    assert r.exit_code == 2 and "must be jsonl or parquet" in r.output


def test_analyze_reads_a_csv_export(tmp_path):
    rows = sample_rows()[:2]
    src = write_csv(tmp_path / "e.csv", rows, ["id", "date", "title", "text"])
    r = run("analyze", str(src), "--format", "json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)["results"]
    assert [x["source"] for x in res] == [rows[0]["id"], rows[1]["id"]]
    assert res[0]["document"]["date"] == rows[0]["date"] and res[0]["text"] == rows[0]["text"]


def test_shipped_examples_give_the_sample_corpus_statements(tmp_path):
    """data/examples/ (README's examples) holds the first 24 sample articles; if this fails
    after the sample corpus changed, run python tools/build_input_examples.py."""
    ex = ROOT / "data" / "examples"
    first = sample_rows()[:24]
    (tmp_path / "first.jsonl").write_text("".join(json.dumps(r) + "\n" for r in first))
    corpus.run([str(tmp_path / "first.jsonl")], tmp_path / "jsonl", jobs=1)
    r = run("corpus", str(ex / "export.csv"), "--text-col", "body", "--date-col", "published",
            "--id-col", "url", "--out", str(tmp_path / "csv"), "--jobs", "1", "--quiet")
    assert r.exit_code == 0, r.output
    r = run("corpus", str(ex / "corpus.parquet"), "--out", str(tmp_path / "pq"), "--jobs", "1",
            "--quiet", "--output-format", "parquet")
    assert r.exit_code == 0, r.output
    want = (tmp_path / "jsonl" / "statements.jsonl").read_text()
    assert (tmp_path / "pq" / "statements.jsonl").read_text() == want
    url_to_id = {x["url"]: x["id"] for x in first}
    got = [json.loads(x) for x in (tmp_path / "csv" / "statements.jsonl").read_text()
           .splitlines()]
    assert [{**g, "article_id": url_to_id[g["article_id"]]} for g in got] == \
        [json.loads(x) for x in want.splitlines()]


def test_a_damaged_parquet_row_group_is_one_error_and_the_others_are_read(tmp_path):
    texts = [f"The foreign ministry said the claims about site {i} were baseless. " * 20
             for i in range(30)]
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": [f"r{i}" for i in range(30)], "text": texts}), path,
                   row_group_size=10, compression="zstd")
    col = pq.ParquetFile(path).metadata.row_group(1).column(1)  # the text of rows 11-20
    start = (col.dictionary_page_offset or col.data_page_offset) + 16  # its first page
    data = bytearray(path.read_bytes())
    data[start:start + 32] = b"\xff" * 32
    path.write_bytes(bytes(data))
    arts = list(readers.iter_table(str(path)))
    good = [a["id"] for a in arts if "error" not in a]
    assert good == [f"r{i}" for i in range(10)] + [f"r{i}" for i in range(20, 30)]
    (err,) = [a for a in arts if "error" in a]
    assert err["id"] == f"{path}:row-group-2" and "rows 11-20" in err["error"]


def test_empty_or_headerless_csv_is_one_line(tmp_path):
    (tmp_path / "e.csv").write_text("")
    r = run("corpus", str(tmp_path / "e.csv"), "--out", str(tmp_path / "out"))
    assert r.exit_code == 1 and r.output.strip() == \
        f"stance: error: {tmp_path / 'e.csv'}: empty file, no header row"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("delimiter, suffix", [(",", ".csv"), ("\t", ".tsv"), (",", ".csv.gz")])
def test_what_a_csv_writer_writes_is_read_back_cell_for_cell(tmp_path, delimiter, suffix):
    """Cells with quotes, delimiters, newlines (\\n, \\r\\n), a BOM-like character, non-Latin
    scripts and leading spaces survive the round trip; ids and dates too."""
    rnd = random.Random(0)
    pieces = ['"We reject', "this,", "claim\"", "\t", "\n", "\r\n", "  ", "Москва", "北京",
              "'", ";", "\\", "—", "\ufeff", "said.", "é", "x" * 300]
    rows = []
    for i in range(200):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        if not text.strip() or "\ufffd" in text:
            text += " said."
        rows.append({"id": f"id,{i}\"", "date": rnd.choice(["", "2024-02-29",
                                                            "Thu, 29 Feb 2024 23:00:00 -0800",
                                                            "2024-02-29 23:59:59"]),
                     "text": text})
    src = write_csv(tmp_path / f"r{suffix}", rows, ["id", "date", "text"], delimiter)
    arts = list(readers.iter_table(str(src)))
    assert [a.get("error") for a in arts] == [None] * len(rows)
    assert [a["id"] for a in arts] == [r["id"] for r in rows]
    assert [a["text"] for a in arts] == [r["text"] for r in rows]
    assert [a["date"] for a in arts] == [("2024-02-29" if r["date"] else None) for r in rows]
