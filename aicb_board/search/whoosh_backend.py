"""The embedded search backend: a Whoosh index in the instance folder."""

from __future__ import annotations

import contextlib
import os
import pickle  # nosec B403
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh import highlight, index
from whoosh.analysis import STOP_WORDS, Analyzer, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.qparser import AndGroup, OrGroup, QueryParser, plugins
from whoosh.query import And, Prefix, Term
from whoosh.writing import NO_MERGE

from . import SearchUnavailable
from .bounds import bound_query
from .documents import SearchDocument
from .whoosh_reading import Reading, Readings

FILTER_FIELDS = ("seniority", "function", "workplace", "country", "from_function", "to_function")
# How much a word weighs by where it stands: titles and tags above bodies.
SECTION_BOOSTS = {"title": 3.0, "tags": 2.5, "people": 1.5, "summary": 1.2, "body": 1.0}
SECTION_BREAK = "\x1e"
SECTION_GAP = 100  # positions between sections, so that no phrase spans two of them
REBUILD_NEEDED = "REBUILD_NEEDED"  # a file in the index folder
SEGMENT_DOCUMENTS = 10_000  # per segment and process in a rebuild: ~2 million postings
SEGMENT_MEMORY_MB = 512  # what one such segment's postings take to sort, by Whoosh's estimate
TOC_FILE = re.compile(r"_MAIN_(\d+)\.toc")  # Whoosh's table of contents, one per generation
SUGGESTED_WORDS = 4  # "Did you mean" corrects the first few words: each costs a dictionary walk
# What reading a damaged or half-deleted index raises (pickle: only for its error's name).
UNREADABLE = (OSError, EOFError, ValueError, KeyError, struct.error, zlib.error,
              pickle.UnpicklingError, index.IndexError)  # fmt: skip


class SectionAnalyzer(Analyzer):
    """The words of a document's sections, stemmed, each weighted by its section.

    All of a document's text goes into one field, so that a query word is one posting list
    to read rather than one per section; the weights make a word score as a title or a body
    word all the same (BM25F). Positions leave a gap between sections, so that no phrase
    spans two. Text without section breaks, such as a query, weighs 1.
    """

    def __init__(self, boosts: tuple[float, ...] = tuple(SECTION_BOOSTS.values())) -> None:
        self.boosts = boosts
        self.words = StemmingAnalyzer()

    def __call__(self, value: str, positions: bool = False, start_pos: int = 0,
                 start_char: int = 0, **kwargs):  # fmt: skip
        sections = value.split(SECTION_BREAK)
        boosts = self.boosts if len(sections) > 1 else (1.0,)
        position, offset = start_pos, start_char
        for section, boost in zip(sections, boosts, strict=True):
            for token in self.words(section, positions=positions, start_pos=position,
                                    start_char=offset, **kwargs):  # fmt: skip
                token.boost = boost
                if positions:
                    position = token.pos + 1
                yield token
            position += SECTION_GAP
            offset += len(section) + len(SECTION_BREAK)


STEMMER = StemmingAnalyzer()  # the words of one section, as the weighted field holds them


def _schema() -> Schema:
    filters = {name: ID(stored=False) for name in FILTER_FIELDS}
    return Schema(
        key=ID(unique=True, stored=True),
        kind=ID(stored=True),
        title=STORED(),
        summary=STORED(),
        # Every word once per document with its weight, for matching and scoring…
        text=TEXT(analyzer=SectionAnalyzer(), phrase=False),
        # …and with its positions, read only to check a phrase in quotes.
        phrases=TEXT(analyzer=SectionAnalyzer(), phrase=True),
        # Unstemmed words for "Did you mean": a stemmed field would suggest stems.
        spell=TEXT(analyzer=StandardAnalyzer(), phrase=False, spelling=True),
        **filters,
    )


