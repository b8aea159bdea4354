import json
import shutil
import warnings

import numpy as np
import pytest
from sklearn.base import clone

from stance.errors import DataError, ModelError
from stance.labels import LABELS
from stance.model import StanceModel


def test_predict_proba_columns_follow_labels(model):
    texts = ["We categorically reject these baseless claims.",
             "We call on all parties to return to the table."]
    proba = model.predict_proba(texts)
    assert proba.shape == (2, len(LABELS))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.labels == LABELS and list(model.classes_) == list(LABELS)
    assert model.predict(texts) == [LABELS[i] for i in proba.argmax(axis=1)]


def test_classify_records(model):
    (r,) = model.classify(["The ministers will meet in Geneva next week."])
    assert r.label in LABELS
    assert r.confidence == pytest.approx(max(r.probabilities.values()))
    assert list(r.probabilities) == list(LABELS)


def test_min_confidence_sends_weak_predictions_to_neutral(model):
    text = ["It is a calculation they have to make."]
    (strict,) = model.classify(text, min_confidence=0.999)
    assert strict.label == "neutral"


def test_estimator_contract():
    m = StanceModel(C=2.0, random_state=3)
    assert clone(m).get_params() == m.get_params()
    with pytest.raises(Exception, match="not fitted"):
        m.predict(["x"])
    with pytest.raises(ValueError, match="unknown labels"):
        m.fit(["a", "b"], ["condemning", "angry"])


def test_fit_from_pairs_is_deterministic(tiny_model_dir):
    from stance.model import sha256_file

    card = json.loads((tiny_model_dir / "stance.json").read_text())
    assert card["artifact"]["sha256"] == sha256_file(tiny_model_dir / "stance.skops")
    loaded = StanceModel.load(tiny_model_dir)
    assert loaded.predict(["We call on both sides to show restraint now."]) == ["requesting"]


def test_training_rejects_unknown_label_naming_the_item():
    from stance.training import train

    with pytest.raises(DataError, match="item 2"):
        train([("fine", "neutral"), ("bad", "furious")], cv=False)


def test_tampered_model_is_refused_before_unpickling(tiny_model_dir, tmp_path):
    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    with open(d / "stance.skops", "ab") as f:
        f.write(b"evil")
    with pytest.raises(ModelError, match="does not match"):
        StanceModel.load(d)


def test_missing_model_and_card(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        StanceModel.load(tmp_path / "nothing.skops")


def test_other_sklearn_version_warns_naming_both(tiny_model_dir, tmp_path):
    import sklearn

    d = tmp_path / "m"
    shutil.copytree(tiny_model_dir, d)
    card = json.loads((d / "stance.json").read_text())
    card["versions"]["scikit-learn"] = "0.0.1"
    (d / "stance.json").write_text(json.dumps(card))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        StanceModel.load(d)
    msgs = [str(x.message) for x in w]
    assert any("0.0.1" in m and sklearn.__version__ in m for m in msgs)


def test_env_var_selects_model(tiny_model_dir, monkeypatch):
    monkeypatch.setenv("STANCE_MODEL", str(tiny_model_dir))
    m = StanceModel.load()
    assert str(m.path_).startswith(str(tiny_model_dir))


def test_persisted_object_is_a_plain_sklearn_pipeline(model):
    import skops.io as sio
    from sklearn.pipeline import Pipeline

    from stance.model import TRUSTED_TYPES, _estimators

    assert model.path_.suffix == ".skops"
    untrusted = sio.get_untrusted_types(file=model.path_)
    assert set(untrusted) <= set(TRUSTED_TYPES)
    obj = sio.load(model.path_, trusted=untrusted)
    assert type(obj) is Pipeline
    assert all(type(e).__module__.startswith("sklearn.") for e in _estimators(obj))


class _Boom:
    """Unpickling this runs a shell command that creates a file."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.target}",))


def _with_card(d, model_file, name):
    """Put ``model_file`` in ``d`` under ``name`` with a card whose SHA-256 matches it."""
    from stance.model import sha256_file

    d.mkdir()
    target = d / name
    target.write_bytes(model_file.read_bytes())
    (d / "stance.json").write_text(json.dumps(
        {"artifact": {"file": name, "sha256": sha256_file(target)}, "settings": {}}))
    return target


@pytest.mark.parametrize("name", ["stance.joblib", "stance.skops"])
def test_malicious_pickle_with_matching_card_runs_nothing(tmp_path, name):
    import pickle

    marker = tmp_path / "pwned"
    raw = tmp_path / "evil.pkl"
    raw.write_bytes(pickle.dumps(_Boom(marker)))
    target = _with_card(tmp_path / "m", raw, name)
    for where in (tmp_path / "m", target):
        with pytest.raises(ModelError, match="can run any code") as e:
            StanceModel.load(where)
        assert "\n" not in str(e.value)
    assert not marker.exists()


def test_trust_pickle_loads_a_joblib_model(tiny_model_dir, tmp_path):
    import joblib

    good = StanceModel.load(tiny_model_dir)
    joblib.dump(good.pipeline_, tmp_path / "p.joblib")
    _with_card(tmp_path / "m", tmp_path / "p.joblib", "stance.joblib")
    with pytest.raises(ModelError, match="--trust-pickle"):
        StanceModel.load(tmp_path / "m")
    m = StanceModel.load(tmp_path / "m", trust_pickle=True)
    probe = ["We call on both sides to show restraint now."]
    assert np.abs(m.predict_proba(probe) - good.predict_proba(probe)).max() < 1e-6


def test_skops_file_with_an_unexpected_type_is_refused(tmp_path):
    import os

    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    sio.dump(Pipeline([("f", FunctionTransformer(os.system))]), tmp_path / "evil.skops")
    _with_card(tmp_path / "m", tmp_path / "evil.skops", "stance.skops")
    with pytest.raises(ModelError, match="does not trust") as e:
        StanceModel.load(tmp_path / "m")
    assert "system" in str(e.value) and "\n" not in str(e.value)


def test_skops_file_with_an_unexpected_estimator_is_refused(tmp_path):
    """A trusted-by-skops scikit-learn estimator that is not part of a stance pipeline."""
    import skops.io as sio
    from sklearn.dummy import DummyClassifier

    clf = DummyClassifier().fit([[0], [1]], ["neutral", "denying"])
    sio.dump(clf, tmp_path / "other.skops")
    _with_card(tmp_path / "m", tmp_path / "other.skops", "stance.skops")
    with pytest.raises(ModelError, match="refusing to load"):
        StanceModel.load(tmp_path / "m")
