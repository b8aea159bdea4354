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
