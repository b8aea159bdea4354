import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stance import corpus

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(path: Path, n: int = 60) -> Path:
    arts = sorted((ROOT / "data" / "articles").glob("*.txt"))
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = arts[i % len(arts)].read_text(encoding="utf-8")
            f.write(json.dumps({"id": f"art-{i:03d}", "date": f"2025-0{1 + i % 3}-{1 + i % 27:02d}",
                                "text": text}) + "\n")
    return path


def statements(out: Path) -> list[str]:
    return sorted((out / "statements.jsonl").read_text(encoding="utf-8").splitlines())


def test_messy_corpus(tmp_path):
    src = make_corpus(tmp_path / "c.jsonl", 6)
    with src.open("ab") as f:
        f.write(b"{not json\n")
        f.write(json.dumps({"id": "empty", "text": "   "}).encode() + b"\n")
        f.write(b"\x00\x01\xff\xfe junk\n")
        f.write(json.dumps({"id": "art-001", "text": "Head\nA duplicate id."}).encode() + b"\n")
    stats = corpus.run([str(src)], tmp_path / "out", jobs=1, batch_size=4)
    assert stats["done"] == 6 and stats["errors"] == 4
    errs = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert len(errs) == 4 and all(e["error"] for e in errs)
    for name in ("statements.jsonl", "actors.csv", "timeseries.csv", "dyads.csv"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    rec = json.loads((tmp_path / "out" / "statements.jsonl").read_text().splitlines()[0])
    assert rec["article_id"].startswith("art-") and rec["date"]


def test_parallel_equals_serial(tmp_path):
    src = make_corpus(tmp_path / "c.jsonl", 30)
    corpus.run([str(src)], tmp_path / "a", jobs=1, batch_size=4)
    corpus.run([str(src)], tmp_path / "b", jobs=2, batch_size=4)
    assert (tmp_path / "a" / "statements.jsonl").read_text() == \
        (tmp_path / "b" / "statements.jsonl").read_text()
    assert (tmp_path / "a" / "actors.csv").read_text() == \
        (tmp_path / "b" / "actors.csv").read_text()


def test_dask_local_cluster_equals_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = make_corpus(tmp_path / "c.jsonl", 24)
    corpus.run([str(src)], tmp_path / "local", jobs=1, batch_size=4)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        corpus.run([str(src)], tmp_path / "dask", scheduler=cluster.scheduler_address,
                   batch_size=4)
    assert (tmp_path / "local" / "statements.jsonl").read_text() == \
        (tmp_path / "dask" / "statements.jsonl").read_text()
    for name in ("actors.csv", "timeseries.csv", "dyads.csv"):
        assert (tmp_path / "local" / name).read_text() == (tmp_path / "dask" / name).read_text()


def test_killed_and_resumed_equals_uninterrupted(tmp_path):
    src = make_corpus(tmp_path / "c.jsonl", 400)
    corpus.run([str(src)], tmp_path / "full", jobs=1, batch_size=5)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "stance", "corpus", str(src), "--out", str(out), "--jobs", "1",
           "--batch-size", "5", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    done = out / "done.txt"
    deadline = time.time() + 60
    while time.time() < deadline:
        if done.exists() and done.read_text().count("\n") >= 40:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    n_before = done.read_text().count("\n")
    assert 0 < n_before < 400, "the run must be killed part-way"
    stats = corpus.run([str(src)], out, jobs=1, batch_size=5)
    assert stats["skipped"] >= n_before
    assert statements(out) == statements(tmp_path / "full")
    assert (out / "actors.csv").read_text() == (tmp_path / "full" / "actors.csv").read_text()


def test_aggregate_only_and_periods(tmp_path):
    src = make_corpus(tmp_path / "c.jsonl", 12)
    corpus.run([str(src)], tmp_path / "o", jobs=1, period="month")
    months = {ln.split(",")[1] for ln in (tmp_path / "o" / "timeseries.csv").read_text()
              .splitlines()[1:]}
    assert months <= {"2025-01", "2025-02", "2025-03"} and months
    corpus.aggregate_dir(tmp_path / "o", "day")
    days = {ln.split(",")[1] for ln in (tmp_path / "o" / "timeseries.csv").read_text()
            .splitlines()[1:]}
    assert all(len(d) == 10 for d in days)
    assert corpus.period_key("2025-01-08", "week") == "2025-01-06"


def test_cli_corpus_and_plots(tmp_path):
    from typer.testing import CliRunner

    from stance.cli import app

    src = make_corpus(tmp_path / "c.jsonl", 10)
    r = CliRunner().invoke(app, ["corpus", str(src), "--out", str(tmp_path / "o"), "-j", "1",
                                 "-q"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["plot", "timeseries", str(tmp_path / "o" / "timeseries.csv"),
                                 "--out", str(tmp_path / "t.png")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["plot", "actors", str(tmp_path / "o" / "actors.csv"),
                                 "--out", str(tmp_path / "a.png")])
    assert r.exit_code == 0 and (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
    r = CliRunner().invoke(app, ["plot", "timeseries", str(tmp_path / "o" / "timeseries.csv"),
                                 "--actors", "ZZZ", "--out", str(tmp_path / "z.png")])
    assert r.exit_code == 1 and "ZZZ" in r.stderr


def test_directory_of_text_and_jsonl_files(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    arts = sorted((ROOT / "data" / "articles").glob("*.txt"))
    (d / "one.txt").write_text(arts[0].read_text(encoding="utf-8"), encoding="utf-8")
    (d / "page.html").write_text("<html><body><p>Head</p><p>The Indian foreign ministry said "
                                 "the claims were baseless.</p></body></html>")
    make_corpus(d / "more.jsonl", 3)
    stats = corpus.run([str(d)], tmp_path / "out", jobs=1)
    assert stats["done"] == 5 and stats["errors"] == 0
    ids = {json.loads(x)["article_id"] for x in
           (tmp_path / "out" / "statements.jsonl").read_text().splitlines()}
    assert {"one.txt", "page.html", "art-000"} <= ids
