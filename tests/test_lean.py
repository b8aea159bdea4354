"""The lean predict path gives the pipeline's probabilities, without scikit-learn."""

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stance import lean
from stance.model import TRUSTED_TYPES, StanceModel, normalize
from stance.modelfile import FastModel, load_fast

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rows():
    with (ROOT / "data" / "statements.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


ODD = ["", "   ", "x", "!!!", "a b", "tab\tand\nnewline", "ça déjà vu — “quoted” words",
       "word " * 50, "a" * 300, "über-große Fragen's end", "日本語のテキスト", "don't won’t",
       "Repeat repeat repeat repeat."]


@pytest.mark.parametrize("s", ["", "a", "ab", "abc", "abcd", "abcde", " ab ", "é", "日本",
                               "the quick brown fox", "x" * 1001])
def test_murmurhash_is_scikit_learns(s):
    from sklearn.utils import murmurhash3_32

    assert lean.murmurhash3_32(s.encode("utf-8")) == murmurhash3_32(s, seed=0)


def _pipeline_proba(model, texts):
    return model.pipeline_.predict_proba([normalize(t) for t in texts])[:, model._order]


@pytest.mark.parametrize("n", [1, 5, 40, 2500])
def test_same_probabilities_as_the_pipeline(model, rows, n):
    texts = ([r["text"] for r in rows[::3]] + ODD)[:n] if n > len(ODD) else ODD[:n]
    got = model.predict_proba(texts)
    assert model.__dict__.get("_lean") is not None, "the shipped model predicts lean"
    assert np.abs(got - _pipeline_proba(model, texts)).max() < 1e-6
    assert np.allclose(got.sum(axis=1), 1.0)


def test_same_probabilities_for_a_logistic_regression(tiny_model_dir):
    m = StanceModel.load(tiny_model_dir)
    assert m.__dict__.get("_lean") is not None
    texts = ODD + ["We call on both sides to show restraint now."] * 40
    assert np.abs(m.predict_proba(texts) - _pipeline_proba(m, texts)).max() < 1e-6


def test_word_cache_starting_over_changes_nothing(model, rows, monkeypatch):
    texts = [r["text"] for r in rows[:300]]
    want = _pipeline_proba(model, texts)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    monkeypatch.setattr(lean, "MAX_CACHED", 50)
    for a, b in ((0, 100), (100, 300), (0, 300), (5, 6)):
        got = fast.predict_proba([normalize(t) for t in texts[a:b]])[:, model._order]
        assert np.abs(got - want[a:b]).max() < 1e-6


def test_load_fast_matches_the_estimator(model, rows):
    fast = load_fast()
    assert isinstance(fast, FastModel)
    texts = [r["text"] for r in rows[:50]]
    assert fast.predict(texts) == model.predict(texts)
    assert fast.summary() == model.summary()


def test_unknown_pipeline_shape_falls_back_to_scikit_learn(tmp_path):
    """A skops model the lean path does not know (char n-grams without word boundaries) is
    still loaded, through scikit-learn."""
    from stance.training import train

    rows = [("We condemn it.", "condemning"), ("Lies.", "denying"), ("It was lawful.",
            "justifying"), ("Stop now.", "requesting"), ("They met.", "neutral")] * 3
    m = train(rows, out=tmp_path, cv=False, settings={"features": "word", "C": 1.0,
                                                       "classifier": "complement-nb"})
    loaded = load_fast(tmp_path)
    assert not isinstance(loaded, FastModel)
    assert loaded.predict(["We condemn it."]) == m.predict(["We condemn it."])


def test_classify_imports_neither_scikit_learn_nor_scipy():
    code = ("import sys\nfrom stance.cli import app\n"
            "try:\n    app(['classify', 'We reject the claims.', '-f', 'jsonl'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', "
            "'skops', 'joblib'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_cue_words_and_block_weights_are_computed_alike(tmp_path):
    """The cue-word block (a CountVectorizer with a fixed vocabulary) and a FeatureUnion
    weight on it give the pipeline's probabilities in the lean path too."""
    from stance.training import train

    rows = [("We strongly condemn this illegal attack.", "condemning"),
            ("The shelling is a crime and a violation.", "condemning"),
            ("We deplore the outrageous strike.", "condemning"),
            ("These claims are baseless and false.", "denying"),
            ("We deny the allegations, which are a fabrication.", "denying"),
            ("No such attack took place.", "denying"),
            ("The drills are a legitimate response to provocations.", "justifying"),
            ("We acted in self-defence, in line with the law.", "justifying"),
            ("The measures are lawful and necessary for our security.", "justifying"),
            ("We call on both sides to stop the fighting at once.", "requesting"),
            ("We urge them to refrain from escalation.", "requesting"),
            ("They must halt the strikes without delay.", "requesting"),
            ("The ministers met in Geneva for talks.", "neutral"),
            ("The visit is on the agenda for next week.", "neutral"),
            ("Officials discussed trade during the meeting.", "neutral")]
    train(rows, out=tmp_path, cv=False, realdev=False,
          settings={"features": "word+char+cues", "C": 4.0, "classifier": "svm-calibrated",
                    "char_ngrams": [3, 3], "cue_weight": 0.5})
    m = StanceModel.load(tmp_path)
    assert m.__dict__.get("_lean") is not None
    assert m.pipeline_.named_steps["features"].transformer_weights == {"cues": 0.5}
    texts = ODD + [t for t, _ in rows] + ["They did not condemn it; they urged calm.",
                                          "We call on them, we call on them again."] * 20
    assert np.abs(m.predict_proba(texts) - _pipeline_proba(m, texts)).max() < 1e-6
    assert np.abs(m.predict_proba(texts[:3]) - _pipeline_proba(m, texts[:3])).max() < 1e-6


def test_threads_sharing_one_model_get_the_same_probabilities(model, rows):
    """The word caches grow while predicting; threads (as in a Dask worker) must not mix."""
    from concurrent.futures import ThreadPoolExecutor

    fast = lean.read(model.path_, TRUSTED_TYPES)
    chunks = [[normalize(r["text"]) for r in rows[i::8][:150]] for i in range(8)]
    want = [lean.read(model.path_, TRUSTED_TYPES).predict_proba(c) for c in chunks]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(fast.predict_proba, chunks))
    # (to float rounding: columns are numbered in the order they are met, so the order of a
    # row's sum can differ with what was predicted before)
    assert all(np.abs(a - b).max() < 1e-12 for a, b in zip(got, want))


SPUN = ["The Overseas Minister mentioned pretend information.", "MENACES, menace; menace-like",
        "a menacer menaced nothing", "West Financial Institution and the west bank",
        "west of the court, then court docket ruling", "stop-fireplace now, cease-fireplace!",
        "more and more troopers", "more or less", "famous that x", "famous", "ΟΔΟΣ ΣΑΣ",
        "İstanbul battle", "battles\nworldwide\tnationwide", "unlawful!harmful?"]


def test_normalising_only_texts_with_a_changed_token_or_phrase_changes_nothing(rows):
    """stance.lean runs the normaliser only on texts with a token it changes alone or two
    tokens in a row that may hold a phrase with a space; every other text must be unchanged
    by it."""
    from stance.modelfile import normalizer

    nz = normalizer()
    assert nz.spaced and ("west", "financial") in nz.spaced
    texts = [r["text"] for r in rows] + SPUN + ODD
    skipped = 0
    for t in texts:
        toks = t.lower().split()
        if any(nz.sub(w) != w for w in toks) or any(
                a.endswith(f) and b.startswith(s) for a, b in zip(toks, toks[1:])
                for f, s in nz.spaced):
            continue
        skipped += 1
        assert normalize(t) == t.lower()
    assert skipped > len(texts) / 2


@pytest.mark.parametrize("n", [3, 40])
def test_raw_texts_are_normalised_as_normalize_does(model, rows, n):
    from stance.modelfile import normalizer

    texts = (SPUN + [r["text"] for r in rows[:200:7]] + ODD)[:n]
    assert any(normalize(t) != t.lower() for t in texts)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    got = fast.predict_proba(texts, normalizer())
    want = fast.predict_proba([normalize(t) for t in texts])
    assert np.abs(got - want).max() < 1e-12
    again = fast.predict_proba(texts, normalizer())  # from the warm caches
    assert np.abs(again - want).max() < 1e-12
    assert np.abs(model.predict_proba(texts) - _pipeline_proba(model, texts)).max() < 1e-6


def test_caches_starting_over_while_normalising_changes_nothing(model, rows, monkeypatch):
    from stance.modelfile import normalizer

    texts = SPUN + [r["text"] for r in rows[:120]]
    want = _pipeline_proba(model, texts)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    monkeypatch.setattr(lean, "MAX_CACHED", 40)
    for a, b in ((0, 60), (10, 134), (0, 3)):
        got = fast.predict_proba(texts[a:b], normalizer())[:, model._order]
        assert np.abs(got - want[a:b]).max() < 1e-6


def test_word_ngrams_without_packed_ids_are_the_same(model, rows, monkeypatch):
    """Word n-grams are cached by their words' ids packed in one integer; with more words
    than fit (one huge text), by tuples of ids, with the same columns."""
    texts = [normalize(r["text"]) for r in rows[:80]]
    want = lean.read(model.path_, TRUSTED_TYPES).predict_proba(texts)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    monkeypatch.setattr(lean, "PACK_BITS", 4)  # 16 words
    assert np.abs(fast.predict_proba(texts) - want).max() < 1e-12


@pytest.mark.parametrize("pattern, known", [(r"(?u)\b\w[\w'’-]*\b", True), (r"\S+", False)])
def test_token_patterns_the_lean_path_does_not_know_go_to_scikit_learn(tmp_path, pattern,
                                                                          known):
    """Words are found in whitespace tokens, which equals finding them in the whole text only
    for patterns that never match whitespace and see a whitespace as a string's end."""
    from stance.model import build_pipeline

    pipe = build_pipeline("word+char+cues", classifier="logreg")
    pipe.set_params(features__word__hash__token_pattern=pattern)
    texts, fast = _fit_and_read(pipe, tmp_path)
    assert (fast is not None) == known
    if known:
        t = [x.lower() for x in texts] + ["we condemn lies, now."]
        assert np.abs(fast.predict_proba(t) - pipe.predict_proba(t)).max() < 1e-6


def test_key_table_finds_what_was_put_across_growth_and_collisions():
    """(a table of 8 slots to start with: keys share slots, and it grows several times)"""
    rng = np.random.default_rng(0)
    table, want = lean._KeyTable(bits=3), {}
    for size in (3, 1, 50, 700, 5000):
        keys = np.setdiff1d(rng.integers(0, 1 << 62, size), np.array(list(want), np.int64))
        values = rng.integers(0, 1 << 31, len(keys)).astype(np.int32)
        table.put(keys, values)
        want.update(zip(keys.tolist(), values.tolist()))
        ask = np.concatenate([np.array(list(want), np.int64), rng.integers(0, 1 << 62, 500)])
        assert table.get(ask).tolist() == [want.get(k, -1) for k in ask.tolist()]
    assert 2 * table.n <= len(table.keys)


@pytest.mark.parametrize("table, spaced", [
    ({"say so": "said", "no-go": "fine", "menace": "threat", "a b c": "abc"},
     [("say", "so"), ("a", "b")]),
    ({"say so": "said", "x\ty": "z", "menace": "threat"}, None),  # a tab: every text
    ({"say  so": "said", "menace": "threat, a b"}, None)])  # two spaces: every text
def test_any_phrase_table_is_undone_as_its_regular_expression_does(model, table, spaced):
    from stance.modelfile import Normalizer

    nz = Normalizer(table)
    assert nz.spaced == spaced
    texts = ["They say so.", "they SAY so, say\tso", "a no-go zone", "no-go-menace menace",
             "A B C d a b", "x\ty and x y", "say  so", "the menace, say so!", "plain text"] * 5
    assert any(nz.sub(t.lower()) != t.lower() for t in texts)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    want = lean.read(model.path_, TRUSTED_TYPES).predict_proba([nz.sub(t.lower())
                                                                  for t in texts])
    assert np.abs(fast.predict_proba(texts, nz) - want).max() < 1e-12


@pytest.mark.parametrize("features, char_ngrams", [("word", (3, 4)), ("char", (2, 5)),
                                                   ("cues+char", (1, 3)), ("char+word", (4, 4))])
def test_every_feature_set_training_makes_is_computed_alike(tmp_path, features, char_ngrams):
    from stance.training import train

    rows = [("We strongly condemn this illegal attack.", "condemning"),
            ("The shelling is a crime and a violation.", "condemning"),
            ("These claims are baseless and false.", "denying"),
            ("We deny the allegations, which are a fabrication.", "denying"),
            ("The drills are a legitimate response to provocations.", "justifying"),
            ("We acted in self-defence, in line with the law.", "justifying"),
            ("We call on both sides to stop the fighting at once.", "requesting"),
            ("We urge them to refrain from escalation.", "requesting"),
            ("The ministers met in Geneva for talks.", "neutral"),
            ("Officials discussed trade during the meeting.", "neutral")]
    train(rows, out=tmp_path, cv=False, realdev=False,
          settings={"features": features, "C": 4.0, "classifier": "logreg",
                    "char_ngrams": list(char_ngrams)})
    m = StanceModel.load(tmp_path)
    assert m.__dict__.get("_lean") is not None
    texts = ODD + SPUN + [t for t, _ in rows] + ["They did not condemn it; they urged calm."]
    assert np.abs(m.predict_proba(texts) - _pipeline_proba(m, texts)).max() < 1e-6
    assert np.abs(m.predict_proba(texts[:5]) - _pipeline_proba(m, texts[:5])).max() < 1e-6


REPEATS = ["aaaa aaaa aaaa", "abab ababab abab", "banana bandana banana", "ha-ha-ha ha ha",
           "no no no, no!", "xxxxxxxxxxxxxxxxxxxx", "we we condemn condemn condemn it"]


def test_ngrams_repeated_in_a_token_and_across_tokens_are_counted_as_the_pipeline_does(
        model, rows):
    """A token's repeated character n-grams are summed once, when it is cached; a text's
    counts are then the sum over its tokens (a sparse product for a batch, a gather for a
    few texts): both paths give the pipeline's probabilities."""
    texts = REPEATS + [r["text"] for r in rows[:60]]
    want = _pipeline_proba(model, texts)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    assert len(texts) >= fast.SPARSE_FROM
    batch = fast.predict_proba([normalize(t) for t in texts])[:, model._order]
    assert np.abs(batch - want).max() < 1e-6
    fast = lean.read(model.path_, TRUSTED_TYPES)  # the same, one at a time, cold caches
    single = np.concatenate([fast.predict_proba([normalize(t)]) for t in texts])
    assert np.abs(single[:, model._order] - want).max() < 1e-6


def test_tables_past_int32_offsets_give_the_same_probabilities(model, rows, monkeypatch):
    """A table whose values outgrow int32 offsets keeps them in int64 (SciPy then widens its
    indices): the probabilities do not change."""
    texts = [normalize(r["text"]) for r in rows[:80]] + REPEATS
    want = lean.read(model.path_, TRUSTED_TYPES).predict_proba(texts)
    monkeypatch.setattr(lean, "INT32_MAX", 500)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    got = fast.predict_proba(texts)
    assert fast.chars[0].of_token.ptr.dtype == np.int64
    assert np.abs(got - want).max() < 1e-12
    assert np.abs(fast.predict_proba(texts[:3]) - want[:3]).max() < 1e-12


@pytest.mark.parametrize("sublinear", [True, False])
def test_char_scores_corrected_for_repeats_match_the_pipeline(tmp_path, sublinear):
    """A batch's char scores are each token's share counted linearly, corrected for the
    n-grams a text counts more than once: exact for sublinear TF and for raw counts, whose
    norms differ from the linear one."""
    from stance.model import build_pipeline

    pipe = build_pipeline("char+word", classifier="logreg", char_ngrams=(1, 4))
    pipe.set_params(features__char__tfidf__sublinear_tf=sublinear,
                    features__word__tfidf__sublinear_tf=sublinear)
    texts, fast = _fit_and_read(pipe, tmp_path)
    t = [x.lower() for x in REPEATS + ODD + texts] * 3
    assert len(t) >= fast.SPARSE_FROM
    want = pipe.predict_proba(t)
    assert np.abs(fast.predict_proba(t) - want).max() < 1e-6
    # new tokens in a later batch get their shares then
    fast = lean.read(tmp_path / "m.skops", TRUSTED_TYPES)
    got = np.concatenate([fast.predict_proba(t[i:i + 40]) for i in range(0, len(t), 40)])
    assert fast.chars[0].done == len(fast.tokens)
    assert np.abs(got - want).max() < 1e-6


CUE_PHRASES = ["We acted in line with the law.", "in line", "with the charter, in line with it",
               "This was in accordance with the rules, in accordance with", "accordance",
               "We had no choice.", "had no", "choice, had no choice had no choice",
               "They call on us; calls on them; called on", "in response to the strike",
               "response to", "in", "to"]


def test_cue_phrases_of_several_words_are_found_as_the_pipeline_finds_them(model, rows):
    """Cue entries of two and three words are looked up by their words' packed ids, at the
    positions where a word opens one; never across two texts; words met only in a later
    batch are found then."""
    fast = lean.read(model.path_, TRUSTED_TYPES)
    plain = [normalize(r["text"]) for r in rows[:40] if "accordance" not in r["text"]]
    fast.predict_proba(plain)
    texts = [normalize(t) for t in CUE_PHRASES] * 3 + plain
    want = model.pipeline_.predict_proba(texts)
    assert np.abs(fast.predict_proba(texts) - want).max() < 1e-6
    for i in range(len(CUE_PHRASES)):
        assert np.abs(fast.predict_proba(texts[i:i + 2]) - want[i:i + 2]).max() < 1e-6
    cues = fast.words[0].blocks[-1]
    assert isinstance(cues, lean._CountBlock) and len(cues.entry_keys()[3][0]) >= 2


def test_product_without_scipys_counting_pass_is_scipys_product():
    """_product calls SciPy's compiled routine with room bounded from the row lengths:
    repeats in A's rows and across B's rows summed, empty rows, int64 arrays (SciPy's own
    product then), and the routine missing all give A @ B."""
    from scipy.sparse import csr_matrix
    from scipy.sparse import random as sparse_random

    rng = np.random.default_rng(1)
    B = sparse_random(300, 50, density=0.1, format="csr", dtype=np.float32, random_state=2)
    rows = np.sort(rng.integers(0, 40, 900))
    rows[rows == 7] = 8  # an empty row
    indptr = np.searchsorted(rows, np.arange(41)).astype(np.int32)
    A = csr_matrix((np.ones(900, np.float32), rng.integers(0, 300, 900).astype(np.int32),
                    indptr), shape=(40, 300))
    want = (A @ B).toarray()
    for a in (A, csr_matrix((A.data, A.indices.astype(np.int64), A.indptr.astype(np.int64)),
                            shape=A.shape)):
        indptr, indices, data = lean._product(a, B)
        assert indptr[-1] == len(indices) == len(data)
        got = csr_matrix((data, indices, indptr), shape=want.shape).toarray()
        assert np.array_equal(got, want)


def _other_signature(*args):
    raise TypeError("csr_matmat() takes 9 positional arguments")


@pytest.mark.parametrize("routine", [None, _other_signature])
def test_char_scores_without_the_compiled_routine_are_the_same(model, rows, monkeypatch,
                                                               routine):
    """(SciPy without that private routine, or with one that takes other arguments)"""
    texts = [normalize(r["text"]) for r in rows[:100]] + REPEATS
    want = lean.read(model.path_, TRUSTED_TYPES).predict_proba(texts)
    monkeypatch.setattr(lean, "_compiled_product", lambda: routine)
    fast = lean.read(model.path_, TRUSTED_TYPES)
    assert np.abs(fast.predict_proba(texts) - want).max() < 1e-12


def test_tokens_the_normaliser_changes_alone_are_replaced_as_in_the_whole_text(model):
    """Outside texts that may hold a phrase of several words, a token the normaliser changes
    is replaced by the tokens of its normalised text: none, several, or tokens it would
    itself change (the normaliser runs once, never on its own output)."""
    from stance.modelfile import Normalizer

    nz = Normalizer({"menace": "", "x": "y", "y": "x", "no-go": "a b  c", "say so": "said",
                     "(menace)": "threat"})
    texts = ["menace", "x y x, y.", "menace menace no-go zone", "no-go-menace x-ray",
             "they say so, x", "(menace) [menace] menace!", "plain words only", "", "x"] * 5
    fast = lean.read(model.path_, TRUSTED_TYPES)
    want = lean.read(model.path_, TRUSTED_TYPES).predict_proba([nz.sub(t.lower())
                                                                  for t in texts])
    assert len(texts) >= fast.SPARSE_FROM
    assert np.abs(fast.predict_proba(texts, nz) - want).max() < 1e-12
    assert np.abs(fast.predict_proba(texts[:4], nz) - want[:4]).max() < 1e-12
    assert fast.normal  # the per-token path was taken


def _fit_and_read(pipe, tmp_path):
    """Fit ``pipe`` on five one-line statements, save it with skops and read it back lean."""
    from stance.model import _import_skops_io

    texts = ["We condemn it.", "Lies, all of it.", "It was lawful.", "Stop now!",
             "They met today."] * 2
    pipe.fit(texts, ["condemning", "denying", "justifying", "requesting", "neutral"] * 2)
    path = tmp_path / "m.skops"
    _import_skops_io().dump(pipe, path)
    return texts, lean.read(path, TRUSTED_TYPES)
