import gzip
import json
import shutil

import pytest
from typer.testing import CliRunner

from stance.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_version_and_help():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("stance ")
    r = run("classify", "--help")
    assert r.exit_code == 0 and "Examples" in r.stdout


def test_classify_jsonl_in_input_order():
    r = run("classify", "We urge Moscow to withdraw its troops immediately.",
            "These reports are pure fabrication.", "--format", "jsonl")
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["text"][:8] for x in lines] == ["We urge ", "These re"]
    assert set(lines[0]) == {"text", "label", "confidence", "probabilities", "model_label"}
    assert lines[0]["label"] == "requesting" and lines[1]["label"] == "denying"


def test_classify_stdin_and_csv():
    r = run("classify", "-", "--format", "csv", input="We condemn the attack.\n\nTalks go on.\n")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0].startswith("text,label,confidence")
    assert len(r.stdout.splitlines()) == 3


@pytest.mark.parametrize("data,msg", [(b"", "empty"), (b"\x00\x01\x02binary", "binary"),
                                      (b"caf\xe9 au lait", "UTF-8")])
def test_classify_bad_stdin_is_one_line_error(data, msg):
    r = runner.invoke(app, ["classify", "-"], input=data)
    assert r.exit_code == 1
    assert msg in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.output


def test_missing_and_tampered_model(tmp_path, tiny_model_dir):
    r = run("classify", "x y z", "--model", str(tmp_path / "none.skops"))
    assert r.exit_code == 1 and "not found" in r.stderr
    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    (d / "stance.skops").write_bytes(b"not a model")
    r = run("classify", "x y z", "--model", str(d))
    assert r.exit_code == 1 and "does not match" in r.stderr


def test_train_bad_csv_names_the_row(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("text,label\nok text,neutral\nbad text,furious\n")
    r = run("train", "--data", str(p), "--out", str(tmp_path / "m"), "--no-cv", "-q")
    assert r.exit_code == 1 and "line 3" in r.stderr and "furious" in r.stderr
    r = run("train", "--data", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "m"))
    assert r.exit_code == 1 and "not found" in r.stderr
    assert not (tmp_path / "m" / "stance.skops").exists()


def test_usage_error_exit_code():
    r = run("classify", "--format", "yaml", "x")
    assert r.exit_code == 2


def test_analyze_json_schema(tmp_path, seed_text):
    p = tmp_path / "a.txt"
    p.write_text(seed_text, encoding="utf-8")
    r = run("analyze", str(p), "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["schema_version"] and d["source"] == "a.txt"
    st = d["statements"][0]
    assert set(st) >= {"text", "start", "end", "kind", "speaker", "actor", "actor_name",
                       "targets", "label", "confidence", "probabilities"}
    assert seed_text[st["start"]:st["end"]] == st["text"]
    assert {"actor", "name", "type", "statements", "stance", "distribution",
            "confidence"} <= set(d["actors"][0])
    assert isinstance(d["dyads"], list)


def test_analyze_html_json_jsonl_gz_and_markdown(tmp_path):
    body = "Talks stalled.\nThe Indian foreign ministry said the claims were baseless."
    (tmp_path / "p.html").write_text("<html><body><h1>Head</h1><script>x()</script>"
                                     "<p>Talks stalled.</p><p>The Indian foreign ministry "
                                     "said the claims were baseless.</p></body></html>")
    (tmp_path / "a.json").write_text(json.dumps({"text": "Head\n" + body}))
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as f:
        f.write(json.dumps({"id": "x", "text": "Head\n" + body}) + "\n")
    for name in ("p.html", "a.json", "b.jsonl.gz"):
        r = run("analyze", str(tmp_path / name), "--format", "jsonl")
        assert r.exit_code == 0, r.output
        (line,) = r.stdout.splitlines()
        rec = json.loads(line)
        assert rec["actor"] == "IND" and rec["label"] == "denying"
    r = run("analyze", str(tmp_path / "p.html"), "--format", "markdown")
    assert r.stdout.startswith("# Stance report") and "IND" in r.stdout


def test_analyze_no_statements_is_valid_and_bad_files_are_errors(tmp_path):
    (tmp_path / "n.txt").write_text("Head\nRain fell on the capital all day.")
    r = run("analyze", str(tmp_path / "n.txt"), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["statements"] == []
    (tmp_path / "e.txt").write_text("  \n")
    (tmp_path / "bad.json").write_text("{nope")
    for name, msg in (("e.txt", "empty"), ("bad.json", "malformed JSON"), ("zz.txt", "no such")):
        r = run("analyze", str(tmp_path / name))
        assert r.exit_code == 1 and msg in r.stderr, r.stderr


def test_output_refuses_overwrite_without_force(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text("keep")
    r = run("classify", "We condemn it.", "-f", "jsonl", "-o", str(out))
    assert r.exit_code == 1 and "--force" in r.stderr and out.read_text() == "keep"
    r = run("classify", "We condemn it.", "-f", "jsonl", "-o", str(out), "--force")
    assert r.exit_code == 0 and json.loads(out.read_text())["label"] == "condemning"


def test_info_and_evaluate(tmp_path):
    r = run("info")
    assert r.exit_code == 0 and "leave-one-writer-out" in r.stdout
    r = run("evaluate", "--articles", "data/articles", "--format", "json")
    assert r.exit_code == 0, r.output
    a = json.loads(r.stdout)["articles"]
    assert a["articles"] >= 25
    assert a["statements"]["f1"] >= 0.8  # a floor: the measured figure is in README
    png = tmp_path / "cm.png"
    r = run("evaluate", "--plot", str(png))
    assert r.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_analyze_plot(tmp_path, seed_text):
    p = tmp_path / "a.txt"
    p.write_text(seed_text, encoding="utf-8")
    png = tmp_path / "actors.png"
    r = run("analyze", str(p), "--plot", str(png), "-f", "json")
    assert r.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "stance", "--version"], capture_output=True,
                       text=True)
    assert r.returncode == 0 and r.stdout.startswith("stance ")


def test_pickle_model_is_refused_in_one_line_and_runs_nothing(tmp_path, monkeypatch):
    """A joblib/pickle file whose reduce runs a command, with a card that matches it."""
    import hashlib
    import pickle

    marker = tmp_path / "pwned"

    class Boom:
        def __reduce__(self):
            import os

            return (os.system, (f"touch {marker}",))

    d = tmp_path / "m"
    d.mkdir()
    blob = pickle.dumps(Boom())
    (d / "stance.joblib").write_bytes(blob)
    (d / "stance.json").write_text(json.dumps(
        {"artifact": {"file": "stance.joblib", "sha256": hashlib.sha256(blob).hexdigest()}}))
    r = run("classify", "x y z", "--model", str(d))
    assert r.exit_code == 1 and "--trust-pickle" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output
    monkeypatch.setenv("STANCE_MODEL", str(d / "stance.joblib"))
    r = run("analyze", "-", input="The minister said talks would go on.")
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1
    assert not marker.exists()
