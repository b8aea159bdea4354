"""A lean predict path: the shipped pipeline's probabilities computed with numpy alone.

Why: scikit-learn's ``predict_proba`` on a ``FeatureUnion`` of hashing vectorizers spends most
of its time building character n-gram strings in Python, 3-4 ms per call validating input, and a
cold start importing scikit-learn and SciPy (about a second). The model file holds all that is
needed to compute the same numbers directly: hashed n-gram indices (MurmurHash3, as
``HashingVectorizer`` computes them, cached per word), sublinear TF-IDF weights, the linear
classifiers and their sigmoid calibrators.

:func:`read` reads those arrays straight from the skops file (a zip of ``.npy`` arrays and a
JSON description): every object in it must be of a type in :data:`stance.model.TRUSTED_TYPES`,
numpy arrays are read with ``allow_pickle=False``, and anything unexpected returns ``None`` so
the caller uses scikit-learn's own loader and pipeline instead. :class:`LeanPipeline` gives the
same probabilities as the pipeline (a test compares them to 1e-9).
"""

from __future__ import annotations

import json
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

_M32 = 0xFFFFFFFF


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """Signed MurmurHash3 (x86, 32 bit) of ``data``: scikit-learn's ``murmurhash3_32``."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed
    n = len(data)
    end = n - n % 4
    for i in range(0, end, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * c1) & _M32
        k = ((k << 15) | (k >> 17)) & _M32
        h ^= (k * c2) & _M32
        h = ((h << 13) | (h >> 19)) & _M32
        h = (h * 5 + 0xE6546B64) & _M32
    k = 0
    tail = n - end
    if tail == 3:
        k ^= data[end + 2] << 16
    if tail >= 2:
        k ^= data[end + 1] << 8
    if tail >= 1:
        k ^= data[end]
        k = (k * c1) & _M32
        k = ((k << 15) | (k >> 17)) & _M32
        h ^= (k * c2) & _M32
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def feature_index(gram: str, n_features: int) -> int:
    """The column ``HashingVectorizer(alternate_sign=False)`` gives the n-gram ``gram``."""
    h = murmurhash3_32(gram.encode("utf-8"))
    if h == -2147483648:
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features


class _Vocab:
    """Words seen so far, each with the block's columns for it (a growing CSR table), so a
    word's n-grams are built and hashed once and a batch is gathered with numpy."""

    MAX = 1_000_000  # words kept before the table starts over (bounded memory; < 2**20)

    def __init__(self, columns) -> None:
        self.columns = columns  # word -> list of columns
        self.reset()

    def reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.ptr = np.zeros(1024, np.int64)
        self.flat = np.zeros(8192, np.int64)
        self.n_flat = 0

    def lookup(self, words: list[str]) -> np.ndarray:
        """Ids of ``words``, adding the new ones."""
        if len(self.ids) + len(words) > self.MAX:
            self.reset()
        get = self.ids.get
        ids = list(map(get, words))
        if None in ids:
            for i, w in enumerate(words):
                if ids[i] is None:
                    j = get(w)
                    ids[i] = self._add(w) if j is None else j
        return np.array(ids, dtype=np.int64)

    def _add(self, word: str) -> int:
        cols = self.columns(word)
        j = len(self.words)
        self.ids[word] = j
        self.words.append(word)
        end = self.n_flat + len(cols)
        if end > len(self.flat):
            self.flat = np.resize(self.flat, max(2 * len(self.flat), end))
        if j + 2 > len(self.ptr):
            self.ptr = np.resize(self.ptr, 2 * len(self.ptr))
        self.flat[self.n_flat:end] = cols
        self.n_flat = end
        self.ptr[j + 1] = end
        return j

    def gather(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(position in ``ids``, column) of every column of every word in ``ids``."""
        starts = self.ptr[ids]
        counts = self.ptr[ids + 1] - starts
        pos = np.repeat(np.arange(len(ids)), counts)
        first = np.cumsum(counts) - counts
        cols = self.flat[np.repeat(starts - first, counts) + np.arange(int(counts.sum()))]
        return pos, cols


class _Block:
    """One ``Pipeline([HashingVectorizer, TfidfTransformer])`` of the feature union."""

    def __init__(self, hasher: dict, tfidf: dict, offset: int) -> None:
        self.analyzer = hasher["analyzer"]
        self.lo, self.hi = (int(x) for x in hasher["ngram_range"])
        self.n = int(hasher["n_features"])
        self.pattern = re.compile(hasher["token_pattern"])
        self.idf = np.asarray(tfidf["idf_"])
        self.sublinear = bool(tfidf["sublinear_tf"])
        self.offset = offset
        self.scale = 1.0
        if self.analyzer == "char_wb":
            self.vocab = _Vocab(self._char_wb)
        else:
            self.vocab = _Vocab(lambda w: [feature_index(w, self.n)])
            self.longer: dict[int, int] = {}  # n-grams of two or more words -> column
            self.words_seen = self.vocab.words

    @property
    def split_key(self) -> str:
        """Blocks with the same key split texts alike (the split is done once per batch)."""
        return "" if self.analyzer == "char_wb" else self.pattern.pattern

    def split(self, texts: list[str]) -> list[list[str]]:
        if self.analyzer == "char_wb":
            return [t.split() for t in texts]
        return [self.pattern.findall(t) for t in texts]

    def occurrences(self, texts: list[str], split: list[list[str]]
                    ) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every n-gram occurrence in ``texts`` (repeats kept)."""
        lens = np.fromiter(map(len, split), np.int64, len(texts))
        words = [w for ws in split for w in ws]
        ids = self.vocab.lookup(words)
        row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
        if self.analyzer == "char_wb":
            pos, cols = self.vocab.gather(ids)
            return row_of[pos], cols
        rows, cols = [], []
        if self.lo <= 1:
            pos, c = self.vocab.gather(ids)
            rows.append(row_of[pos])
            cols.append(c)
        for n in range(max(self.lo, 2), min(self.hi, 3) + 1):
            if len(words) < n:
                break
            start = np.arange(len(words) - n + 1)
            start = start[row_of[start] == row_of[start + n - 1]]
            # an n-gram is known by its words' ids (no string built once it is cached)
            key = ids[start]
            for k in range(1, n):
                key = key * (1 << 20) + ids[start + k]  # ids < 2**20, n <= 3: fits int64
            keys = key.tolist()
            if len(self.longer) > _Vocab.MAX or self.vocab.words is not self.words_seen:
                self.longer.clear()  # ids were renumbered (or the cache is full)
                self.words_seen = self.vocab.words
            get = self.longer.get
            c = list(map(get, keys))
            if None in c:
                for i, g in enumerate(keys):
                    if c[i] is None:
                        j = start[i]
                        c[i] = self.longer[g] = feature_index(" ".join(words[j:j + n]),
                                                              self.n)
            rows.append(row_of[start])
            cols.append(np.array(c, dtype=np.int64))
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(rows), np.concatenate(cols)

    def _char_wb(self, word: str) -> list[int]:
        # scikit-learn's _char_wb_ngrams for one word
        w = " " + word + " "
        grams = []
        for n in range(self.lo, self.hi + 1):
            offset = 0
            grams.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                grams.append(w[offset:offset + n])
            if offset == 0:
                break
        return [feature_index(g, self.n) for g in grams]


class _CountBlock:
    """A ``CountVectorizer`` with a fixed vocabulary of word n-grams (raw counts or 0/1)."""

    def __init__(self, vec: dict, offset: int) -> None:
        self.lo, self.hi = (int(x) for x in vec["ngram_range"])
        self.pattern = re.compile(vec["token_pattern"])
        self.vocabulary = {str(k): int(v) for k, v in vec["vocabulary_"].items()}
        self.n = len(self.vocabulary)
        self.binary = bool(vec["binary"])
        self.offset = offset
        self.scale = 1.0
        # per word: its own column (a one-word entry), and marks n and n + 1 when it opens or
        # continues an entry of several words (those are checked one by one: few positions)
        multi = [k.split(" ") for k in self.vocabulary if " " in k]
        starts = {m[0] for m in multi}
        seconds = {m[1] for m in multi}
        self.vocab = _Vocab(lambda w: ([self.vocabulary[w]] if w in self.vocabulary and
                                       self.lo <= 1 else []) + ([self.n] if w in starts else [])
                            + ([self.n + 1] if w in seconds else []))

    @property
    def split_key(self) -> str:
        return self.pattern.pattern

    def split(self, texts: list[str]) -> list[list[str]]:
        return [self.pattern.findall(t) for t in texts]

    def occurrences(self, texts: list[str], split: list[list[str]]
                    ) -> tuple[np.ndarray, np.ndarray]:
        lens = np.fromiter(map(len, split), np.int64, len(texts))
        words = [w for ws in split for w in ws]
        row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
        pos, cols = self.vocab.gather(self.vocab.lookup(words))
        own = cols < self.n
        rows, out = [row_of[pos[own]]], [cols[own]]
        second = np.zeros(len(words) + 1, dtype=bool)
        second[pos[cols == self.n + 1]] = True
        opens = pos[cols == self.n]
        opens = opens[second[opens + 1]]
        get = self.vocabulary.get
        more_r, more_c = [], []
        rl = row_of.tolist() if len(opens) else []
        for p in opens.tolist():
            for k in range(max(self.lo, 2), self.hi + 1):
                if p + k <= len(words) and rl[p + k - 1] == rl[p]:
                    c = get(" ".join(words[p:p + k]))
                    if c is not None:
                        more_r.append(rl[p])
                        more_c.append(c)
        rows.append(np.array(more_r, dtype=np.int64))
        out.append(np.array(more_c, dtype=np.int64))
        return np.concatenate(rows), np.concatenate(out)


class LeanPipeline:
    """``predict_proba`` of a hashed word + char TF-IDF pipeline with a linear SVM calibrated
    by sigmoids (or a logistic regression), from the pipeline's fitted arrays."""

    CHUNK = 2000  # texts per step: bounds the memory of one step
    SPARSE_FROM = 32  # texts in a call from which SciPy's sparse product is used
    def __init__(self, blocks: list[_Block | _CountBlock], clf: dict) -> None:
        self.blocks = blocks
        self.kind = clf["kind"]
        self.W = clf["W"]            # (n_features, n_outputs) float64
        self.b = clf["b"]            # (n_outputs,)
        self.a_cal = clf.get("a")    # sigmoid calibration, per output
        self.b_cal = clf.get("bc")
        self.cols = clf.get("cols")  # output -> class column
        self.n_members = clf.get("members", 1)
        self.classes_ = clf["classes"]
        # the word caches grow during predictions: one prediction at a time per model (Dask
        # workers, for one, run tasks in threads)
        self._lock = threading.RLock()

    def _block_features(self, blk: _Block | _CountBlock, texts: list[str],
                        split: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, column, tf-idf value) of the block's non-zero features (CSR, rows of unit
        length), computed in the vectorizer's float32 as TfidfTransformer does."""
        r, c = blk.occurrences(texts, split)
        n = len(texts)
        if n >= self.SPARSE_FROM:
            # SciPy's compiled conversion counts repeats row by row (no global sort); SciPy
            # is imported only for batches, so a single statement starts fast
            from scipy.sparse import coo_matrix

            X = coo_matrix((np.ones(len(r), np.float32), (r, c)), shape=(n, blk.n)).tocsr()
            indptr, c, count = X.indptr, X.indices.astype(np.int64), X.data
            r = np.repeat(np.arange(n), np.diff(indptr))
        else:
            key, count = np.unique(r * blk.n + c, return_counts=True)
            r, c = np.divmod(key, blk.n)
            indptr = np.searchsorted(r, np.arange(n + 1))
        tf = count.astype(np.float32)
        if isinstance(blk, _CountBlock):
            if blk.binary:
                tf = np.ones_like(tf)
            return indptr, c + blk.offset, tf.astype(np.float64) * blk.scale
        if blk.sublinear:
            tf = np.log(tf) + np.float32(1.0)
        v = tf * blk.idf[c]
        norm = np.sqrt(np.bincount(r, weights=v * v, minlength=n))
        norm[norm == 0] = 1.0
        return indptr, c + blk.offset, (v / norm[r].astype(v.dtype)).astype(np.float64) * blk.scale

    def decision(self, texts: list[str]) -> np.ndarray:
        """Raw scores of every linear output (n_texts, n_outputs)."""
        out = np.zeros((len(texts), self.W.shape[1]))
        splits: dict[str, list[list[str]]] = {}
        for blk in self.blocks:
            if blk.split_key not in splits:
                splits[blk.split_key] = blk.split(texts)
            indptr, c, v = self._block_features(blk, texts, splits[blk.split_key])
            if not len(c):
                continue
            if len(texts) >= self.SPARSE_FROM:
                # a compiled sparse product, no (non-zeros x outputs) temporary
                from scipy.sparse import csr_matrix

                out += csr_matrix((v, c, indptr), shape=(len(texts), self.W.shape[0])) @ self.W
            else:
                lens = np.diff(indptr)
                rows = np.flatnonzero(lens)
                out[rows] += np.add.reduceat(self.W[c] * v[:, None], indptr[rows], axis=0)
        return out + self.b

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order (as the pipeline's)."""
        with self._lock:
            return self._predict_proba(texts)

    def _predict_proba(self, texts: list[str]) -> np.ndarray:
        if len(texts) > self.CHUNK:
            return np.concatenate([self._predict_proba(texts[i:i + self.CHUNK])
                                   for i in range(0, len(texts), self.CHUNK)])
        d = self.decision(texts)
        k = len(self.classes_)
        if self.kind == "logreg":
            d = d - d.max(axis=1, keepdims=True)
            e = np.exp(d)
            return e / e.sum(axis=1, keepdims=True)
        p = 1.0 / (1.0 + np.exp(self.a_cal * d + self.b_cal))
        mean = np.zeros((len(texts), k))
        for m in range(self.n_members):
            part = np.zeros((len(texts), k))
            part[:, self.cols[m * k:(m + 1) * k]] = p[:, m * k:(m + 1) * k]
            den = part.sum(axis=1, keepdims=True)
            part = np.divide(part, den, out=np.full_like(part, 1 / k), where=den != 0)
            part[(part > 1.0) & (part <= 1.0 + 1e-5)] = 1.0
            mean += part
        return mean / self.n_members


# -- reading the skops file ---------------------------------------------------------------
class _Unsupported(Exception):
    pass


def _decode(node: Any, z: zipfile.ZipFile, trusted: frozenset[str]) -> Any:
    if not isinstance(node, dict):
        raise _Unsupported("node")
    loader = node.get("__loader__")
    content = node.get("content")
    if loader == "ObjectNode":
        name = f"{node['__module__']}.{node['__class__']}"
        if name not in trusted:
            raise _Unsupported(name)
        attrs = _decode(content, z, trusted)
        return {"__type__": name, **attrs}
    if loader == "DictNode":
        return {k: _decode(v, z, trusted) for k, v in content.items()}
    if loader in ("ListNode", "TupleNode"):
        return [_decode(v, z, trusted) for v in content]
    if loader == "JsonNode":
        return json.loads(content) if node.get("is_json") else content
    if loader == "TypeNode":
        return f"{node['__module__']}.{node['__class__']}"
    if loader == "NdArrayNode" and node.get("type") == "numpy":
        with z.open(node["file"]) as f:
            return np.load(f, allow_pickle=False)
    raise _Unsupported(str(loader))


def _steps(obj: dict) -> dict[str, dict]:
    return {name: est for name, est in obj["steps"]}


def read(path: str | Path, trusted: tuple[str, ...]) -> LeanPipeline | None:
    """The lean predictor for the skops file at ``path``, or ``None`` when the file is not a
    pipeline this module knows (the caller then uses scikit-learn's loader)."""
    try:
        with zipfile.ZipFile(path) as z:
            schema = json.loads(z.read("schema.json"))
            if schema.get("protocol") != 2:
                return None
            pipe = _decode(schema, z, frozenset(trusted))
        return _build(pipe)
    except (_Unsupported, KeyError, TypeError, ValueError, OSError, zipfile.BadZipFile):
        return None


def _build(pipe: dict) -> LeanPipeline | None:
    steps = _steps(pipe)
    feats, clf = steps["features"], steps["clf"]
    parts = [est for _, est in feats["transformer_list"]] \
        if feats["__type__"].endswith("FeatureUnion") else [feats]
    names = [name for name, _ in feats["transformer_list"]] \
        if feats["__type__"].endswith("FeatureUnion") else [None]
    weights = (feats.get("transformer_weights") or {}) \
        if feats["__type__"].endswith("FeatureUnion") else {}
    blocks: list[_Block | _CountBlock] = []
    offset = 0
    for name, part in zip(names, parts):
        scale = float(weights.get(name, 1.0))
        if part["__type__"] == "sklearn.feature_extraction.text.CountVectorizer":
            if part["analyzer"] != "word" or part["lowercase"] or part["stop_words"] is not None \
                    or part["preprocessor"] is not None or part["tokenizer"] is not None \
                    or part["strip_accents"] is not None or not part.get("vocabulary_"):
                return None
            blocks.append(_CountBlock(part, offset))
            blocks[-1].scale = scale
            offset += blocks[-1].n
            continue
        s = _steps(part)
        hasher, tfidf = s.get("hash"), s.get("tfidf")
        if hasher is None or tfidf is None or not hasher["__type__"].endswith(
                "HashingVectorizer") or hasher["alternate_sign"] or hasher["norm"] is not None \
                or hasher["lowercase"] or hasher["preprocessor"] is not None \
                or hasher["tokenizer"] is not None or hasher["stop_words"] is not None \
                or hasher["strip_accents"] is not None or hasher["binary"] \
                or hasher["analyzer"] not in ("word", "char_wb") \
                or (hasher["analyzer"] == "word" and int(hasher["ngram_range"][1]) > 3) \
                or tfidf["norm"] != "l2" or not tfidf["use_idf"]:
            return None
        blocks.append(_Block(hasher, tfidf, offset))
        blocks[-1].scale = scale
        offset += int(hasher["n_features"])
    classes = np.asarray(clf["classes_"])
    k = len(classes)
    if clf["__type__"] == "sklearn.linear_model._logistic.LogisticRegression":
        coef = np.asarray(clf["coef_"], dtype=np.float64)
        if coef.shape != (k, offset):
            return None
        return LeanPipeline(blocks, {"kind": "logreg", "W": np.ascontiguousarray(coef.T),
                                     "b": np.asarray(clf["intercept_"], np.float64),
                                     "classes": classes})
    if clf["__type__"] != "sklearn.calibration.CalibratedClassifierCV" or \
            clf["method"] != "sigmoid" or k < 3:
        return None
    W, b, a, bc, cols = [], [], [], [], []
    for member in clf["calibrated_classifiers_"]:
        est = member["estimator"]
        if est["__type__"] != "sklearn.svm._classes.LinearSVC":
            return None
        order = {c: i for i, c in enumerate(sorted(member["classes"].tolist()))}
        coef = np.asarray(est["coef_"], dtype=np.float64)
        if coef.shape != (k, offset) or len(member["calibrators"]) != k:
            return None
        W.append(coef)
        b.append(np.asarray(est["intercept_"], np.float64))
        a += [float(cal["a_"]) for cal in member["calibrators"]]
        bc += [float(cal["b_"]) for cal in member["calibrators"]]
        cols += [order[c] for c in est["classes_"].tolist()]
    if sorted(classes.tolist()) != classes.tolist():
        return None
    return LeanPipeline(blocks, {
        "kind": "calibrated", "W": np.ascontiguousarray(np.concatenate(W).T),
        "b": np.concatenate(b), "a": np.array(a), "bc": np.array(bc), "cols": cols,
        "members": len(W), "classes": classes})

