"""The PostgreSQL full-text backend: one table of documents, a weighted tsvector, GIN.

For deployments on several app servers, where a Whoosh index per machine would diverge.
The table is created by an Alembic revision on PostgreSQL only and read with plain SQL.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape
from sqlalchemy import text

from ..extensions import db
from ..kinds import KINDS
from .bounds import bound_query
from .documents import SearchDocument
from .whoosh_backend import FILTER_FIELDS, STOP_WORDS, SUGGESTED_WORDS, Hit, Results
from .whoosh_reading import MAX_EXPANSION, SCANNED_EXPANSION

# Sentinels around matches: the text is escaped after ts_headline, then they become <mark>.
START, STOP = "\x02", "\x03"
HEADLINE = f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords=30, MinWords=12"
TITLE_HEADLINE = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
WORD = re.compile(r"\w+\*?")
SPELLING_WORD = re.compile(r"[^\W\d_]{3,}")  # words worth suggesting: three letters or more
STEM = "SELECT coalesce((SELECT lexeme FROM unnest(to_tsvector('english', :word)) LIMIT 1), :word)"
# The shortest words first (closest to what was typed) of the first ones in byte order.
EXPANSION = (
    "SELECT lexeme FROM (SELECT lexeme FROM search_lexemes WHERE lexeme LIKE :pattern "
    "ORDER BY lexeme LIMIT :scanned) AS scanned ORDER BY length(lexeme), lexeme LIMIT :limit"
)
# Matches of a kind counted and ranked (its most recently indexed): a broad query's count shows
# "1000+", and its results are the best of those (ranking every match cost 200 ms at 100,000).
COUNTED = 1_000
COLUMNS = ("key", "kind", "item_id", "title", "summary", "body", "tags", "people", *FILTER_FIELDS)


def _marked(headline: str) -> Markup:
    safe = str(escape(headline)).replace(START, "<mark>").replace(STOP, "</mark>")
    return Markup(safe)  # noqa: S704 (escaped, then marked)  # nosec B704


def spelling_words(document: SearchDocument) -> set[str]:
    """The words of a document that "Did you mean" may suggest: all of them."""
    text = " ".join(
        (document.title, " ".join(document.tags), document.people, document.summary,
         document.body)
    )  # fmt: skip
    return set(SPELLING_WORD.findall(text.lower()))


def _filter_text(value: str | list[str] | None) -> str | None:
    """A filter's values as its column holds them: separated by spaces (codes have none)."""
    if isinstance(value, list):
        return " ".join(value) or None
    return value or None


