"""Every failure is one line and a non-zero exit, found before any work is done, and leaves
no half-written file; output files follow the umask."""

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TEXT = "The Chinese foreign ministry said the claims were baseless and politically motivated.\n"


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def one_line_error(r, code: int = 1) -> str:
    assert r.exit_code == code, (r.exit_code, r.output)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stance: error: "), r.stderr
    assert "Traceback" not in r.output and "╭" not in r.output
    return lines[0]


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


@pytest.mark.parametrize("args", [
    ["classify", "--format", "yaml", "x"],
    ["analyze"],
    ["analyze", "a.txt", "--min-confidence", "2"],
    ["corpus", "x.jsonl", "--out", "o", "--jobs", "0"],
    ["corpus", "x.jsonl", "--out", "o", "--batch-size", "-1"],
    ["plot", "actors", "a.csv", "--out", "a.png", "--top", "0"],
    ["evaluate", "--format", "csv"],
    ["info", "--format", "jsonl"],
    ["analyze", "a.txt", "--no-such-option"],
])
def test_usage_errors_are_one_line(args):
    msg = one_line_error(run(*args), 2)
    assert "--help" in msg or "must" in msg


def test_help_has_no_type_noise_after_flags():
    r = run("analyze", "--help")
    assert r.exit_code == 0
    assert "<bool>" not in r.stdout and "╭" not in r.stdout
    assert "--force" in r.stdout and "Examples" in r.stdout


def test_output_that_is_a_directory(tmp_path, article):
    msg = one_line_error(run("analyze", article, "-o", tmp_path))
    assert "is a directory" in msg and "--force" not in msg


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc (Linux)")
def test_special_and_unwritable_outputs(tmp_path, article):
    assert "not a regular file" in one_line_error(run("analyze", article, "-o", "/dev/null",
                                                      "--force"))
    assert "cannot write" in one_line_error(run("analyze", article, "-o",
                                                "/proc/stance-out.json"))
    assert "no such directory" in one_line_error(run("analyze", article, "-o",
                                                     tmp_path / "nope" / "x.json"))


@pytest.fixture
def read_only_dir(tmp_path):
    """A directory nothing can be written in: a read-only tmpfs mount for root (who writes
    through permission bits), a 0500 directory for anyone else."""
    import subprocess

    d = tmp_path / "ro"
    d.mkdir()
    if not hasattr(os, "geteuid"):
        pytest.skip("needs POSIX permissions")
    if os.geteuid() != 0:
        d.chmod(0o500)
        yield d
        d.chmod(0o700)
        return
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(d)],
                       capture_output=True)
    if r.returncode != 0:
        pytest.skip("root here cannot mount a read-only file system")
    try:
        yield d
    finally:
        subprocess.run(["umount", str(d)], check=False)


def test_read_only_directory(read_only_dir, article):
    msg = one_line_error(run("analyze", article, "-o", read_only_dir / "x.json"))
    assert "cannot write" in msg
    msg = one_line_error(run("corpus", article, "--out", read_only_dir / "run", "-q"))
    assert "cannot" in msg


def test_outputs_checked_before_any_work(tmp_path, monkeypatch, article):
    """-o and --plot are refused before the model is loaded or any text is read."""
    import stance.cli as cli

    def boom(*a, **k):
        raise AssertionError("work started before the output paths were checked")

    monkeypatch.setattr(cli, "_load_model", boom)
    existing = tmp_path / "out.json"
    existing.write_text("keep")
    assert "exists" in one_line_error(run("analyze", article, "-o", existing))
    assert "--plot" in one_line_error(run("analyze", article, "--plot", tmp_path))
    assert existing.read_text() == "keep"


def test_plot_without_matplotlib_is_refused_before_work(tmp_path, monkeypatch, article):
    import stance.cli as cli

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    monkeypatch.setattr(cli, "_load_model", lambda *a: pytest.fail("work started"))
    msg = one_line_error(run("analyze", article, "--plot", tmp_path / "p.png"))
    assert "matplotlib" in msg and not (tmp_path / "p.png").exists()
    msg = one_line_error(run("evaluate", "--plot", tmp_path / "cm.png"))
    assert "matplotlib" in msg


