"""The percolator: every saved search filed under its rarest condition, asked about one new
item at a time (see `matching.py` for when and how items are matched).

Each search is filed under one anchor: an exact filter value, a search filter or one of its
words, whichever the fewest items are likely to meet (measured on a sample of the newest
public items, guessed when there are none). An item is checked only against the searches
filed under a key it has, plus the few with no such condition, and each of those is verified
in full: list filters by the kind's `admits` (its `browse` in Python), words by the item's
search document.

What a query means to an alert: every word of it appears in the item's search document
(title, summary, body, tags, people), both stemmed by the analyzer the Whoosh index uses;
quotes, AND/OR/NOT and the like are reduced to their words (AND, OR and NOT are common words
the analyzer drops, as the index does), and `strat*` matches any word starting "strat".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..extensions import db
from ..kinds import KINDS, Kind, kind_named
from ..search.bounds import bound_query
from ..search.whoosh_backend import FILTER_FIELDS, STEMMER
from .models import PAGE_ONLY, SavedSearch

Key = tuple  # ("f", filter, value) list filter · ("d", filter, value) search filter ·
# ("w", stem) a word · ("p", first two letters) a prefix word


# Words -------------------------------------------------------------------------------


def stems(text: str) -> set[str]:
    """The words of `text` as the index holds them: lower case, stemmed, common words out."""
    return {token.text for token in STEMMER(text)}


def query_terms(query: str) -> tuple[Key, ...]:
    """A query's words as alert terms: ("w", stem) for a word, ("p", prefix) for `word*`."""
    text = bound_query(query).text.replace('"', " ")
    prefixes = [word[:-1].lower() for word in text.split() if word.endswith("*")]
    plain = " ".join(word for word in text.split() if not word.endswith("*"))
    terms = [("w", stem) for stem in sorted(stems(plain))]
    return tuple(dict.fromkeys([*terms, *(("p", prefix) for prefix in prefixes if prefix)]))


def document_words(kind: Kind, item: Any) -> tuple[set[str], dict[str, set[str]]]:
    """The stems of an item's search document, and its search filters' values."""
    document = kind.search_document(item)
    text = " ".join(
        (document.title, document.summary, document.body, " ".join(document.tags),
         document.people)
    )  # fmt: skip
    filters = {}
    for name, value in document.filters.items():
        values = value if isinstance(value, list | tuple | set) else [value]
        filters[name] = {str(each) for each in values if each}
    return stems(text), filters


# How likely an item is to meet a condition, roughly: anchors go where it is least likely.
TAG_ODDS = 1 / 20
WORD_ODDS = 1 / 200
PREFIX_ODDS = 1 / 20
SAMPLE = 200  # the newest public items of a kind, to measure how often a condition holds
SAMPLE_DOCUMENTS = 40  # …and how often a word does (a document costs more to read)


@dataclass
class Stored:
    """A saved search as matching reads it."""

    id: int
    kind: str | None
    # The filters: a list's, or a search's (those search narrows by, and, for a kind's list
    # saved with words, any other filter of that list, e.g. a salary minimum).
    chosen: dict[str, Any]
    terms: tuple[Key, ...]  # a search's words; () for a list
    created_at: datetime

    @property
    def is_search(self) -> bool:
        return bool(self.terms)

    @property
    def search_filters(self) -> dict[str, Any]:
        """The filters the search index holds for each item (narrowing a search)."""
        return {name: value for name, value in self.chosen.items() if name in FILTER_FIELDS}

    @property
    def list_filters(self) -> dict[str, Any]:
        """A search's filters the index does not hold: checked by the kind's `admits`."""
        return {name: value for name, value in self.chosen.items() if name not in FILTER_FIELDS}


@dataclass
class Shelf:
    """The saved searches of one kind (or of every kind, for searches without one)."""

    anchored: dict[Key, list[Stored]] = field(default_factory=dict)
    unanchored: list[Stored] = field(default_factory=list)
    # The list filter values some search is anchored on: an item is asked about these only.
    probes: dict[str, set[Any]] = field(default_factory=dict)


