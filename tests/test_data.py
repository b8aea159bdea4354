"""The shipped data and the shipped model: breadth, duplicates, held-out seed, drift."""

import csv
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from stance.labels import LABELS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "statements.csv"
CARD = ROOT / "models" / "stance.json"


@pytest.fixture(scope="module")
def rows():
    with DATA.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _words(t):
    return re.sub(r"[^a-z0-9 ]", " ", t.lower()).split()


def _shingles(t):
    w = _words(t)
    return {" ".join(w[i:i + 3]) for i in range(max(1, len(w) - 2))}


def test_columns_and_size(rows):
    cols = ["text", "label", "speaker", "actor", "kind", "topic", "group", "writer"]
    assert set(cols) <= set(rows[0])
    assert len(rows) >= 5000
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == set(LABELS)
    assert min(counts.values()) >= 800, counts


def test_breadth(rows):
    writers = Counter(r["writer"] for r in rows)
    assert len(writers) >= 5
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["reported"] >= len(rows) / 2
    actors = {r["actor"] for r in rows if r["actor"]}
    countries = {a for a in actors if re.fullmatch(r"[A-Z]{3}", a)}
    orgs = actors - countries | ({a for a in actors if a in {"ICC", "ICJ", "WHO", "OIC", "SCO",
                                                             "OAS", "LAS", "GCC", "IMF"}})
    assert len(countries) >= 60
    assert len(orgs) >= 8
    assert len({r["topic"] for r in rows}) >= 20


def test_no_exact_or_near_duplicates(rows):
    seen = {}
    index = {}
    sh = [_shingles(r["text"]) for r in rows]
    near = []
    for i, r in enumerate(rows):
        key = " ".join(_words(r["text"]))
        assert key not in seen, f"row {i + 2} repeats row {seen[key] + 2}"
        seen[key] = i
        cand = Counter(j for s in sh[i] for j in index.get(s, ()))
        for j, c in cand.items():
            if len(sh[i]) >= 3 and c / len(sh[i] | sh[j]) >= 0.6:
                near.append((j + 2, i + 2))
        for s in sh[i]:
            index.setdefault(s, []).append(i)
    assert not near, f"near duplicates (csv lines): {near[:10]}"


def test_groups_never_span_writers(rows):
    owner = {}
    for r in rows:
        assert owner.setdefault(r["group"], r["writer"]) == r["writer"]


def test_seed_statements_are_not_in_the_training_data(rows, seed_gold):
    train_sh = [_shingles(r["text"]) for r in rows]
    for s in seed_gold["statements"]:
        g = _shingles(s["text"])
        for t in train_sh:
            overlap = len(g & t) / len(g)
            assert overlap < 0.5, s["text"]


def test_card_matches_the_shipped_data():
    card = json.loads(CARD.read_text())
    assert card["data"]["sha256"] == hashlib.sha256(DATA.read_bytes()).hexdigest(), \
        "data/statements.csv changed: retrain with `stance train` and commit models/"
    assert card["data"]["rows"] == sum(1 for _ in csv.DictReader(DATA.open(encoding="utf-8")))


def test_shipped_model_is_what_training_makes(model, rows, tmp_path):
    """`stance train` in a fresh process, from the shipped data with the card's seed, makes a
    model that predicts what the shipped one predicts (same labels, probabilities within 1e-6).

    Predictions, not file bytes: the bytes depend on the CPU's BLAS kernels, predictions do not.
    """
    import subprocess
    import sys

    from stance.model import StanceModel

    card = model.card
    assert card["data"]["sha256"] == hashlib.sha256(DATA.read_bytes()).hexdigest()
    out = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "stance", "train", "--no-cv", "-q", "--seed",
                    str(card["seed"]), "--out", str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    fresh = StanceModel.load(out)
    assert fresh.card["data"]["sha256"] == card["data"]["sha256"]
    assert fresh.card["settings"] == card["settings"]
    probe = [r["text"] for r in rows[::41]] + [
        "A brand new sentence about talks in Oslo.",
        "Officials in the capital dismissed the claims as a crude fabrication.",
        "We urge every side to stop firing at once!", "x", ""]
    assert fresh.predict(probe) == model.predict(probe)
    assert abs(fresh.predict_proba(probe) - model.predict_proba(probe)).max() < 1e-6


def test_card_reports_cross_validated_scores(model):
    cv = model.card["cv"]
    assert cv["scheme"] == "leave-one-writer-out"
    assert set(cv["per_label"]) == set(LABELS)
    assert len(cv["confusion_matrix"]) == len(LABELS)
    assert 0 < cv["macro_f1"] <= 1
    assert model.card["comparison"], "the candidate comparison table is recorded"
