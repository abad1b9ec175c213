"""Feature hashing for the statement models: a statement's feature parts
(see learn.features) as columns of a fixed-size space, so a model file holds
numbers only. Column numbers are part of every saved model: changing how a
name or a bag is hashed needs FEATURES_VERSION bumped."""
from __future__ import annotations

from functools import lru_cache
from itertools import chain
from operator import itemgetter

import numpy as np

from .features import Bag

_HASH_CACHES: dict[int, dict[str, int]] = {}


def _hash_cache(n_features: int) -> dict[str, int]:
    cache = _HASH_CACHES.setdefault(n_features, {})
    if len(cache) > 500_000:  # bounded: new documents keep bringing new words
        cache.clear()
    return cache


_NAME, VALUE = itemgetter(0), itemgetter(1)  # of a (name, value) feature


def _hash(name: str, n_features: int) -> int:
    return _hash32(name) % n_features


def _hash32(name: str) -> int:
    return _murmurhash()(name, seed=0, positive=True)


@lru_cache(maxsize=None)
def _murmurhash():
    from sklearn.utils import murmurhash3_32  # imported once, not per new feature name

    return murmurhash3_32


#: prefix -> word -> 32-bit hash of prefix + word (bounded like the others)
_WORD_HASHES: dict[str, dict[str, int]] = {}
_MIX1, _MIX2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9)


# Keyed by the bag's value (a tuple: no weak reference to it can be taken): the
# feature functions return the same Bag for the same words, and the type and area
# models share a statement's bag, so each is hashed once.
@lru_cache(maxsize=20_000)
def _word_hashes(bag: Bag) -> list[int]:
    """The 32-bit hashes of a bag's ``prefix + word``s (callers must not change the list)."""
    table = _WORD_HASHES.get(bag.prefix)
    if table is None or len(table) > 500_000:
        table = _WORD_HASHES[bag.prefix] = {}
    found = list(map(table.get, bag.words))
    if None in found:
        for word in bag.words:
            if word not in table:
                table[word] = _hash32(bag.prefix + word)
        found = list(map(table.__getitem__, bag.words))
    return found


# Keyed by the part's value: the feature functions return the same tuple for a
# part that recurs (a heading's, a cue group's), so it is hashed once per model size.
@lru_cache(maxsize=20_000)
def _part_columns(part: tuple, n_features: int) -> tuple[list[int], list[float]]:
    """Columns and values of a tuple of (name, value) features (callers must not change them)."""
    return _hash_names(part, n_features), list(map(VALUE, part))


def _hash_names(feats, n_features: int) -> list[int]:
    """Column of each (name, value) feature. Names repeat a lot (cue
    groups, layout), so their columns are cached."""
    names = _hash_cache(n_features)
    index = list(map(names.get, map(_NAME, feats)))
    if None in index:
        for name, _ in feats:
            if name not in names:
                names[name] = _hash(name, n_features)
        index = list(map(names.__getitem__, map(_NAME, feats)))
    return index


def _bag_columns(bags: list[tuple[int, Bag]], n_features: int):
    """COO triples (rows, columns, values) of ``(row, bag)`` pairs. A word's
    column is the hash of prefix + word, as for any named feature; a bigram's
    is mixed from its two words' hashes in numpy, so no string is built per
    feature (a new report brings mostly new bigrams)."""
    bags = [(row, bag) for row, bag in bags if bag.words]
    if not bags:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    hashes = [_word_hashes(bag) for _, bag in bags]
    lengths = np.fromiter(map(len, hashes), dtype=np.int64, count=len(hashes))
    h = np.fromiter(chain.from_iterable(hashes), dtype=np.uint64, count=int(lengths.sum()))
    rows = np.fromiter((row for row, _ in bags), dtype=np.int64, count=len(bags))
    weight = np.fromiter((bag.scale for _, bag in bags), dtype=np.float64, count=len(bags)) / np.sqrt(lengths)
    # A bigram starts at every word but a bag's last, in bags that have bigrams.
    starts = np.repeat(np.fromiter((bag.bigrams for _, bag in bags), dtype=bool, count=len(bags)), lengths)
    starts[np.cumsum(lengths) - 1] = False
    first = np.flatnonzero(starts)
    mixed = h[first] * _MIX1 + h[first + 1]  # wraps around: uint64 arithmetic is modular
    mixed ^= mixed >> np.uint64(31)
    mixed *= _MIX2
    mixed ^= mixed >> np.uint64(29)
    per_word = np.repeat(np.arange(len(bags)), lengths)
    return (np.concatenate([rows[per_word], rows[per_word[first]]]),
            np.concatenate([h, mixed]) % np.uint64(n_features),
            np.concatenate([weight[per_word], weight[per_word[first]]]))