def test_output_files_follow_the_umask(tmp_path, article):
    old = os.umask(0o022)
    try:
        out = tmp_path / "r.json"
        png = tmp_path / "r.png"
        r = run("analyze", article, "-f", "json", "-o", out, "--plot", png)
        assert r.exit_code == 0, r.output
        for p in (out, png):
            assert stat.S_IMODE(p.stat().st_mode) == 0o644, p
        os.umask(0o027)
        out2 = tmp_path / "c.jsonl"
        assert run("classify", "We condemn it.", "-o", out2).exit_code == 0
        assert stat.S_IMODE(out2.stat().st_mode) == 0o640
    finally:
        os.umask(old)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stdin_that_looks_like_json_but_is_text(tmp_path):
    text = "[Reuters] " + TEXT
    r = run("analyze", "-", "-f", "json", input=text)
    assert r.exit_code == 0, r.output
    from_stdin = json.loads(r.stdout)["statements"]
    f = tmp_path / "same.txt"
    f.write_text(text, encoding="utf-8")
    from_file = json.loads(run("analyze", f, "-f", "json").stdout)["statements"]
    assert from_stdin == from_file and from_stdin
    r = run("analyze", "-", "-f", "json", input="{curly words " + TEXT)
    assert r.exit_code == 0 and json.loads(r.stdout)["statements"]
    # real JSON with an error in it stays an error
    one_line_error(run("analyze", "-", input='{"text": "a"}\n{"id": 2}\n'))


def test_min_confidence_reports_neutral_probability():
    r = run("classify", "We condemn it.", "Talks will continue next week.", "-f", "jsonl",
            "--min-confidence", "1.0")
    assert r.exit_code == 0, r.output
    for rec in map(json.loads, r.stdout.splitlines()):
        assert rec["label"] == "neutral"
        assert rec["confidence"] == rec["probabilities"]["neutral"]
        top = max(rec["probabilities"], key=rec["probabilities"].get)
        assert rec["model_label"] == top
    first = json.loads(r.stdout.splitlines()[0])
    assert first["model_label"] == "condemning"


def test_evaluate_and_info_accept_only_their_formats():
    r = run("info", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["labels"]
    one_line_error(run("info", "-f", "csv"), 2)
    one_line_error(run("evaluate", "-f", "jsonl"), 2)


def test_plot_actors_refuses_a_timeseries_csv(tmp_path):
    ts = tmp_path / "timeseries.csv"
    ts.write_text("actor,period,statements,stance,confidence,share_condemning,share_denying,"
                  "share_justifying,share_requesting,share_neutral\n"
                  "CHN,2025-01-06,3,denying,0.9,0,1,0,0,0\n")
    msg = one_line_error(run("plot", "actors", ts, "--out", tmp_path / "a.png"))
    assert "actors.csv" in msg and not (tmp_path / "a.png").exists()


def test_train_never_overwrites_a_model_without_force(tmp_path, monkeypatch, tiny_model_dir):
    import shutil

    d = tmp_path / "models"
    shutil.copytree(tiny_model_dir, d)
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    data = tmp_path / "d.csv"
    rows = {"condemning": ["We condemn it.", "This is a crime.", "A brutal attack."],
            "denying": ["We deny it.", "That is false.", "No such thing happened."],
            "justifying": ["It was lawful.", "Our right to defend.", "A measured response."],
            "requesting": ["We urge calm.", "Stop the strikes.", "We call for talks."],
            "neutral": ["Talks go on.", "The envoy arrived.", "A meeting is set."]}
    data.write_text("text,label\n" + "".join(f"{t},{lab}\n" for lab, ts in rows.items()
                                             for t in ts))
    msg = one_line_error(run("train", "--data", data, "--out", d, "--no-cv", "-q"))
    assert "--force" in msg
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before
    # no --out: a new directory, never the shipped model
    monkeypatch.chdir(tmp_path)
    shipped = ROOT / "models"
    shipped_before = {p.name: p.stat().st_mtime_ns for p in shipped.iterdir()}
    r = run("train", "--data", data, "--no-cv", "-q")
    assert r.exit_code == 0, r.output
    made = [p for p in tmp_path.iterdir() if p.name.startswith("stance-model-")]
    assert len(made) == 1 and (made[0] / "stance.json").exists()
    assert {p.name: p.stat().st_mtime_ns for p in shipped.iterdir()} == shipped_before


def test_corpus_jobs_above_core_count_is_capped_with_a_note(tmp_path):
    from stance.corpus import cores

    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n")
    r = run("corpus", src, "--out", tmp_path / "o", "--jobs", cores() + 3, "-q")
    assert r.exit_code == 0, r.output
    assert f"capped at {cores()}" in r.stderr


def test_report_output_that_is_a_directory(tmp_path, article):
    msg = one_line_error(run("report", article, "-o", tmp_path))
    assert "is a directory" in msg