def anchor(search: Stored, kind: Kind | None, odds: dict[Key, float] | None = None) -> Key | None:
    """The condition of `search` the fewest items are likely to meet, or None.

    `odds` are measured on a sample of the board's items (`measured_odds`); a condition not
    measured is guessed: one value of a vocabulary of n as 1/n, a word by its length.
    """
    odds = odds or {}
    options: list[tuple[float, Key]] = []
    if search.is_search:
        specs = _specs(kind)
        for name, value in search.search_filters.items():
            vocabulary = specs.get(name)
            options.append((1 / max(len(vocabulary or ()), 2), ("d", name, value)))
        for term in search.terms:
            if term[0] == "w":
                # Measured in the kind's documents; unmeasured, a longer word is a rarer one.
                guess = WORD_ODDS / max(len(term[1]), 1)
                options.append((odds.get(("w", term[1], search.kind), guess), term))
            else:
                options.append((PREFIX_ODDS, ("p", term[1][:2])))
    else:
        for key in list_keys(search, kind):
            spec_odds = (
                TAG_ODDS if key[1] in _tag_filters(kind) else 1 / _vocabulary_size(kind, key[1])
            )
            options.append((odds.get(key, spec_odds), key))
    return min(options)[1] if options else None


def list_keys(search: Stored, kind: Kind | None) -> list[Key]:
    """The exact conditions of a list search an item can be filed by: its choice and tag
    filters (a flag or an amount holds for too many items to be worth it)."""
    if kind is None or kind.api is None or kind.api.admits is None or search.is_search:
        return []
    return [
        ("f", spec.name, search.chosen[spec.name])
        for spec in kind.api.filters
        if spec.name in search.chosen and spec.type in {"choice", "tag"}
    ]


def _tag_filters(kind: Kind | None) -> set[str]:
    return {spec.name for spec in kind.api.filters if spec.type == "tag"} if kind else set()


def _vocabulary_size(kind: Kind | None, name: str) -> int:
    spec = next((each for each in kind.api.filters if each.name == name), None) if kind else None
    return max(len(spec.vocabulary) if spec else 0, 2)


def measured_odds(session: Session, searches: list[Stored]) -> dict[Key, float]:
    """How often each list condition of `searches` holds among the newest public items of
    its kind (a sample of SAMPLE), so that each search is filed by its rarest condition."""
    wanted: dict[str, set[Key]] = {}
    for search in searches:
        kind = kind_named(search.kind) if search.kind else None
        wanted.setdefault(search.kind or "", set()).update(list_keys(search, kind))
    odds = _word_odds(session, searches)
    for kind_name, keys in wanted.items():
        kind = kind_named(kind_name)
        if kind is None or not keys:
            continue
        sample = session.scalars(kind.public_items().limit(SAMPLE)).unique().all()
        if not sample:
            continue
        for key in keys:
            held = sum(1 for item in sample if kind.api.admits(item, {key[1]: key[2]}))
            odds[key] = (held + 1) / (len(sample) + 2)
    return odds


def _specs(kind: Kind | None) -> dict[str, Any]:
    """The vocabulary of each search filter, for guessing how selective a value is."""
    kinds = [kind] if kind is not None else list(KINDS.values())
    found: dict[str, Any] = {}
    for each in kinds:
        for spec in each.api.filters if each.api else ():
            found.setdefault(spec.name, spec.vocabulary)
    return found


class Percolator:
    """Every active saved search, filed by anchor, ready to be asked about one item at a time."""

    def __init__(self, searches: Iterable[Stored], odds: dict[Key, float] | None = None) -> None:
        self.shelves: dict[str | None, Shelf] = {}
        for search in searches:
            kind = kind_named(search.kind) if search.kind else None
            if search.kind and kind is None:
                continue  # a kind no longer on the board
            shelf = self.shelves.setdefault(search.kind, Shelf())
            key = anchor(search, kind, odds)
            if key is None:
                shelf.unanchored.append(search)
            else:
                shelf.anchored.setdefault(key, []).append(search)
                if key[0] == "f":
                    shelf.probes.setdefault(key[1], set()).add(key[2])

    def __len__(self) -> int:
        return sum(
            len(shelf.unanchored) + sum(map(len, shelf.anchored.values()))
            for shelf in self.shelves.values()
        )

    def matches(self, kind: Kind, item: Any, queued_at: datetime) -> list[int]:
        """The ids of the saved searches `item` (public now) matches, among those saved by
        `queued_at`."""
        candidates = ItemView(kind, item)
        found = []
        for shelf in (self.shelves.get(kind.name), self.shelves.get(None)):
            if shelf is None:
                continue
            for search in candidates.of(shelf):
                if search.created_at <= queued_at and candidates.verify(search):
                    found.append(search.id)
        return found


