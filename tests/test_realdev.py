"""The real-text set's reader and scores, on invented articles in its format."""

import csv
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from stance import realdev as rd
from stance.cli import app
from stance.errors import DataError
from stance.labels import LABELS

runner = CliRunner()


def test_model_input_is_the_quote_or_the_reported_sentence(realdev):
    path, text_dir = realdev
    items = rd.read_items(path, text_dir)
    assert len(items) == 10 and {it.file for it in items} == {"fake_001", "fake_002", "fake_003"}
    first, quote = items[0], items[1]
    assert first.kind == "reported"
    assert first.model_input == ("The harbour authority said on Monday that the ferry route "
                                 "would reopen next week.")
    assert quote.kind == "direct"
    assert quote.model_input == "We strongly condemn this reckless attack on a civilian port"


def test_scores_match_sklearn_and_alt_counts_only_when_lenient(realdev):
    from sklearn.metrics import f1_score

    items = rd.read_items(*realdev)
    gold = [it.label for it in items]
    perfect = rd.score(items, gold)
    assert perfect["strict"]["macro_f1"] == 1.0 == perfect["lenient"]["macro_f1"]
    assert perfect["strict"]["interval95"] == [1.0, 1.0]
    # predict every item's alt where it has one, and two plain errors
    pred = [it.alt or it.label for it in items]
    pred[0], pred[2] = "condemning", "neutral"
    r = rd.score(items, pred)
    want = f1_score(gold, pred, average="macro", zero_division=0)
    assert r["strict"]["macro_f1"] == pytest.approx(want, abs=1e-4)
    lenient_gold = [p if p == it.alt else it.label for it, p in zip(items, pred)]
    want_l = f1_score(lenient_gold, pred, average="macro", zero_division=0)
    assert r["lenient"]["macro_f1"] == pytest.approx(want_l, abs=1e-4)
    assert r["lenient"]["macro_f1"] > r["strict"]["macro_f1"]
    assert np.array(r["strict"]["confusion_matrix"]).sum() == len(items)
    lo, hi = r["strict"]["interval95"]
    assert 0 <= lo <= hi <= 1 and rd.score(items, pred)["strict"]["interval95"] == [lo, hi]
    assert rd.score(items, pred, seed=1)["bootstrap"]["seed"] == 1


def test_bad_rows_are_one_line_errors(realdev, tmp_path):
    path, text_dir = realdev
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[1]["end"] = "999999"
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(DataError, match="line 3"):
        rd.read_items(bad, text_dir)
    r = runner.invoke(app, ["evaluate", "--realdev-data", str(bad)])
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1


def test_cli_scores_the_model_on_the_set(realdev, tiny_model_dir):
    path, _ = realdev
    r = runner.invoke(app, ["evaluate", "--realdev-data", str(path), "--model",
                            str(tiny_model_dir)])
    assert r.exit_code == 0, r.output
    assert "macro-F1 strict" in r.stdout and "macro-F1 lenient" in r.stdout
    r = runner.invoke(app, ["evaluate", "--realdev-data", str(path), "-f", "json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)["realdev"]
    assert res["items"] == 10 and res["articles"] == 3
    assert set(res["strict"]["per_label_f1"]) == set(LABELS)


def test_cli_skips_in_one_line_without_the_articles(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_POLNEAR", str(tmp_path / "absent"))
    r = runner.invoke(app, ["evaluate", "--realdev"])
    assert r.exit_code == 0
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1
    assert "skipped" in r.stderr


@pytest.mark.skipif(rd.unavailable() is not None, reason="the real-text set needs "
                    "../shared/polnear and data/realdev/realdev.csv")
def test_shipped_model_on_the_real_set_matches_its_card(model):
    """The card's headline is the real-text figure of the shipped model itself."""
    res = rd.evaluate(model)
    assert res["items"] >= 100
    card = model.card.get("realdev")
    assert card, "the card records the real-text scores"
    assert card["strict"]["macro_f1"] == res["strict"]["macro_f1"]
    assert card["lenient"]["macro_f1"] == res["lenient"]["macro_f1"]
