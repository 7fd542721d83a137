"""The embedded search backend: a Whoosh index in the instance folder."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh import highlight, index, sorting
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.index import LockError
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, plugins
from whoosh.query import And, Term

from .documents import SearchDocument

FILTER_FIELDS = ("seniority", "function", "workplace", "country", "from_function", "to_function")
FIELD_BOOSTS = {"title": 3.0, "tags": 2.5, "people": 1.5, "summary": 1.2, "body": 1.0}
MAX_QUERY_LENGTH = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _schema() -> Schema:
    stem = StemmingAnalyzer()
    filters = {name: ID(stored=False) for name in FILTER_FIELDS}
    return Schema(
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=stem, stored=True, field_boost=FIELD_BOOSTS["title"]),
        summary=TEXT(analyzer=stem, stored=True),
        body=TEXT(analyzer=stem),
        tags=KEYWORD(commas=True, lowercase=True, scorable=True),
        people=TEXT(analyzer=stem),
        # Unstemmed words for "Did you mean": a stemmed field would suggest stems.
        spell=TEXT(analyzer=StandardAnalyzer(), spelling=True),
        **filters,
    )


class MarkFormatter(highlight.Formatter):
    """Highlights: member text escaped first, then the matched words wrapped in <mark>."""

    between = " … "

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


@dataclass
class Hit:
    """One result: which item, and its highlighted title and snippet (safe HTML)."""

    kind: str
    item_id: int
    title: Markup
    snippet: Markup


@dataclass
class Results:
    """A page of results, the counts per kind, and a suggestion when results are few."""

    hits: list[Hit]
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    suggestion: str | None = None


def clean_query(text: str) -> str:
    """Any string becomes a query: control characters gone, length bounded."""
    return " ".join(CONTROL.sub(" ", text or "").split())[:MAX_QUERY_LENGTH]


SCHEMA = _schema()


def _parser(group) -> MultifieldParser:
    parser = MultifieldParser(list(FIELD_BOOSTS), SCHEMA, fieldboosts=FIELD_BOOSTS, group=group)
    # Members type words, not syntax: "field:" prefixes and other operators stay text.
    for plugin in (plugins.FieldsPlugin, plugins.BoostPlugin, plugins.RangePlugin,
                   plugins.GroupPlugin, plugins.OperatorsPlugin):  # fmt: skip
        parser.remove_plugin_class(plugin)
    return parser


PARSERS = {"all": _parser(AndGroup), "any": _parser(OrGroup)}


class WhooshBackend:
    """Index and search with Whoosh."""

    name = "whoosh"

    def __init__(self, path: str, *, lock_timeout: float = 2.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self._local = threading.local()  # searchers are not shared between threads

    def _current_searcher(self):
        """This thread's searcher, refreshed when the index changed (cheap when it did not)."""
        searcher = getattr(self._local, "searcher", None)
        # An empty index's searcher cannot be refreshed: open a new one then.
        reusable = searcher is not None and searcher.doc_count_all() > 0
        try:
            searcher = searcher.refresh() if reusable else self._index().searcher()
        except (OSError, index.EmptyIndexError):  # the index was deleted or rebuilt
            searcher = self._index().searcher()
        self._local.searcher = searcher
        return searcher

    def _index(self):
        if index.exists_in(self.path):
            return index.open_dir(self.path)
        os.makedirs(self.path, exist_ok=True)
        try:
            return index.create_in(self.path, SCHEMA)
        except LockError:  # another worker is creating it right now
            return index.open_dir(self.path)

    @staticmethod
    def _fields(document: SearchDocument) -> dict:
        values = {
            "key": document.key,
            "kind": document.kind,
            "title": document.title,
            "summary": document.summary,
            "body": document.body,
            "tags": ",".join(document.tags),
            "people": document.people,
            "spell": f"{document.title} {' '.join(document.tags)} {document.people}",
        }
        values.update({k: v for k, v in document.filters.items() if k in FILTER_FIELDS and v})
        return values

    def apply(self, put: Iterable[SearchDocument], delete: Iterable[str]) -> None:
        """Add or replace `put`, remove the keys in `delete`, in one commit.

        Waits up to the lock timeout for another writer; raises LockError after that.
        """
        writer = self._index().writer(timeout=self.lock_timeout)
        try:
            for key in delete:
                writer.delete_by_term("key", key)
            for document in put:
                writer.update_document(**self._fields(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None]) -> int:
        """Replace the whole index with `documents`."""
        os.makedirs(self.path, exist_ok=True)
        fresh = index.create_in(self.path, SCHEMA)
        writer = fresh.writer(timeout=self.lock_timeout, limitmb=128)
        count = 0
        for document in documents:
            writer.add_document(**self._fields(document))
            count += 1
            progress(count)
        writer.commit()
        return count

    def count(self) -> dict[str, int]:
        """Documents per kind."""
        with self._index().searcher() as searcher:
            counts: dict[str, int] = {}
            for fields in searcher.all_stored_fields():
                counts[fields["kind"]] = counts.get(fields["kind"], 0) + 1
            return counts

    def _parse(self, text: str, group):
        parser = MultifieldParser(
            list(FIELD_BOOSTS), _schema(), fieldboosts=FIELD_BOOSTS, group=group
        )
        # Members type words, not syntax: "field:" prefixes and other operators stay text.
        for plugin in (plugins.FieldsPlugin, plugins.BoostPlugin, plugins.RangePlugin,
                       plugins.GroupPlugin, plugins.OperatorsPlugin):  # fmt: skip
            parser.remove_plugin_class(plugin)
        return parser.parse(text)

    def search(
        self, text: str, *, kind: str | None = None, filters: dict[str, str] | None = None,
        page: int = 1, per_page: int = 20,
    ) -> Results:  # fmt: skip
        """The best matches first, AND of the words, OR when AND finds nothing."""
        text = clean_query(text)
        if not text:
            return Results([], 0)
        searcher = self._current_searcher()
        filtered = [Term(name, value) for name, value in (filters or {}).items() if value]
        for mode in ("all", "any"):  # every word; when nothing matches, any word
            query = (
                And([PARSERS[mode].parse(text), *filtered])
                if filtered
                else PARSERS[mode].parse(text)
            )
            # One search gives the counts per kind and, without a kind, the page itself.
            grouped = searcher.search_page(
                query, page, pagelen=per_page, groupedby=sorting.FieldFacet("kind")
            )
            counts = {name: len(numbers) for name, numbers in grouped.results.groups().items()}
            if counts:
                break
        results = grouped
        if kind:
            results = searcher.search_page(And([query, Term("kind", kind)]), page, pagelen=per_page)
        results.results.formatter = MarkFormatter()
        results.results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=70)
        hits = [self._hit(hit) for hit in results]
        total = results.total
        suggestion = self._suggest(searcher, text) if total < 3 else None
        return Results(hits, total, counts, suggestion)

    @staticmethod
    def _hit(hit) -> Hit:
        kind, _, item_id = hit["key"].partition(":")
        title = hit.highlights("title", minscore=0) or str(escape(hit["title"]))
        snippet = hit.highlights("summary", top=2) or str(escape(hit["summary"][:220]))
        return Hit(kind, int(item_id), Markup(title), Markup(snippet))  # noqa: S704  # nosec B704

    @staticmethod
    def _suggest(searcher, text: str) -> str | None:
        corrector = searcher.corrector("spell")
        words = re.findall(r"\w+", text.lower())
        fixed = [(corrector.suggest(word, limit=1) or [word])[0] for word in words]
        suggestion = " ".join(fixed)
        return suggestion if fixed != words else None