def _narrowing(kind: str | None, filters: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """SQL conditions (and their parameters) for a kind and filters; a filter column holds
    its values separated by spaces, and matches when one of them is the value asked for."""
    where, params = [], {}
    if kind:
        where.append("kind = :kind")
        params["kind"] = kind
    for name, value in filters.items():
        if name in FILTER_FIELDS and value:
            where.append(f":f_{name} = ANY(string_to_array({name}, ' '))")
            params[f"f_{name}"] = value
    return where, params


def searchable_kinds() -> list[str]:
    """The names of the kinds with search documents."""
    return [name for name, kind in KINDS.items() if kind.search_document is not None]


def _kind_params(kinds: list[str]) -> dict[str, str]:
    return {f"kind{number}": name for number, name in enumerate(kinds)}


def _closest_word(connection, word: str) -> str | None:
    """The known word closest to `word`, if one is close enough."""
    candidates = (
        connection.execute(
            text(
                "SELECT word FROM search_words WHERE left(word, 1) = left(:word, 1) "
                "AND length(word) BETWEEN :shortest AND :longest"
            ),
            {"word": word, "shortest": len(word) - 2, "longest": len(word) + 2},
        )
        .scalars()
        .all()
    )
    closest = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return closest[0] if closest else None


def _prefix_terms(query: str) -> list[str]:
    return [word[:-1].lower() for word in WORD.findall(query) if word.endswith("*")]


def _tsquery_text(lexemes: list[str], prefix: str) -> str:
    """tsquery input matching any of `lexemes`; none: the bare prefix, which no document holds
    (else it would be one of its own expansions)."""
    escaped = (word.replace("\\", "\\\\").replace("'", "''") for word in lexemes or [prefix])
    return " | ".join(f"'{word}'" for word in escaped)


class PostgresBackend:
    """Index and search with PostgreSQL full-text search."""

    name = "postgres"

    @staticmethod
    def _row(document: SearchDocument) -> dict:
        row = {
            "key": document.key, "kind": document.kind, "item_id": document.item_id,
            "title": document.title, "summary": document.summary, "body": document.body,
            "tags": " ".join(document.tags), "people": document.people,
        }  # fmt: skip
        row.update({name: _filter_text(document.filters.get(name)) for name in FILTER_FIELDS})
        return row

    def apply(self, put: Iterable[SearchDocument], delete: Iterable[str]) -> None:
        """Add or replace `put`, remove `delete`, in one transaction."""
        columns = ", ".join(COLUMNS)
        values = ", ".join(f":{name}" for name in COLUMNS)
        updates = ", ".join(
            [f"{name} = EXCLUDED.{name}" for name in COLUMNS if name != "key"]
            + ["position = DEFAULT"]  # indexed again: among the newest, as when first published
        )
        put = list(put)
        rows = [self._row(document) for document in put]
        words = sorted(set().union(*map(spelling_words, put)))
        keys = list(delete)
        with db.engine.begin() as connection:
            if keys:
                connection.execute(
                    text("DELETE FROM search_documents WHERE key = ANY(:keys)"), {"keys": keys}
                )
            if rows:
                connection.execute(
                    text(
                        f"INSERT INTO search_documents ({columns}) VALUES ({values}) "  # noqa: S608 (fixed names)  # nosec B608
                        f"ON CONFLICT (key) DO UPDATE SET {updates}"
                    ),
                    rows,
                )
            if rows:  # a word stays expandable once indexed: a stale one matches nothing
                connection.execute(
                    text(
                        "INSERT INTO search_lexemes (lexeme) SELECT DISTINCT "
                        "unnest(tsvector_to_array(document)) FROM search_documents "
                        "WHERE key = ANY(:keys) ON CONFLICT DO NOTHING"
                    ),
                    {"keys": [row["key"] for row in rows]},
                )
            if words:  # a word stays suggestible once seen: a stale one finds nothing, harmlessly
                connection.execute(
                    text(
                        "INSERT INTO search_words (word) SELECT unnest(CAST(:words AS text[])) "
                        "ON CONFLICT DO NOTHING"
                    ),
                    {"words": words},
                )

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None]) -> int:
        """Replace every document."""
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM search_documents"))
            connection.execute(text("DELETE FROM search_words"))
            connection.execute(text("DELETE FROM search_lexemes"))
        count = 0
        batch: list[SearchDocument] = []
        for document in documents:
            batch.append(document)
            count += 1
            progress(count)
            if len(batch) == 500:
                self.apply(batch, [])
                batch = []
        self.apply(batch, [])
        return count

    def outdated(self) -> bool:
        """Never: the table follows the database's migrations."""
        return False

    def needs_rebuild(self) -> bool:
        """Never by itself: the documents live in the same database as the content."""
        return False

    def count(self) -> dict[str, int]:
        """Documents per kind."""
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT kind, count(*) FROM search_documents GROUP BY kind")
            )
            return {kind: total for kind, total in rows}

    def expansion(self, prefix: str, connection=None) -> list[str]:
        """The indexed lexemes a search for `prefix*` reads: at most `MAX_EXPANSION`."""
        if connection is None:
            with db.engine.connect() as own:
                return self.expansion(prefix, own)
        word = re.sub(r"[\W_]", "", prefix.lower())  # nothing LIKE would read as a pattern
        if not word:
            return []
        stem = connection.execute(text(STEM), {"word": word}).scalar_one()
        found = connection.execute(
            text(EXPANSION),
            {"pattern": f"{stem}%", "scanned": SCANNED_EXPANSION, "limit": MAX_EXPANSION},
        )
        return list(found.scalars())

    def _expansions(self, connection, query: str) -> list[str]:
        """Each prefix of the query as tsquery input for the lexemes it stands for."""
        return [
            _tsquery_text(self.expansion(prefix, connection), re.sub(r"[\W_]", "", prefix))
            for prefix in _prefix_terms(query)
        ]

    @staticmethod
    def _tsquery(query: str, any_word: bool, expansions: list[str]) -> tuple[str, dict]:
        """SQL for the query: websearch syntax for words and phrases, plus word* prefixes."""
        plain = re.sub(r"\w+\*", " ", query)
        parts = ["websearch_to_tsquery('english', :plain)"]
        params: dict = {"plain": plain}
        for number, expanded in enumerate(expansions):
            parts.append(f"CAST(:prefix{number} AS tsquery)")
            params[f"prefix{number}"] = expanded
        joined = (" || " if any_word else " && ").join(parts)
        if any_word:  # OR between every word
            joined = f"replace(({joined})::text, '&', '|')::tsquery"
        return joined, params

    def search(
        self, text_: str, *, kind: str | None = None, filters: dict[str, str] | None = None,
        page: int = 1, per_page: int = 20, any_word: bool = False,
    ) -> Results:  # fmt: skip
        """Best matches first (weights: title and tags, people, summary, body); all the words,
        or any when none has them all (`any_word`: any at once, and no "Did you mean").

        Of each kind, the `COUNTED` most recently indexed matches are counted and ranked, and
        one more tells that there are more (`Results.capped`).
        """
        query = bound_query(text_).text
        if not query:
            return Results([], 0)
        filters = filters or {}
        every_kind = searchable_kinds()
        kinds = [kind] if kind else every_kind
        narrowing, narrowing_params = _narrowing(None, filters)
        page_params = {**narrowing_params, **_kind_params(kinds),
                       "limit": per_page, "offset": (page - 1) * per_page}  # fmt: skip
        rows, found, counted = [], {}, {}
        with db.engine.connect() as connection:
            expansions = self._expansions(connection, query)
            only_any = any_word
            for any_word in (True,) if only_any else (False, True):
                tsquery, params = self._tsquery(query, any_word, expansions)
                if kind or narrowing:  # the tabs count every kind, whatever the page narrows
                    counted = self._counted(connection, tsquery, params, every_kind)
                    if not any(counted.values()):
                        continue
                rows, found = self._page(
                    connection, tsquery, {**params, **page_params}, kinds, narrowing
                )
                counted = counted if kind or narrowing else found
                if any(counted.values()):
                    break
        counts = {name: min(number, COUNTED) for name, number in counted.items() if number}
        capped = frozenset(name for name, number in counted.items() if number > COUNTED)
        total = sum(min(number, COUNTED) for number in found.values())
        hits = [
            Hit(row.kind, row.item_id, _marked(row.title), _marked(row.snippet)) for row in rows
        ]
        suggestion = (
            None if only_any else self._suggest(query, kind, filters, 0 if any_word else total)
        )
        return Results(hits, total, counts, suggestion, capped=capped)

    @staticmethod
    def _candidates(tsquery: str, kinds: list[str], narrowing: list[str], columns: str) -> str:
        """SQL for each kind's most recently indexed matches, `COUNTED` + 1 at most, read
        newest first through `(kind, position)` (or through the GIN index, for rare words)."""
        where = " AND ".join([f"document @@ ({tsquery})", *narrowing])
        return " UNION ALL ".join(
            f"(SELECT {columns} FROM search_documents WHERE kind = :kind{number} "  # noqa: S608 (fixed pieces)  # nosec B608
            f"AND {where} ORDER BY position DESC LIMIT {COUNTED + 1})"
            for number in range(len(kinds))
        )

    def _counted(self, connection, tsquery: str, params: dict, kinds: list[str]) -> dict:
        """Matches of each kind, counted up to `COUNTED` + 1."""
        candidates = self._candidates(tsquery, kinds, [], "kind")
        rows = connection.execute(
            text(f"SELECT kind, count(*) FROM ({candidates}) AS found GROUP BY kind"),  # noqa: S608  # nosec B608
            {**params, **_kind_params(kinds)},
        )
        return dict(rows.all())

    def _page(self, connection, tsquery: str, params: dict, kinds: list[str],
              narrowing: list[str]) -> tuple[list, dict[str, int]]:  # fmt: skip
        """The page of the best-ranked candidates (only its rows highlighted), and the
        candidates of each kind: one reading of them."""
        columns = "key, kind, item_id, title, summary, document, position"
        candidates = self._candidates(tsquery, kinds, narrowing, columns)
        sql = (
            f"WITH candidates AS MATERIALIZED ({candidates}), "  # noqa: S608 (fixed pieces)  # nosec B608
            "found AS (SELECT kind, count(*) AS found FROM candidates GROUP BY kind), "
            "ranked AS (SELECT key, kind, item_id, title, summary, "
            f"ts_rank(document, {tsquery}) AS rank, "
            "row_number() OVER (PARTITION BY kind ORDER BY position DESC) AS newest "
            "FROM candidates), "
            "page AS (SELECT * FROM ranked WHERE newest <= :counted "
            "ORDER BY rank DESC, key LIMIT :limit OFFSET :offset) "
            "SELECT kind, item_id, rank, key, NULL AS found, "
            f"ts_headline('english', title, {tsquery}, '{TITLE_HEADLINE}') AS title, "
            f"ts_headline('english', summary, {tsquery}, '{HEADLINE}') AS snippet FROM page "
            "UNION ALL SELECT kind, NULL, NULL, NULL, found, NULL, NULL FROM found "
            "ORDER BY found NULLS FIRST, rank DESC, key"
        )
        rows = connection.execute(text(sql), {**params, "counted": COUNTED}).all()
        hits = [row for row in rows if row.found is None]
        return hits, {row.kind: row.found for row in rows if row.found is not None}

    @staticmethod
    def _suggest(query: str, kind: str | None, filters: dict[str, str], found: int) -> str | None:
        """The query with each unknown word replaced by the closest known word, if that finds
        more than the query found with all its words (`found`); known words stay.

        Candidates share the word's first letter and nearly its length, which keeps the
        list short at any size of board; difflib picks the closest.
        """
        words = re.findall(r"\w+", query.lower())
        checked = [
            word for word in words[:SUGGESTED_WORDS]
            if word not in STOP_WORDS and SPELLING_WORD.fullmatch(word)
        ]  # fmt: skip
        if not checked:
            return None
        with db.engine.connect() as connection:
            # One look-up by the primary key: most queries hold only known words, and stop here.
            known = set(
                connection.execute(
                    text("SELECT word FROM search_words WHERE word = ANY(:words)"),
                    {"words": checked},
                ).scalars()
            )
            corrections = {
                word: _closest_word(connection, word) for word in checked if word not in known
            }
            fixed = [corrections.get(word) or word for word in words]
            if fixed == words:
                return None
            suggestion = " ".join(fixed)
            narrowing, params = _narrowing(kind, filters)
            where = " AND ".join(
                ["document @@ websearch_to_tsquery('english', :plain)", *narrowing]
            )
            corrected = connection.execute(
                text(
                    f"SELECT count(*) FROM (SELECT 1 FROM search_documents WHERE {where} "  # noqa: S608 (fixed pieces)  # nosec B608
                    "LIMIT :enough) AS found"
                ),
                {**params, "plain": suggestion, "enough": found + 1},
            ).scalar_one()
        return suggestion if corrected > found else None
