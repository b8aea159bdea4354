import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"


@pytest.fixture(scope="session")
def model():
    from stance.model import StanceModel

    return StanceModel.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (DATA / "seed_article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((DATA / "seed_article.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """A small model trained in the test session (for tamper and version tests)."""
    from stance.training import train

    rows = [
        ("We condemn this reckless and illegal strike.", "condemning"),
        ("The attack is a grave violation of international law.", "condemning"),
        ("These reports are baseless fabrications.", "denying"),
        ("No such incident took place.", "denying"),
        ("Our exercises are a legitimate response to provocations.", "justifying"),
        ("The measures are in line with international law and our sovereign right.", "justifying"),
        ("We call on both sides to show restraint.", "requesting"),
        ("We urge them to lift the restrictions immediately.", "requesting"),
        ("The ministers will meet in Geneva next week.", "neutral"),
        ("Talks are ongoing and a statement will follow.", "neutral"),
    ]
    d = tmp_path_factory.mktemp("tiny")
    train(rows, out=d, cv=False,
          settings={"features": "word+char", "C": 4.0, "classifier": "logreg"})
    return d


# Invented articles for the real-text set's format (standoff into a text folder). Each item:
# (frame before, statement, frame after, kind, label, alt). A reported item's frame is the whole
# sentence; a direct item's statement is the quote alone.
REALDEV_ARTICLES = {
    "fake_001": [
        ("The harbour authority said on Monday that ", "the ferry route would reopen next week",
         ".", "reported", "neutral", ""),
        ("“", "We strongly condemn this reckless attack on a civilian port", ",” the mayor said.",
         "direct", "condemning", ""),
        ("The governor denied that ", "any funds had been diverted", ".", "reported",
         "denying", ""),
    ],
    "fake_002": [
        ("“", "We urge both parties to return to the table without delay", ",” the envoy said.",
         "direct", "requesting", ""),
        ("The ministry insisted that ", "the drills were a lawful response to repeated "
         "provocations", ".", "reported", "justifying", "denying"),
        ("“", "These reports are a baseless fabrication", ",” a spokeswoman said.", "direct",
         "denying", ""),
    ],
    "fake_003": [
        ("The council called on ", "the company to halt the dumping at once", ".", "reported",
         "requesting", ""),
        ("“", "The talks will continue in Geneva on Thursday", ",” an aide said.", "direct",
         "neutral", ""),
        ("The senator condemned ", "the vote as a disgraceful betrayal of the voters", ".",
         "reported", "condemning", ""),
        ("“", "Our measures are fully in line with the law and our sovereign right", ",” "
         "the minister said.", "direct", "justifying", ""),
    ],
}


def write_realdev(root):
    """Write the invented articles to ``root/train/text`` and their standoff CSV; return it."""
    import csv

    text_dir = root / "train" / "text"
    text_dir.mkdir(parents=True)
    rows = []
    for name, items in REALDEV_ARTICLES.items():
        text = f"Invented headline for {name}\n\n"
        for before, stmt, after, kind, label, alt in items:
            frame_start = len(text)
            start = frame_start + len(before)
            text += before + stmt + after
            end = start + len(stmt)
            rows.append({"file": name, "start": start, "end": end,
                         "frame_start": frame_start if kind == "reported" else "",
                         "frame_end": len(text) if kind == "reported" else "",
                         "label": label, "label_a": label, "label_b": label, "alt": alt,
                         "speaker": "", "kind": kind, "cue": ""})
            text += " "
        (text_dir / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    path = root / "realdev.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.fixture()
def realdev(tmp_path, monkeypatch):
    """(csv, text folder) of an invented real-text set; $STANCE_POLNEAR points at it."""
    root = tmp_path / "polnear"
    path = write_realdev(root)
    monkeypatch.setenv("STANCE_POLNEAR", str(root))
    return path, root / "train" / "text"
