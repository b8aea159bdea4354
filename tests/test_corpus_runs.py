"""Corpus runs that cannot mix or lose data: settings recorded and checked on resume, ids
unique across files, truncated gzip, all-failed runs, missing inputs, binary files."""

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance import corpus
from stance.cli import app
from stance.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "data" / "articles").glob("*.txt"))


def text(i: int) -> str:
    return ARTICLES[i % len(ARTICLES)].read_text(encoding="utf-8")


def jsonl(path: Path, n: int, with_ids: bool = True, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            rec = {"text": text(i), "date": f"2025-03-0{1 + i % 9}"}
            if with_ids:
                rec["id"] = f"a{i}"
            f.write(json.dumps(rec) + "\n")
    return path


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_resume_with_other_settings_is_refused_and_force_starts_over(tmp_path):
    src = jsonl(tmp_path / "c.jsonl", 3)
    out = tmp_path / "o"
    corpus.run([str(src)], out, jobs=1)
    settings = json.loads((out / "settings.json").read_text())
    assert {"stance_version", "model_sha256", "min_confidence", "period"} <= set(settings)
    before = (out / "statements.jsonl").read_text()
    r = cli("corpus", src, "--out", out, "-j", "1", "-q", "--min-confidence", "0.5")
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1
    assert "min_confidence" in r.stderr and "--force" in r.stderr
    r = cli("corpus", src, "--out", out, "-j", "1", "-q", "--period", "month")
    assert r.exit_code == 1 and "period" in r.stderr
    assert (out / "statements.jsonl").read_text() == before
    # the same settings resume (nothing left to do); --force starts over
    r = cli("corpus", src, "--out", out, "-j", "1", "-q")
    assert r.exit_code == 0 and "3 already done" in r.stderr
    r = cli("corpus", src, "--out", out, "-j", "1", "-q", "--min-confidence", "0.5", "--force")
    assert r.exit_code == 0 and "0 already done" in r.stderr
    assert json.loads((out / "settings.json").read_text())["min_confidence"] == 0.5


def test_a_run_without_recorded_settings_is_not_resumed(tmp_path):
    src = jsonl(tmp_path / "c.jsonl", 2)
    out = tmp_path / "o"
    out.mkdir()
    (out / "done.txt").write_text("a0\n")
    with pytest.raises(InputError, match="--force"):
        corpus.run([str(src)], out, jobs=1)


def test_ids_are_unique_across_files_in_folders(tmp_path):
    d = tmp_path / "in"
    for sub, start in (("2025-01", 0), ("2025-02", 5)):
        (d / sub).mkdir(parents=True)
        jsonl(d / sub / "day.jsonl", 2, with_ids=False, start=start)
    stats = corpus.run([str(d)], tmp_path / "o", jobs=1)
    assert stats == {**stats, "done": 4, "errors": 0}
    ids = (tmp_path / "o" / "done.txt").read_text().split()
    assert sorted(ids) == ["2025-01/day.jsonl:1", "2025-01/day.jsonl:2",
                           "2025-02/day.jsonl:1", "2025-02/day.jsonl:2"]


@pytest.mark.parametrize("inside_dir", [False, True])
def test_truncated_gzip_is_errors_and_the_run_goes_on(tmp_path, inside_dir):
    plain = jsonl(tmp_path / "c.jsonl", 6).read_bytes()
    packed = gzip.compress(plain)
    root = tmp_path / "in"
    root.mkdir()
    bad = root / "cut.jsonl.gz"
    bad.write_bytes(packed[: len(packed) * 2 // 3])
    good = root / "good.jsonl"
    jsonl(good, 2, start=10)
    inputs = [str(root)] if inside_dir else [str(bad), str(good)]
    r = cli("corpus", *inputs, "--out", tmp_path / "o", "-j", "1", "-q")
    assert r.exit_code == 0, r.output
    assert "Aborted" not in r.output
    errors = [json.loads(x) for x in (tmp_path / "o" / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 1 and "cut.jsonl.gz" in errors[0]["id"]
    done = (tmp_path / "o" / "done.txt").read_text().split()
    assert {"a10", "a11"} <= set(done)  # the file after the broken one is analysed
    assert any(i.startswith("a") and int(i[1:]) < 6 for i in done)  # what could be read is


def test_every_article_failed_exits_1_with_one_line(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": 1, "text": ""}\n{broken\n[1, 2]\n')
    r = cli("corpus", src, "--out", tmp_path / "o", "-j", "1", "-q")
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "every article failed" in lines[0] and "3 errors" in lines[0]


def test_missing_input_leaves_no_output(tmp_path):
    out = tmp_path / "o"
    r = cli("corpus", tmp_path / "missing.jsonl", "--out", out, "-j", "1", "-q")
    assert r.exit_code == 1 and "no such file" in r.stderr
    assert not out.exists()


def test_binary_file_without_suffix_is_one_error(tmp_path):
    blob = tmp_path / "blob"
    blob.write_bytes(bytes(range(256)) * 64 + b"\n" * 50 + bytes(range(256)))
    good = jsonl(tmp_path / "c.jsonl", 1)
    stats = corpus.run([str(blob), str(good)], tmp_path / "o", jobs=1)
    assert stats["errors"] == 1 and stats["done"] == 1
    err = json.loads((tmp_path / "o" / "errors.jsonl").read_text())
    assert "binary" in err["error"]


def test_aggregate_only_record_missing_a_field_is_one_line(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "statements.jsonl").write_text(
        json.dumps({"article_id": "x", "actor": "CHN", "label": "denying",
                    "confidence": 0.9}) + "\n" + json.dumps({"article_id": "y", "actor": "RUS"})
        + "\n")
    r = cli("corpus", "--aggregate-only", out)
    assert r.exit_code == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "line 2" in lines[0] and "label" in lines[0]


def test_jobs_and_batch_size_must_be_positive_in_the_api_too(tmp_path):
    src = jsonl(tmp_path / "c.jsonl", 1)
    with pytest.raises(InputError):
        corpus.run([str(src)], tmp_path / "o", jobs=0)
    with pytest.raises(InputError):
        corpus.run([str(src)], tmp_path / "o", batch_size=0)
    assert not (tmp_path / "o").exists()


def test_corpus_outputs_follow_the_umask(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        corpus.run([str(jsonl(tmp_path / "c.jsonl", 2))], tmp_path / "o", jobs=1)
    finally:
        os.umask(old)
    for p in (tmp_path / "o").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o644, p.name


def test_forked_workers_and_joblib_workers_write_the_same(tmp_path, monkeypatch):
    """--jobs 2 forks workers that inherit the loaded model (Linux, one thread); elsewhere
    joblib starts its own. Both write what one process writes."""
    src = jsonl(tmp_path / "c.jsonl", 12)
    corpus.run([str(src)], tmp_path / "one", jobs=1, batch_size=3)
    used = []
    real = corpus._forked_map

    def spy(*a, **k):
        used.append(True)
        return real(*a, **k)

    monkeypatch.setattr(corpus, "_forked_map", spy)
    forkable = corpus._can_fork()
    corpus.run([str(src)], tmp_path / "forked", jobs=2, batch_size=3)
    assert bool(used) == forkable
    monkeypatch.setattr(corpus, "_can_fork", lambda: False)
    corpus.run([str(src)], tmp_path / "joblib", jobs=2, batch_size=3)
    want = (tmp_path / "one" / "statements.jsonl").read_text()
    assert (tmp_path / "forked" / "statements.jsonl").read_text() == want
    assert (tmp_path / "joblib" / "statements.jsonl").read_text() == want
