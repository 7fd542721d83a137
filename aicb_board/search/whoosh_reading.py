"""Matching and scoring over a Whoosh index, with each word's postings read once.

Whoosh's own collectors walk every candidate document through a tree of Python matcher
objects, which costs tens of milliseconds per query at 10,000 documents. Here a query is
evaluated as dictionary and set operations over each word's postings ({document: score}),
read once per searcher and kept while the searcher is current. The score is BM25 with no
length normalisation (b = 0) over the weighted `text` field, whose weights already say
whether a word stands in a title, the tags or the body.
"""

from __future__ import annotations

import contextlib
import heapq
import threading
import weakref
from collections.abc import Iterator, Sequence
from itertools import islice
from operator import add

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, NullQuery, Or, Phrase, Prefix, Query, Term

SCORED_FIELD = "text"
PHRASE_FIELD = "phrases"  # the same words with their positions, read only for phrases
K1 = 1.2  # how fast repeated or heavier occurrences of a word stop adding to its score
CACHED_POSTINGS = 400_000  # per searcher; about 40 MB
MAX_EXPANSION = 64  # words a prefix such as `strat*` may stand for
SCANNED_EXPANSION = 2_000  # indexed words looked at for one prefix, alphabetically
# Postings one prefix's words may bring (at least its first word's): as many as a word found
# in a fifth of the documents, so that even three prefixes cost about what a couple of
# common words cost (measured with bench/search.py's adversarial queries).
EXPANSION_SHARE = 0.2
PHRASE_POSITIONS = 1_500  # (document, distinct word) positions read to check one phrase


