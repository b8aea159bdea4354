"""A lean predict path: the shipped pipeline's probabilities computed with numpy alone.

Why: scikit-learn's ``predict_proba`` on a ``FeatureUnion`` of hashing vectorizers spends most
of its time building character n-gram strings in Python, 3-4 ms per call validating input, and a
cold start importing scikit-learn and SciPy (about a second). The model file holds all that is
needed to compute the same numbers directly: hashed n-gram indices (MurmurHash3, as
``HashingVectorizer`` computes them, cached per whitespace token and per word), sublinear TF-IDF
weights, the linear classifiers and their sigmoid calibrators.

:func:`read` reads those arrays straight from the skops file (a zip of ``.npy`` arrays and a
JSON description): every object in it must be of a type in :data:`stance.model.TRUSTED_TYPES`,
numpy arrays are read with ``allow_pickle=False``, and anything unexpected returns ``None`` so
the caller uses scikit-learn's own loader and pipeline instead. :class:`LeanPipeline` gives the
same probabilities as the pipeline (tests compare them to 1e-6).
"""

from __future__ import annotations

import json
import re
import threading
import zipfile
from itertools import chain, repeat
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


# Token patterns whose matches never cross whitespace and whose word boundaries see the same
# thing at a whitespace as at the end of a string: for them, the words of a text are the words
# of its whitespace-separated tokens, so each token is split (and hashed) once, when first seen.
SPLITS_BY_TOKEN = frozenset({r"(?u)\b\w[\w'’-]*\b", r"(?u)\b\w\w+\b"})
MAX_CACHED = 1_000_000  # tokens (and n-grams) kept before the caches start over (bounded memory)
PACK_BITS = 21  # an n-gram of up to 3 words is keyed by its word ids packed in an int64
INT32_MAX = 2**31 - 1  # past this many values, a table's offsets are kept in int64


