"""The README's examples name files that exist, and its Python snippet runs as written."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
OUTPUT_OPTIONS = {"-o", "--output", "--out", "--plot"}
SUFFIXES = (".txt", ".html", ".json", ".jsonl", ".csv", ".gz", ".py", ".md")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_examples_name_files_that_exist():
    """Every path an example reads is in the repository, or is written by an earlier one."""
    written: list[str] = []
    checked = 0
    for block in blocks("bash"):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            if not line.startswith(("stance ", "cat ", "python ")):
                continue
            toks = shlex.split(line.replace("|", " ").replace("<", " ").replace("&&", " "))
            for prev, tok in zip(["", *toks], toks):
                if prev in OUTPUT_OPTIONS:
                    written.append(tok.rstrip("/"))
                    continue
                if "/" not in tok and not tok.endswith(SUFFIXES) or tok.startswith(("-", "tcp:")):
                    continue
                if tok.endswith(".gz") and "scheduler" in line:
                    continue  # the cluster example's corpus is the reader's own
                if tok.startswith("../shared/"):
                    continue  # the real-text corpus beside the project, absent for users
                if any(tok == w or tok.startswith(w + "/") for w in written):
                    continue
                assert (ROOT / tok).exists(), f"README example names a missing file: {tok}"
                checked += 1
    assert checked >= 8


def test_readme_python_snippet_runs_as_written(tmp_path):
    (snippet,) = [b for b in blocks("python") if "import stance" in b]
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "snippet.py").write_text(snippet, encoding="utf-8")
    r = subprocess.run([sys.executable, "snippet.py"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "my_model" / "stance.json").exists()
    assert "PHL" in r.stdout