class Reading:
    """A searcher, used by one thread at a time, and the postings it has read."""

    def __init__(self, searcher, version: tuple) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.version = version  # of the index on disk this searcher reads
        self._cache: dict[tuple[str, str], dict[int, float]] = {}
        self._cached = 0
        # Its files are closed by `close()` or, for a reading dropped without it (its backend
        # collected, an exception's frames gone), when the reading is collected.
        self.close = weakref.finalize(self, _close_searcher, searcher)

    def best(self, scores: dict[int, float], count: int) -> list[int]:
        """The `count` best-scoring document numbers, best first (ties: older first)."""
        if count <= 0 or not scores:
            return []
        # The lowest score that makes the cut, over bare floats; then every document that
        # reaches it (all the ties), ordered.
        cutoff = heapq.nlargest(count, scores.values())[-1]
        reaching = [(-score, doc) for doc, score in scores.items() if score >= cutoff]
        return [doc for _, doc in heapq.nsmallest(count, reaching)]

    def scores(self, query: Query) -> dict[int, float]:
        """The documents `query` matches, each with its score."""
        if query is NullQuery:  # only stop words
            return {}
        if isinstance(query, And):
            return _intersection([self.scores(part) for part in query.subqueries])
        if isinstance(query, Or):
            return _union([self.scores(part) for part in query.subqueries])
        if isinstance(query, Term):
            return self._postings(query.fieldname, query.text)
        if isinstance(query, Phrase):
            return self._phrase(query.words)
        if isinstance(query, Prefix):
            words = self.expansion(query.fieldname, query.text)
            return self.scores(Or([Term(query.fieldname, word) for word in words]))
        # Wildcards, fuzzy terms and "everything" read the whole word list: bounds.py turns
        # them into prefixes, and anything else that slips through matches nothing.
        return {}

    def documents(self, fieldname: str, value: str) -> dict[int, float]:
        """The documents holding `value` in a filter field (kind, seniority, …)."""
        return self._postings(fieldname, value)

    def terms(self, query: Query) -> frozenset[str]:
        """The indexed words `query` looks for (prefixes expanded as searched), to highlight."""
        found: set[str] = set()
        for leaf in [query] if query.is_leaf() else query.leaves():
            if leaf.field() != SCORED_FIELD:
                continue
            if isinstance(leaf, Term):
                found.add(leaf.text)
            elif isinstance(leaf, Phrase):
                found.update(leaf.words)
            elif isinstance(leaf, Prefix):
                found.update(self.expansion(leaf.fieldname, leaf.text))
        return frozenset(found)

    def expansion(self, fieldname: str, prefix: str) -> list[str]:
        """The indexed words `prefix*` stands for: the most frequent few, with bounded postings.

        At most `MAX_EXPANSION` words of the first `SCANNED_EXPANSION` that start with
        `prefix`, most frequent first, while their postings stay within `EXPANSION_SHARE` of
        the documents.
        """
        scanned = islice(self.reader.iter_prefix(fieldname, prefix), SCANNED_EXPANSION)
        frequent = sorted(
            ((info.doc_frequency(), text) for text, info in scanned), key=lambda pair: -pair[0]
        )
        budget = max(1, int(self.reader.doc_count_all() * EXPANSION_SHARE))
        words, postings = [], 0
        for frequency, text in frequent[:MAX_EXPANSION]:
            if words and postings + frequency > budget:
                break
            words.append(text.decode() if isinstance(text, bytes) else text)
            postings += frequency
        return words

    def _phrase(self, words: list[str]) -> dict[int, float]:
        """Documents with `words` next to each other, among the best-scoring holders of all of
        them: at most `PHRASE_POSITIONS` positions are read, so a long phrase of common words
        checks fewer documents rather than taking longer."""
        key = (PHRASE_FIELD, " ".join(words))  # kept with the postings: the same for a searcher
        found = self._cache.get(key)
        if found is not None:
            return found
        holding = self.scores(And([Term(SCORED_FIELD, word) for word in words]))
        distinct = set(words)
        checked = sorted(self.best(holding, max(1, PHRASE_POSITIONS // len(distinct))))
        placed = {word: self._positions(word, checked) for word in distinct}
        found = {
            doc: holding[doc] for doc in checked if _adjacent([placed[word][doc] for word in words])
        }
        self._cache[key] = found
        self._cached += len(found)
        return found

    def _positions(self, word: str, docs: list[int]) -> dict[int, list[int]]:
        """Where `word` stands in each of `docs` (sorted), skipping the documents between."""
        found: dict[int, list[int]] = {}
        matcher = self.reader.postings(PHRASE_FIELD, word) if docs else None
        for doc in docs:
            if matcher.id() < doc:
                matcher.skip_to(doc)
            if not matcher.is_active():
                break
            if matcher.id() == doc:
                found[doc] = matcher.value_as("positions")
        return {doc: found.get(doc, []) for doc in docs}

    def _postings(self, fieldname: str, text: str) -> dict[int, float]:
        key = (fieldname, text)
        found = self._cache.get(key)
        if found is None:
            found = self._read(fieldname, text)
            while self._cache and self._cached + len(found) > CACHED_POSTINGS:
                self._cached -= len(self._cache.pop(next(iter(self._cache))))
            self._cache[key] = found
            self._cached += len(found)
        return found

    def _read(self, fieldname: str, text: str) -> dict[int, float]:
        """The word's postings, each segment's a block at a time."""
        if (fieldname, text) not in self.reader:
            return {}
        scored = fieldname == SCORED_FIELD
        idf = self.searcher.idf(fieldname, text) if scored else 0.0
        found: dict[int, float] = {}
        for segment, base in self.reader.leaf_readers():
            if (fieldname, text) not in segment:
                continue
            for ids, weights in _blocks(segment.postings(fieldname, text)):
                docs = map(base.__add__, ids) if base else ids
                if scored:
                    found.update(zip(docs, [idf * w * (K1 + 1) / (w + K1) for w in weights],
                                     strict=True))  # fmt: skip
                else:
                    found.update(dict.fromkeys(docs, 0.0))
            for doc in segment.deleted_docs_set:
                found.pop(base + doc, None)
        return found


def _blocks(matcher) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A segment's postings of one word, a block (up to 128) at a time: document numbers
    and weights, deleted documents included.

    Whoosh's matchers step one posting at a time through a wrapper per segment and one for
    deleted documents, four calls a posting: reading a common word's 60,000 postings took
    180 ms at 100,000 documents. Its W3 codec holds each block as arrays, read here directly.
    """
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if not isinstance(leaf, W3LeafMatcher):  # another codec: one posting at a time
        while leaf.is_active():
            yield (leaf.id(),), (leaf.weight(),)
            leaf.next()
        return
    while leaf.is_active():
        leaf._read_ids()
        leaf._read_weights()
        yield leaf._ids, leaf._weights
        leaf._next_block()


class Readings:
    """The open readings of one index that no thread is using now.

    A search borrows one (searchers are not shared between threads) and gives it back, so a
    process keeps as many as it ever ran searches at once, each with its postings, instead of
    one per thread that ever searched; a reading of an older version of the index is closed
    when it is next seen, and the rest by `close()` (or each when it is collected).
    """

    def __init__(self, keep: int = 8) -> None:
        self.keep = keep  # idle readings beyond this are closed
        self._idle: list[Reading] = []
        self._lock = threading.Lock()

    def take(self, version: tuple | None) -> Reading | None:
        """An idle reading of `version` (the index on disk now), or None."""
        stale = []
        with self._lock:
            while self._idle:
                reading = self._idle.pop()
                if reading.version == version:
                    break
                stale.append(reading)
            else:
                reading = None
        _close(stale)
        return reading

    def give_back(self, reading: Reading) -> None:
        with self._lock:
            if len(self._idle) < self.keep:
                self._idle.append(reading)
                return
        _close([reading])

    def discard(self, reading: Reading) -> None:
        """Close a reading that failed: its files may have gone."""
        _close([reading])

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        _close(idle)


def _close(readings: list[Reading]) -> None:
    for reading in readings:
        reading.close()  # a finalizer: the first call closes, any later one does nothing


def _close_searcher(searcher) -> None:
    with contextlib.suppress(OSError, ValueError):  # its files went with the index
        searcher.close()


def _adjacent(positions: list[list[int]]) -> bool:
    """Whether the words, in order, stand at consecutive positions somewhere."""
    starts = set(positions[0])
    for offset, later in enumerate(positions[1:], 1):
        starts &= {position - offset for position in later}
    return bool(starts)


def _intersection(parts: list[dict[int, float]]) -> dict[int, float]:
    if not parts:
        return {}
    smallest, *others = sorted(parts, key=len)
    common = smallest.keys()
    for other in others:
        common = common & other.keys()
    common = list(common)
    totals = map(smallest.__getitem__, common)
    for other in others:
        totals = map(add, totals, map(other.__getitem__, common))
    return dict(zip(common, totals, strict=True))


def _union(parts: list[dict[int, float]]) -> dict[int, float]:
    total: dict[int, float] = {}
    for part in parts:
        for doc, score in part.items():
            total[doc] = total.get(doc, 0.0) + score
    return total