class _Ragged:
    """A growing table of integer lists, one per id (CSR arrays), gathered for many ids at
    once with numpy; ``weighted``, each value has a float32 weight beside it (the table is
    then a sparse matrix, ids x values, see :meth:`matrix`)."""

    def __init__(self, weighted: bool = False) -> None:
        # int32 offsets while they fit: SciPy then uses them without a copy
        self.ptr = np.zeros(1024, np.int32)
        self.flat = np.zeros(4096, np.int32)
        self.weights = np.zeros(4096, np.float32) if weighted else None
        self.n = 0

    def append(self, values: list[int], weights: list[int] | None = None) -> None:
        start = int(self.ptr[self.n])
        end = start + len(values)
        if end > len(self.flat):
            size = max(2 * len(self.flat), end)
            self.flat = np.resize(self.flat, size)
            if self.weights is not None:
                self.weights = np.resize(self.weights, size)
        if self.n + 2 > len(self.ptr):
            self.ptr = np.resize(self.ptr, 2 * len(self.ptr))
        if end > INT32_MAX and self.ptr.dtype != np.int64:
            self.ptr = self.ptr.astype(np.int64)
        self.flat[start:end] = values
        if self.weights is not None:
            self.weights[start:end] = weights
        self.n += 1
        self.ptr[self.n] = end

    def gather(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(how many values each of ``ids`` has, all their values in order)."""
        starts = self.ptr[ids].astype(np.int64)
        counts = self.ptr[ids + 1] - starts
        shift = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        return counts, self.flat[shift + np.arange(len(shift))]

    def gather_weights(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(how many values each of ``ids`` has, their values, their weights)."""
        starts = self.ptr[ids].astype(np.int64)
        counts = self.ptr[ids + 1] - starts
        at = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
        return counts, self.flat[at], self.weights[at]

    def matrix(self, width: int) -> Any:
        """The weighted table as a SciPy CSR matrix (ids x ``width``), sharing its arrays."""
        from scipy.sparse import csr_matrix

        end = int(self.ptr[self.n])
        return csr_matrix((self.weights[:end], self.flat[:end], self.ptr[:self.n + 1]),
                          shape=(self.n, width))


class _Scalars:
    """A growing array with one integer per id."""

    def __init__(self, dtype: Any = np.int64) -> None:
        self.values = np.zeros(1024, dtype)
        self.n = 0

    def append(self, value: int) -> None:
        if self.n == len(self.values):
            self.values = np.resize(self.values, 2 * self.n)
        self.values[self.n] = value
        self.n += 1


class _KeyTable:
    """A hash table from non-negative int64 keys to int32 values, looked up for a whole
    array of keys at once with numpy (open addressing, linear probing, at most half full)."""

    EMPTY = -1

    def __init__(self, bits: int = 16) -> None:
        self.bits = bits
        self.keys = np.full(1 << bits, self.EMPTY, np.int64)
        self.values = np.zeros(1 << bits, np.int32)
        self.n = 0

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        # Fibonacci hashing: the top bits of key * 2**64 / golden ratio
        h = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return (h >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 where it is not in the table."""
        out = np.full(len(keys), -1, np.int32)
        mask = (1 << self.bits) - 1
        slot, todo = self._slots(keys), np.arange(len(keys))
        while len(todo):
            k = self.keys[slot]
            hit = k == keys[todo]
            out[todo[hit]] = self.values[slot[hit]]
            more = ~hit & (k != self.EMPTY)
            todo, slot = todo[more], (slot[more] + 1) & mask
        return out

    def put(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Add distinct ``keys`` that are not in the table yet."""
        if 2 * (self.n + len(keys)) > len(self.keys):
            old = self.keys != self.EMPTY
            ok, ov = self.keys[old], self.values[old]
            while 2 * (self.n + len(keys)) > 1 << self.bits:
                self.bits += 1
            self.keys = np.full(1 << self.bits, self.EMPTY, np.int64)
            self.values = np.zeros(1 << self.bits, np.int32)
            self.n = 0
            self.put(ok, ov)
        mask = (1 << self.bits) - 1
        slot, todo = self._slots(keys), np.arange(len(keys))
        while len(todo):
            free = self.keys[slot] == self.EMPTY
            # keys probing the same free slot: the first one takes it, the others go on
            taken, first = np.unique(slot[free], return_index=True)
            won = todo[free][first]
            self.keys[taken] = keys[won]
            self.values[taken] = values[won]
            placed = np.zeros(len(keys), bool)
            placed[won] = True
            left = ~placed[todo]
            todo, slot = todo[left], (slot[left] + 1) & mask
        self.n += len(keys)


class _Hashed:
    """``Pipeline([HashingVectorizer, TfidfTransformer])``, its columns numbered densely in
    the order they are first met: the columns a batch uses are then few and close together,
    which makes summing repeats and the product with the weights several times cheaper than
    over the 2**18 hashed columns (each new column's idf and weight row are copied once)."""

    tfidf = True

    def __init__(self, hasher: dict, tfidf: dict, offset: int, scale: float) -> None:
        self.lo, self.hi = (int(x) for x in hasher["ngram_range"])
        self.n = int(hasher["n_features"])
        self.pattern = str(hasher["token_pattern"])
        self.idf_all = np.asarray(tfidf["idf_"], np.float64)
        self.sublinear = bool(tfidf["sublinear_tf"])
        self.offset, self.scale = offset, scale

    def attach(self, W: np.ndarray) -> None:
        """Use ``W`` (this block's rows of the weights) and start the dense numbering."""
        self.W_all = W
        self.dense = np.full(self.n, -1, np.int32)  # hashed column -> dense column
        self.width = 0
        self.idf = np.zeros(256)
        self.W = np.zeros((256, W.shape[1]))

    def dense_columns(self, cols: list[int]) -> list[int]:
        """The dense columns of hashed columns ``cols`` (new ones are numbered)."""
        dense = self.dense
        out = []
        for c in cols:
            j = int(dense[c])
            if j < 0:
                j = dense[c] = self.width
                if j == len(self.idf):
                    self.idf = np.resize(self.idf, 2 * j)
                    self.W = np.resize(self.W, (2 * j, self.W.shape[1]))
                self.idf[j] = self.idf_all[c]
                self.W[j] = self.W_all[c]
                self.width += 1
            out.append(j)
        return out


class _CharBlock(_Hashed):
    """The ``char_wb`` block: the dense columns of each whitespace token's character
    n-grams, each with how often it occurs in the token, kept per token (each n-gram is
    hashed once, and a token's repeats are summed once). The table is a sparse matrix
    G (tokens x columns): a batch's counts are T @ G, T counting each token in each text."""

    def reset(self) -> None:
        self.of_token = _Ragged(weighted=True)
        self.of_gram: dict[str, int] = {}  # n-gram -> dense column (tokens share n-grams)
        # per token, its share of the scores and of the squared norm if every n-gram of a
        # text counted linearly (see LeanPipeline._char_scores); computed for the first
        # ``done`` tokens, the others on the next batch
        self.lin = np.zeros((1024, self.W_all.shape[1]))
        self.lin_sq = np.zeros(1024)
        self.done = 0

    def linear(self, ntok: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, squared norm) of each of the first ``ntok`` tokens' n-grams, counted
        with their repeats in the token and weighted by idf: sum g idf W, sum g idf**2."""
        if self.done < ntok:
            from scipy.sparse import csr_matrix

            lo, hi = self.done, ntok
            if hi > len(self.lin_sq):
                size = max(2 * len(self.lin_sq), hi)
                lin = np.zeros((size, self.lin.shape[1]))
                lin[:lo] = self.lin[:lo]
                self.lin, self.lin_sq = lin, np.resize(self.lin_sq, size)
            ptr = self.of_token.ptr[lo:hi + 1].astype(np.int64)
            at = slice(int(ptr[0]), int(ptr[-1]))
            cols = self.of_token.flat[at]
            idf = self.idf[cols]
            gi = self.of_token.weights[at] * idf
            X = csr_matrix((gi, cols, ptr - ptr[0]), shape=(hi - lo, self.width))
            self.lin[lo:hi] = X @ self.W[:self.width]
            self.lin_sq[lo:hi] = np.bincount(np.repeat(np.arange(hi - lo), np.diff(ptr)),
                                             weights=gi * idf, minlength=hi - lo)
            self.done = hi
        return self.lin[:ntok], self.lin_sq[:ntok]

    def add_token(self, token: str) -> None:
        # scikit-learn's _char_wb_ngrams for one word
        w = " " + token + " "
        grams = []
        for n in range(self.lo, self.hi + 1):
            offset = 0
            grams.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                grams.append(w[offset:offset + n])
            if offset == 0:
                break
        if len(self.of_gram) > MAX_CACHED:
            self.of_gram.clear()
        get, counts = self.of_gram.get, {}
        for g in grams:
            j = get(g)
            if j is None:
                j = self.of_gram[g] = self.dense_columns([feature_index(g, self.n)])[0]
            counts[j] = counts.get(j, 0) + 1
        self.of_token.append(list(counts), list(counts.values()))


class _WordBlock(_Hashed):
    """The ``word`` block, n-grams of up to three words: a word's column is hashed once, an
    n-gram's once per run of words."""

    def reset(self) -> None:
        self.unigram = _Scalars(np.int32)
        self.longer = _KeyTable()  # n-grams of two or more words (by word ids) -> column
        self.huge: dict[tuple[int, ...], int] = {}

    def add_word(self, word: str, wid: int) -> None:
        self.unigram.append(self.dense_columns([feature_index(word, self.n)])[0]
                            if self.lo <= 1 else 0)

    def occurrences(self, words: list[str], wid: np.ndarray, wrow: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
        rows, cols = [], []
        if self.lo <= 1:
            rows.append(wrow)
            cols.append(self.unigram.values[wid])
        for n in range(max(self.lo, 2), self.hi + 1):
            if len(wid) < n:
                break
            start = np.flatnonzero(wrow[:len(wid) - n + 1] == wrow[n - 1:])
            if len(words) < 1 << PACK_BITS:
                # an n-gram is known by its words' ids packed in one int64 (n <= 3)
                key = wid[start].astype(np.int64)
                for k in range(1, n):
                    key = (key << PACK_BITS) | wid[start + k]
                if self.longer.n > MAX_CACHED:
                    self.longer = _KeyTable()
                c = self.longer.get(key)
                new = np.flatnonzero(c < 0)
                if len(new):
                    fresh, first = np.unique(key[new], return_index=True)
                    dense = self.dense_columns([feature_index(" ".join(
                        words[j] for j in wid[i:i + n].tolist()), self.n)
                        for i in start[new[first]].tolist()])
                    self.longer.put(fresh, np.array(dense, np.int32))
                    c = self.longer.get(key)
            else:  # too many words to pack their ids (one huge text): tuples in a dict
                if len(self.huge) > MAX_CACHED:
                    self.huge.clear()
                c = []
                for g in zip(*(wid[start + k].tolist() for k in range(n))):
                    j = self.huge.get(g)
                    if j is None:
                        j = self.huge[g] = self.dense_columns([feature_index(
                            " ".join(words[i] for i in g), self.n)])[0]
                    c.append(j)
                c = np.array(c, np.int32)
            rows.append(wrow[start])
            cols.append(c)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        if len(rows) == 1:
            return rows[0], cols[0]
        # rows in order, as the CSR built from them needs (stable: a merge of sorted runs)
        r, c = np.concatenate(rows), np.concatenate(cols)
        order = np.argsort(r, kind="stable")
        return r[order], c[order]


class _CountBlock:
    """A ``CountVectorizer`` with a fixed vocabulary of word n-grams (raw counts or 0/1)."""

    def __init__(self, vec: dict, offset: int, scale: float) -> None:
        self.lo, self.hi = (int(x) for x in vec["ngram_range"])
        self.pattern = str(vec["token_pattern"])
        self.vocabulary = {str(k): int(v) for k, v in vec["vocabulary_"].items()}
        self.n = len(self.vocabulary)
        self.binary = bool(vec["binary"])
        self.tfidf = False
        self.offset, self.scale = offset, scale
        # per word: its own column (a one-word entry), and marks n and n + 1 when it opens or
        # continues an entry of several words (those are looked up at the few positions
        # marked, by their words' ids packed in an int64 as _WordBlock does)
        self.multi = [(k.split(" "), v) for k, v in self.vocabulary.items() if " " in k]
        self.starts = {m[0] for m, _ in self.multi}
        self.seconds = {m[1] for m, _ in self.multi}
        self.parts = {w for m, _ in self.multi for w in m}

    def attach(self, W: np.ndarray) -> None:
        self.W = W
        self.width = self.n

    def reset(self) -> None:
        self.of_word = _Ragged()
        self.known: dict[str, int] = {}  # words of entries of several words -> word id
        self.keys: dict[int, tuple[np.ndarray, np.ndarray]] | None = None

    def add_word(self, w: str, wid: int) -> None:
        self.of_word.append(([self.vocabulary[w]] if w in self.vocabulary and self.lo <= 1
                             else []) + ([self.n] if w in self.starts else [])
                            + ([self.n + 1] if w in self.seconds else []))
        if w in self.parts:
            self.known[w] = wid
            self.keys = None

    def entry_keys(self) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Per number of words k: the packed word ids of the entries of k words whose words
        have all been met (sorted), and their columns."""
        if self.keys is None:
            self.keys = {}
            for k in range(max(self.lo, 2), self.hi + 1):
                found = []
                for ws, col in self.multi:
                    if len(ws) == k and all(w in self.known for w in ws):
                        key = 0
                        for w in ws:
                            key = (key << PACK_BITS) | self.known[w]
                        found.append((key, col))
                found.sort()
                self.keys[k] = (np.array([f[0] for f in found], np.int64),
                                np.array([f[1] for f in found], np.int64))
        return self.keys

    def occurrences(self, words: list[str], wid: np.ndarray, wrow: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
        counts, cols = self.of_word.gather(wid)
        pos = np.repeat(np.arange(len(wid)), counts)
        own = cols < self.n
        rows, out = [wrow[pos[own]]], [cols[own]]
        second = np.zeros(len(wid) + 1, dtype=bool)
        second[pos[cols == self.n + 1]] = True
        opens = pos[cols == self.n]
        opens = opens[second[opens + 1]]
        if not len(opens):
            return rows[0], out[0]
        if len(words) < 1 << PACK_BITS:
            for k, (keys, kcols) in self.entry_keys().items():
                if not len(keys):
                    continue
                p = opens[opens + k - 1 < len(wid)]
                p = p[wrow[p + k - 1] == wrow[p]]
                key = wid[p].astype(np.int64)
                for i in range(1, k):
                    key = (key << PACK_BITS) | wid[p + i]
                at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
                hit = keys[at] == key
                rows.append(wrow[p[hit]])
                out.append(kcols[at[hit]])
        else:  # too many words to pack their ids (one huge text): the words joined
            get = self.vocabulary.get
            rl, wl = wrow.tolist(), wid.tolist()
            more_r, more_c = [], []
            for p in opens.tolist():
                for k in range(max(self.lo, 2), self.hi + 1):
                    if p + k <= len(wl) and rl[p + k - 1] == rl[p]:
                        c = get(" ".join(words[j] for j in wl[p:p + k]))
                        if c is not None:
                            more_r.append(rl[p])
                            more_c.append(c)
            rows.append(np.array(more_r, dtype=np.int64))
            out.append(np.array(more_c, dtype=np.int64))
        r, c = np.concatenate(rows), np.concatenate(out)
        order = np.argsort(r, kind="stable")
        return r[order], c[order]


class _Words:
    """The words one token pattern finds in each whitespace token, and the blocks that use
    that pattern (word ids are shared between them)."""

    def __init__(self, pattern: str, blocks: list[_WordBlock | _CountBlock]) -> None:
        self.findall = re.compile(pattern).findall
        self.blocks = blocks

    def reset(self) -> None:
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.of_token = _Ragged()
        for blk in self.blocks:
            blk.reset()

    def add_token(self, token: str) -> None:
        ids = []
        for w in self.findall(token):
            j = self.ids.get(w)
            if j is None:
                j = self.ids[w] = len(self.words)
                self.words.append(w)
                for blk in self.blocks:
                    blk.add_word(w, j)
            ids.append(j)
        self.of_token.append(ids)


def _compiled_product() -> Any:
    """SciPy's compiled CSR product routine, or ``None`` if this SciPy has none by that name
    (it is not public API)."""
    try:
        from scipy.sparse._sparsetools import csr_matmat
    except ImportError:
        return None
    return csr_matmat


def _product(A: Any, B: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indptr, indices, data) of the CSR product ``A @ B``, repeats summed, columns in any
    order.

    Why not ``A @ B``: SciPy first runs a pass over every product term only to count the
    result's entries. Their number is at most the sum over A's entries of the lengths of
    B's rows, so the compiled routine is called directly with that much room (about a
    third of the product's time saved). ``A @ B`` is used when the routine is missing, takes
    other arguments, or the arrays are not int32."""
    matmat = _compiled_product()
    ints = (A.indptr, A.indices, B.indptr, B.indices)
    if matmat is not None and all(a.dtype == np.int32 for a in ints) \
            and A.data.dtype == B.data.dtype:
        room = int((B.indptr[A.indices + 1] - B.indptr[A.indices]).sum())
        if room <= INT32_MAX:
            indptr = np.empty(A.shape[0] + 1, np.int32)
            indices = np.empty(room, np.int32)
            data = np.empty(room, A.data.dtype)
            try:
                matmat(A.shape[0], B.shape[1], A.indptr, A.indices, A.data, B.indptr,
                       B.indices, B.data, indptr, indices, data)
            except (TypeError, ValueError):  # another SciPy's routine: its public product
                pass
            else:
                end = int(indptr[-1])
                return indptr, indices[:end], data[:end]
    C = A @ B
    return C.indptr, C.indices, C.data


class LeanPipeline:
    """``predict_proba`` of a hashed word + char TF-IDF pipeline (with cue-word counts) and a
    linear SVM calibrated by sigmoids (or a logistic regression), from its fitted arrays.

    Texts are split at whitespace once; each distinct token is looked up in a cache that holds
    its character n-gram columns (with their counts in the token, and its share of the scores
    were each n-gram counted once) and its words (each word with its column), so a batch is
    gathered with numpy. A batch's char n-gram counts are one compiled sparse product (texts x
    tokens times tokens x n-grams), and only the n-grams a text counts more than once are read
    again (:meth:`_char_scores`); word n-grams are summed by SciPy's compiled CSR->CSC->CSR
    transposition (two linear passes, no sort). Both are weighted as ``TfidfTransformer``
    does.
    """

    CHUNK = 2000  # texts per step: bounds the memory of one step
    SPARSE_FROM = 32  # texts in a call from which SciPy's sparse routines are used

    def __init__(self, blocks: list[_CharBlock | _WordBlock | _CountBlock], clf: dict) -> None:
        self.blocks = blocks
        self.chars = [b for b in blocks if isinstance(b, _CharBlock)]
        patterns: dict[str, list] = {}
        for b in blocks:
            if not isinstance(b, _CharBlock):
                patterns.setdefault(b.pattern, []).append(b)
        self.words = [_Words(p, bs) for p, bs in patterns.items()]
        self.kind = clf["kind"]
        self.W = clf["W"]            # (n_features, n_outputs) float64
        self.b = clf["b"]            # (n_outputs,)
        self.a_cal = clf.get("a")    # sigmoid calibration, per output
        self.b_cal = clf.get("bc")
        self.cols = clf.get("cols")  # output -> class column
        self.n_members = clf.get("members", 1)
        self.classes_ = clf["classes"]
        for blk in blocks:
            blk.attach(self.W[blk.offset:blk.offset + blk.n])
        self._normalizer: Any = None
        self._reset()
        # the caches grow during predictions: one prediction at a time per model (Dask
        # workers, for one, run tasks in threads)
        self._lock = threading.RLock()

    # -- the token cache ------------------------------------------------------------------
    def _reset(self) -> None:
        self.tokens: dict[str, int] = {}
        # with a normaliser: 1 if it changes the token alone; bit i set if the token ends
        # with the first word of the i-th phrase of several words (modulo 63) / begins with
        # its second word
        self.changed = _Scalars(np.int8)
        self.normal: dict[int, Any] = {}  # a token it changes -> its text, then its ids
        self.ends = _Scalars()
        self.begins = _Scalars()
        for part in (*self.chars, *self.words):
            part.reset()

    def _add(self, token: str) -> int:
        j = len(self.tokens)
        self.tokens[token] = j
        for part in (*self.chars, *self.words):
            part.add_token(token)
        nz = self._normalizer
        if nz is not None:
            normal = nz.sub(token)
            self.changed.append(normal != token)
            if normal != token:
                self.normal[j] = normal
            ends = begins = 0
            for i, (first, second) in enumerate(nz.spaced or ()):
                if token.endswith(first):
                    ends |= 1 << (i % 63)
                if token.startswith(second):
                    begins |= 1 << (i % 63)
            self.ends.append(ends)
            self.begins.append(begins)
        return j

    def _token_ids(self, tokens: list[str]) -> np.ndarray:
        get = self.tokens.get
        ids = np.fromiter(map(get, tokens, repeat(-1)), np.int64, len(tokens))
        new = np.flatnonzero(ids < 0)
        for i in new.tolist():
            t = tokens[i]
            j = get(t)
            ids[i] = self._add(t) if j is None else j
        return ids

    def _split(self, texts: list[str], normalizer: Any) -> tuple[np.ndarray, np.ndarray]:
        """(token id, row) of every whitespace token of ``texts`` in order; with a
        ``normalizer``, of the texts lower-cased and normalised."""
        if normalizer is not None:
            texts = [t.lower() for t in texts]
        split = [t.split() for t in texts]
        lens = np.fromiter(map(len, split), np.int64, len(texts))
        if len(self.tokens) + 2 * int(lens.sum()) > MAX_CACHED:
            self._reset()  # (before any look-up: ids of one call stay valid to its end)
        tid = self._token_ids(list(chain.from_iterable(split)))
        trow = np.repeat(np.arange(len(texts)), lens)
        if normalizer is None:
            return tid, trow
        # the normaliser's phrases without whitespace match inside one token, as in the
        # whole text (a whitespace is not a word character, as a string's end): tokens it
        # changes alone are replaced by their normalised tokens (cached). Only texts with
        # two tokens in a row that may hold a phrase of several words are run through its
        # regular expression (about one in twenty here).
        if normalizer.spaced is None:
            whole = np.arange(len(texts))
        else:
            pair = (self.ends.values[tid[:-1]] & self.begins.values[tid[1:]]) != 0
            pair &= trow[:-1] == trow[1:]
            whole = np.unique(trow[:-1][pair])
            at = np.flatnonzero(self.changed.values[tid] != 0)
            if len(whole) and len(at):
                skip = np.zeros(len(texts), bool)
                skip[whole] = True
                at = at[~skip[trow[at]]]
            if len(at):
                tid, trow = self._normalise_tokens(tid, trow, at)
        redo = {}
        for r in whole.tolist():
            t = normalizer.sub(texts[r])
            if t != texts[r]:
                redo[r] = t.split()
        if not redo:
            return tid, trow
        rows = np.fromiter(redo, np.int64, len(redo))
        keep = np.ones(len(texts), bool)
        keep[rows] = False
        keep = keep[trow]
        lens = np.fromiter(map(len, redo.values()), np.int64, len(redo))
        new = self._token_ids(list(chain.from_iterable(redo.values())))
        tid = np.concatenate([tid[keep], new])
        trow = np.concatenate([trow[keep], np.repeat(rows, lens)])
        order = np.argsort(trow, kind="stable")
        return tid[order], trow[order]

    def _normalise_tokens(self, tid: np.ndarray, trow: np.ndarray, at: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
        """(token id, row) with the tokens at positions ``at`` replaced by the tokens of
        their normalised text (none, one or several each)."""
        normal = self.normal
        reps = []
        for j in tid[at].tolist():
            ids = normal[j]
            if isinstance(ids, str):
                ids = normal[j] = self._token_ids(ids.split()).tolist()
            reps.append(ids)
        counts = np.ones(len(tid), np.int64)
        counts[at] = lens = np.fromiter(map(len, reps), np.int64, len(reps))
        start = np.cumsum(counts) - counts  # where each token's ids go
        out = np.repeat(tid, counts)
        flat = np.fromiter(chain.from_iterable(reps), np.int64, int(lens.sum()))
        first = np.cumsum(lens) - lens
        out[np.repeat(start[at] - first, lens) + np.arange(len(flat))] = flat
        return out, np.repeat(trow, counts)

    # -- features and scores --------------------------------------------------------------
    def _summed(self, blk: Any, r: np.ndarray, c: np.ndarray, n: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, column, count) of the block's n-grams in each text, from their
        occurrences (rows in order): a CSR matrix without repeats."""
        if n >= self.SPARSE_FROM:
            # SciPy's compiled CSR->CSC->CSR gives each row's columns sorted (two linear
            # passes); repeats are then summed. SciPy is imported only for batches, so a
            # single statement starts fast.
            from scipy.sparse import csr_matrix

            indptr = np.zeros(n + 1, np.int32)
            np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
            X = csr_matrix((np.ones(len(c), np.float32), c, indptr), shape=(n, blk.width))
            X = X.tocsc().tocsr()
            X.sum_duplicates()
            return X.indptr, X.indices, X.data
        return self._summed_keys(r * blk.width + c, blk.width, n)

    @staticmethod
    def _summed_keys(key: np.ndarray, width: int, n: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indptr, column, count) from the keys row * width + column of occurrences."""
        key, count = np.unique(key, return_counts=True)
        r, c = np.divmod(key, width)
        return np.searchsorted(r, np.arange(n + 1)), c, count

    def _add_scores(self, out: np.ndarray, blk: Any, indptr: np.ndarray, c: np.ndarray,
                    count: np.ndarray) -> None:
        """Add to ``out`` the block's share of the scores, from its counts in each text
        (a CSR matrix, columns in any order): TF-IDF as ``TfidfTransformer`` computes it
        (sublinear TF in float32), each row's norm divided out of its product with the
        weights rather than out of each value."""
        n = len(out)
        tf = count.astype(np.float32)
        full = np.flatnonzero(indptr[1:] != indptr[:-1])
        if not blk.tfidf:
            v = np.ones(len(tf)) if blk.binary else tf.astype(np.float64)
            factor = np.full((n, 1), blk.scale)
        else:
            if blk.sublinear:
                tf = np.log(tf) + np.float32(1.0)
            v = tf * blk.idf[c]
            sq = np.zeros(n)
            if len(full):
                sq[full] = np.add.reduceat(v * v, indptr[full])
            norm = np.sqrt(sq)
            norm[norm == 0] = 1.0
            factor = (blk.scale / norm)[:, None]
        W = blk.W[:blk.width]
        if n >= self.SPARSE_FROM:
            # a compiled sparse product, no (non-zeros x outputs) temporary
            from scipy.sparse import csr_matrix

            out += (csr_matrix((v, c, indptr), shape=(n, blk.width)) @ W) * factor
        elif len(full):
            out[full] += np.add.reduceat(W[c] * v[:, None], indptr[full], axis=0) * factor[full]

    def _char_scores(self, out: np.ndarray, blk: _CharBlock, T: Any) -> None:
        """Add to ``out`` a char block's share of the scores for a batch whose token counts
        are ``T`` (texts x tokens).

        A text's n-gram counts are C = T @ G. Were TF-IDF linear in the counts, its scores
        would be T @ P, P holding each token's sum of g idf W (:meth:`_CharBlock.linear`),
        and likewise its squared norm. It is, for an n-gram counted once in a text (most of
        them): sublinear TF gives 1 for a count of 1. Only the n-grams counted more than once
        (one in eight here) are corrected, by (f(count) - count) idf W and
        (f(count)**2 - count) idf**2, so the product with the weights reads a few rows per
        text instead of one per n-gram."""
        from scipy.sparse import csr_matrix

        n = len(out)
        cptr, ccol, ccount = _product(T, blk.of_token.matrix(blk.width))
        P, q = blk.linear(T.shape[1])
        S = T @ P
        sq = T @ q
        rep = np.flatnonzero(ccount > 1)
        if len(rep):
            count = ccount[rep]
            c = ccol[rep]
            tf = np.log(count) + np.float32(1.0) if blk.sublinear else count
            f, k = tf.astype(np.float64), count.astype(np.float64)
            idf = blk.idf[c]
            rptr = np.searchsorted(rep, cptr)  # (rep is sorted, as the rows are)
            row = np.repeat(np.arange(n), np.diff(rptr))
            S += csr_matrix(((f - k) * idf, c, rptr), shape=(n, blk.width)) @ blk.W[:blk.width]
            sq += np.bincount(row, weights=(f * f - k) * idf * idf, minlength=n)
        norm = np.sqrt(sq)
        norm[norm == 0] = 1.0
        out += S * (blk.scale / norm)[:, None]

    def decision(self, texts: list[str], normalizer: Any = None) -> np.ndarray:
        """Raw scores of every linear output (n_texts, n_outputs)."""
        n = len(texts)
        out = np.zeros((n, self.W.shape[1]))
        tid, trow = self._split(texts, normalizer)
        if self.chars and len(tid):
            if n >= self.SPARSE_FROM:
                # T (texts x tokens) counts each cached token in each text; a char block's
                # counts are T @ G (G: tokens x columns, see _CharBlock), which SciPy sums
                # in compiled code (a token's n-grams are not expanded per occurrence)
                from scipy.sparse import csr_matrix

                tptr = np.zeros(n + 1, np.int32)
                np.cumsum(np.bincount(trow, minlength=n), out=tptr[1:])
                T = csr_matrix((np.ones(len(tid), np.float32), tid.astype(np.int32), tptr),
                               shape=(n, len(self.tokens)))
                for blk in self.chars:
                    self._char_scores(out, blk, T)
            else:
                for blk in self.chars:
                    # each token's columns repeated as often as they occur in it
                    counts, cols, w = blk.of_token.gather_weights(tid)
                    key = np.repeat(np.repeat(trow, counts) * blk.width + cols,
                                    w.astype(np.intp))
                    self._add_scores(out, blk, *self._summed_keys(key, blk.width, n))
        for group in self.words:
            counts, wid = group.of_token.gather(tid)
            wrow = np.repeat(trow, counts)
            for blk in group.blocks:
                r, c = blk.occurrences(group.words, wid, wrow)
                if len(c):
                    self._add_scores(out, blk, *self._summed(blk, r, c, n))
        return out + self.b

    def predict_proba(self, texts: list[str], normalizer: Any = None) -> np.ndarray:
        """Probabilities, columns in ``classes_`` order (as the pipeline's).

        ``texts`` are as the pipeline reads them, or, given a ``normalizer`` (see
        :class:`stance.modelfile.Normalizer`: ``sub`` undoes phrases in lower-cased text,
        ``spaced`` holds the first two words of each phrase of several words), raw texts
        that are lower-cased and normalised here, most of them without running its regular
        expression.
        """
        with self._lock:
            if normalizer is not None and normalizer is not self._normalizer:
                self._normalizer = normalizer  # the token flags are computed for it
                self._reset()
            return self._predict_proba(texts, normalizer)

    def _predict_proba(self, texts: list[str], normalizer: Any) -> np.ndarray:
        if len(texts) > self.CHUNK:
            return np.concatenate([self._predict_proba(texts[i:i + self.CHUNK], normalizer)
                                   for i in range(0, len(texts), self.CHUNK)])
        d = self.decision(texts, normalizer)
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
    blocks: list[_CharBlock | _WordBlock | _CountBlock] = []
    offset = 0
    for name, part in zip(names, parts):
        scale = float(weights.get(name, 1.0))
        if part["__type__"] == "sklearn.feature_extraction.text.CountVectorizer":
            if part["analyzer"] != "word" or part["lowercase"] or part["stop_words"] is not None \
                    or part["preprocessor"] is not None or part["tokenizer"] is not None \
                    or part["strip_accents"] is not None or not part.get("vocabulary_") \
                    or part["token_pattern"] not in SPLITS_BY_TOKEN:
                return None
            blocks.append(_CountBlock(part, offset, scale))
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
                or (hasher["analyzer"] == "word" and (int(hasher["ngram_range"][1]) > 3
                                                      or hasher["token_pattern"]
                                                      not in SPLITS_BY_TOKEN)) \
                or tfidf["norm"] != "l2" or not tfidf["use_idf"]:
            return None
        kind = _CharBlock if hasher["analyzer"] == "char_wb" else _WordBlock
        blocks.append(kind(hasher, tfidf, offset, scale))
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