def spelling_text(document: SearchDocument) -> str:
    """The words "Did you mean" may suggest: all of a document's, each once (only which words
    the board holds, and in how many documents, matters)."""
    text = " ".join(
        (document.title, " ".join(document.tags), document.people, document.summary,
         document.body)
    )  # fmt: skip
    return " ".join(dict.fromkeys(re.findall(r"\w+", text.lower())))


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
    incomplete: bool = False  # the index was lost and started again: run `search reindex`
    capped: frozenset[str] = frozenset()  # kinds with more matches than their count says


SCHEMA = _schema()


def _parser(group) -> QueryParser:
    parser = QueryParser("text", SCHEMA, group=group)
    # Members type words, not syntax: "field:" prefixes and other operators stay text.
    for plugin in (plugins.FieldsPlugin, plugins.BoostPlugin, plugins.RangePlugin,
                   plugins.GroupPlugin, plugins.OperatorsPlugin):  # fmt: skip
        parser.remove_plugin_class(plugin)
    return parser


PARSERS = {"all": _parser(AndGroup), "any": _parser(OrGroup)}


class WhooshBackend:
    """Index and search with Whoosh."""

    name = "whoosh"

    def __init__(self, path: str, *, lock_timeout: float = 2.0, rebuild_processes: int = 1) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.rebuild_processes = rebuild_processes  # a rebuild analyses documents in these
        self._readings = Readings()  # each closes its files when collected, if not before

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Reading]:
        """A reading of the index as it is on disk now, for this thread alone while it reads.

        Never `Searcher.refresh()`: it reuses the readers of unchanged segments and so
        misses documents deleted from them since. A reading that failed is closed, not kept.
        """
        try:
            version = self._version()
        except OSError:  # no index on disk (any more): open, or start, one below
            version = None
        reading = self._readings.take(version)
        if reading is None:
            opened = self._index()
            version = self._version()  # before the searcher: a later change then reopens it
            reading = Reading(opened.searcher(), version)
        try:
            yield reading
        except BaseException:
            self._readings.discard(reading)
            raise
        self._readings.give_back(reading)

    def close(self) -> None:
        """Close the readings kept open (the backend's files), as when it is collected."""
        self._readings.close()

    def _version(self) -> tuple[int, int, int]:
        """Which index is on disk: its newest table of contents' generation and file identity
        (an index deleted and started again counts its generations from the start again).
        Read from the folder alone, so that an unchanged index costs one listing per search."""
        generations = [
            int(found.group(1)) for found in map(TOC_FILE.fullmatch, os.listdir(self.path))
            if found
        ]  # fmt: skip
        if not generations:
            raise FileNotFoundError(self.path)
        latest = max(generations)
        toc = os.stat(os.path.join(self.path, f"_MAIN_{latest}.toc"))
        return latest, toc.st_ino, toc.st_ctime_ns

    def outdated(self) -> bool:
        """Whether the index on disk was built with other fields than this version's."""
        if not index.exists_in(self.path):
            return False
        return set(index.open_dir(self.path).schema.names()) != set(SCHEMA.names())

    def incomplete(self) -> bool:
        """Whether the index was started afresh by a write rather than rebuilt from the
        database (it was deleted, or never built): it may miss published items."""
        return os.path.exists(os.path.join(self.path, REBUILD_NEEDED))

    def needs_rebuild(self) -> bool:
        """Outdated, incomplete or missing: `search reindex` should run."""
        return self.outdated() or self.incomplete() or not index.exists_in(self.path)

    def _index(self):
        if index.exists_in(self.path):
            opened = index.open_dir(self.path)
            if set(opened.schema.names()) != set(SCHEMA.names()):
                raise SearchUnavailable(
                    "The search index was built by an older version: run `flask search reindex`."
                )
            return opened
        os.makedirs(self.path, exist_ok=True)
        try:
            created = index.create_in(self.path, SCHEMA)
        except (LockError, NameError):  # another worker is creating it right now, or just did
            return index.open_dir(self.path)  # (Whoosh: NameError "File '_MAIN_0.toc' exists")
        # Only a rebuild holds everything published; until then, say the index may not.
        with open(os.path.join(self.path, REBUILD_NEEDED), "w") as marker:
            marker.write("Started by a write, not rebuilt: run `flask search reindex`.\n")
        return created

    @staticmethod
    def _fields(document: SearchDocument) -> dict:
        sections = {
            "title": document.title,
            "tags": " ".join(document.tags),
            "people": document.people,
            "summary": document.summary,
            "body": document.body,
        }
        text = SECTION_BREAK.join(
            sections[name].replace(SECTION_BREAK, " ") for name in SECTION_BOOSTS
        )
        values = {
            "key": document.key,
            "kind": document.kind,
            "title": document.title,
            "summary": document.summary,
            "text": text,
            "phrases": text,
            "spell": spelling_text(document),
        }
        values.update({k: v for k, v in document.filters.items() if k in FILTER_FIELDS and v})
        return values

    def apply(self, put: Iterable[SearchDocument], delete: Iterable[str]) -> None:
        """Add or replace `put`, remove the keys in `delete`, in one commit.

        Waits up to the lock timeout for another writer; raises LockError after that.
        """
        writer = self._index().writer(timeout=self.lock_timeout, compound=False)
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
        """Replace the whole index with `documents`, analysed in `rebuild_processes` processes,
        `SEGMENT_DOCUMENTS` to a segment (searchable as each batch is written)."""
        os.makedirs(self.path, exist_ok=True)
        fresh = index.create_in(self.path, SCHEMA)
        batch: list[SearchDocument] = []
        count = 0
        for document in documents:
            batch.append(document)
            count += 1
            progress(count)
            if len(batch) == SEGMENT_DOCUMENTS * self.rebuild_processes:
                self._add_segments(fresh, batch)
                batch = []
        self._add_segments(fresh, batch)
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(self.path, REBUILD_NEEDED))
        return count

    def _add_segments(self, opened, documents: list[SearchDocument]) -> None:
        """`documents` as new segments, one per process, merging none.

        A segment's postings are sorted in memory only while they stay under the writer's
        `limitmb`; past it, Whoosh pickles every posting to disk and merges them back, which
        took half of a rebuild's time. A segment of 10,000 documents stays under it.
        """
        parallel = {"procs": self.rebuild_processes, "multisegment": True}
        # Between two batches a publish may write: wait for it rather than give up the rebuild.
        writer = opened.writer(timeout=max(self.lock_timeout, 60), limitmb=SEGMENT_MEMORY_MB,
                               compound=False,
                               **(parallel if self.rebuild_processes > 1 else {}))  # fmt: skip
        for document in documents:
            writer.add_document(**self._fields(document))
        writer.commit(mergetype=NO_MERGE)

    def count(self) -> dict[str, int]:
        """Documents per kind."""
        with self._index().searcher() as searcher:
            counts: dict[str, int] = {}
            for fields in searcher.all_stored_fields():
                counts[fields["kind"]] = counts.get(fields["kind"], 0) + 1
            return counts

    def search(
        self, text: str, *, kind: str | None = None, filters: dict[str, str] | None = None,
        page: int = 1, per_page: int = 20, any_word: bool = False,
    ) -> Results:  # fmt: skip
        """The best matches first, AND of the words, OR when AND finds nothing (`any_word`:
        OR at once, and no "Did you mean": how similar items are found)."""
        text = bound_query(text).text
        if not text:
            return Results([], 0)
        try:
            results = self._search(text, kind, filters or {}, page, per_page, any_word)
        except UNREADABLE:
            # Files that went away under this reading (the index deleted or rebuilt while it
            # read): read once more, from what is on disk now.
            try:
                results = self._search(text, kind, filters or {}, page, per_page, any_word)
            except UNREADABLE as error:
                raise SearchUnavailable(f"The search index cannot be read: {error!r}") from error
        results.incomplete = self.incomplete()
        return results

    def _search(self, text: str, kind: str | None, filters: dict[str, str], page: int,
                per_page: int, any_word: bool) -> Results:  # fmt: skip
        with self._reading() as reading:
            return self._search_in(reading, text, kind, filters, page, per_page, any_word)

    def _search_in(self, reading: Reading, text: str, kind: str | None, filters: dict[str, str],
                   page: int, per_page: int, any_word: bool) -> Results:  # fmt: skip
        narrowing = [Term(name, value) for name, value in filters.items() if value]
        modes = ("any",) if any_word else ("all", "any")
        for mode in modes:  # every word; when nothing matches, any word
            query = PARSERS[mode].parse(text)
            matched = reading.scores(And([query, *narrowing]).normalize())
            if matched:
                break
        counts = {}
        for name in reading.searcher.reader().field_terms("kind"):
            found = len(matched.keys() & reading.documents("kind", name).keys())
            if found:
                counts[name] = found
        if kind:
            of_kind = reading.documents("kind", kind)
            matched = {doc: score for doc, score in matched.items() if doc in of_kind}
        first = (page - 1) * per_page
        shown = reading.best(matched, first + per_page)[first:]
        terms = reading.terms(query) if shown else frozenset()
        hits = [self._hit(reading.searcher.stored_fields(doc), terms) for doc in shown]
        total = len(matched)
        found_by_all = total if mode == "all" else 0
        suggestion = (
            None if any_word else self._suggest(reading, text, narrowing, kind, found_by_all)
        )
        return Results(hits, total, counts, suggestion)

    def expansion(self, prefix: str) -> list[str]:
        """The indexed words a search for `prefix*` reads (bounded: see whoosh_reading)."""
        query = PARSERS["all"].parse(bound_query(f"{prefix}*").text)
        if not isinstance(query, Prefix):
            return []
        with self._reading() as reading:
            return reading.expansion(query.fieldname, query.text)

    @staticmethod
    def _hit(stored: dict, terms: frozenset[str]) -> Hit:
        kind, _, item_id = stored["key"].partition(":")
        title = _highlight(stored["title"], terms, whole=True)
        snippet = _highlight(stored["summary"], terms) or str(escape(stored["summary"][:220]))
        return Hit(kind, int(item_id), Markup(title), Markup(snippet))  # noqa: S704  # nosec B704

    @staticmethod
    def _suggest(reading: Reading, text: str, narrowing: list[Term], kind: str | None,
                 found: int) -> str | None:  # fmt: skip
        """The query with its unknown words corrected, if that finds more than the query
        found with all its words (`found`); a word the board holds is never corrected."""
        words = re.findall(r"\w+", text.lower())
        corrector = reading.searcher.corrector("spell")
        # Words of three letters or more only, keeping their first letter, as on PostgreSQL;
        # one edit for short words: a short word two edits away from thousands costs the most.
        # Among the words within reach, Whoosh prefers the most frequent.
        fixed = [
            (
                corrector.suggest(word, limit=1, prefix=1, maxdist=1 if len(word) < 5 else 2)
                or [word]
            )[0]
            if len(word) > 2
            and number < SUGGESTED_WORDS
            and word not in STOP_WORDS
            and ("spell", word) not in reading.reader
            else word
            for number, word in enumerate(words)
        ]
        if fixed == words:
            return None
        suggestion = " ".join(fixed)
        corrected = reading.scores(And([PARSERS["all"].parse(suggestion), *narrowing]).normalize())
        if kind:
            corrected = corrected.keys() & reading.documents("kind", kind).keys()
        return suggestion if len(corrected) > found else None


def _highlight(text: str, terms: frozenset[str], *, whole: bool = False) -> str:
    """`text` escaped, with the words of `terms` in <mark>; the whole text or its best parts."""
    fragmenter = (
        highlight.WholeFragmenter()
        if whole
        else highlight.ContextFragmenter(maxchars=220, surround=70)
    )
    marked = highlight.highlight(
        text, terms, STEMMER, fragmenter, MarkFormatter(), top=1 if whole else 2,
        minscore=0 if whole else 1,
    )  # fmt: skip
    return marked or (str(escape(text)) if whole else "")