class ItemView:
    """One item as the percolator asks about it: its keys, its words, its filters."""

    def __init__(self, kind: Kind, item: Any) -> None:
        self.kind = kind
        self.item = item
        self.searchable = kind.search_document is not None and kind.searchable(item)
        self._words: tuple[set[str], dict[str, set[str]]] | None = None

    @property
    def words(self) -> set[str]:
        return self._document()[0]

    @property
    def search_filters(self) -> dict[str, set[str]]:
        return self._document()[1]

    def _document(self) -> tuple[set[str], dict[str, set[str]]]:
        if self._words is None:
            self._words = document_words(self.kind, self.item) if self.searchable else (set(), {})
        return self._words

    def keys(self, shelf: Shelf) -> set[Key]:
        """The anchors of `shelf` this item has."""
        keys: set[Key] = set()
        admits = self.kind.api.admits if self.kind.api else None
        if admits is not None:
            for name, values in shelf.probes.items():
                keys.update(
                    ("f", name, value) for value in values if admits(self.item, {name: value})
                )
        if self.searchable:
            keys.update(("w", stem) for stem in self.words)
            keys.update(("p", stem[:2]) for stem in self.words)
            for name, values in self.search_filters.items():
                keys.update(("d", name, value) for value in values)
        return keys

    def of(self, shelf: Shelf) -> Iterable[Stored]:
        """The searches of `shelf` worth verifying: those anchored on a key the item has."""
        seen: set[int] = set()
        for key in self.keys(shelf):
            for search in shelf.anchored.get(key, ()):
                if search.id not in seen:
                    seen.add(search.id)
                    yield search
        yield from shelf.unanchored

    def verify(self, search: Stored) -> bool:
        """Whether the item meets every condition of `search`."""
        if search.kind is not None and search.kind != self.kind.name:
            return False
        if search.is_search:
            extra = search.list_filters
            return self._meets_search(search) and (not extra or self._passes_filters(extra))
        return self._passes_filters(search.chosen)

    def _meets_search(self, search: Stored) -> bool:
        if not self.searchable:
            return False
        for name, value in search.search_filters.items():
            if value not in self.search_filters.get(name, ()):
                return False
        words = self.words
        for sort, text in search.terms:
            if sort == "w" and text not in words:
                return False
            if sort == "p" and not any(word.startswith(text) for word in words):
                return False
        return True

    def _passes_filters(self, chosen: dict[str, Any]) -> bool:
        api = self.kind.api
        if api is None:
            return False
        if api.admits is not None:
            return api.admits(self.item, chosen)
        # A kind without `admits`: its own list query, for this one item.
        model = self.kind.model
        session = object_session(self.item) or db.session
        return session.scalar(api.browse(chosen).with_only_columns(model.id).where(
            model.id == self.item.id).limit(1)) is not None  # fmt: skip


def stored(search: SavedSearch) -> Stored:
    """A saved search as matching reads it."""
    chosen = {name: value for name, value in search.chosen.items() if name not in PAGE_ONLY}
    if search.query and KINDS.get(search.kind or "") is None:  # across kinds: search's only
        chosen = {name: value for name, value in chosen.items() if name in FILTER_FIELDS}
    terms = query_terms(search.query) if search.query else ()
    return Stored(search.id, search.kind, chosen, terms, search.created_at)


def _word_odds(session: Session, searches: list[Stored]) -> dict[Key, float]:
    """How often each word of the searches appears in a sample of the newest public items'
    documents: ("w", stem, kind name or None for every kind) → odds."""
    words = {term[1] for search in searches for term in search.terms if term[0] == "w"}
    if not words:
        return {}
    counts: dict[str | None, dict[str, int]] = {None: dict.fromkeys(words, 0)}
    sizes: dict[str | None, int] = {None: 0}
    for name, kind in KINDS.items():
        if kind.search_document is None:
            continue
        sample = session.scalars(kind.public_items().limit(SAMPLE_DOCUMENTS)).unique().all()
        counts[name], sizes[name] = dict.fromkeys(words, 0), len(sample)
        sizes[None] += len(sample)
        for item in sample:
            for word in document_words(kind, item)[0] & words:
                counts[name][word] += 1
                counts[None][word] += 1
    return {
        ("w", word, name): (held + 1) / (sizes[name] + 2)
        for name, held_by_word in counts.items()
        if sizes[name]
        for word, held in held_by_word.items()
    }


def load_percolator(session: Session) -> Percolator:
    """Every saved search that is not paused, filed for matching by its rarest condition."""
    searches = [
        each
        for each in map(
            stored, session.scalars(select(SavedSearch).where(SavedSearch.paused.is_(False)))
        )
        if each.is_search or each.kind is not None
    ]
    return Percolator(searches, measured_odds(session, searches))
