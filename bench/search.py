"""Search speed: Whoosh (and PostgreSQL when reachable) against SQLite FTS5 as a reference.

Builds documents from realistic generated content, draws ~200 queries of 1–3 words from
that content, and reports index build rate, query p50/p95 (with highlights, and with a
filter), and how long one publish takes to become searchable. Reported, never asserted.
Then adversarial queries (wildcards everywhere, a lone *, long and OR-heavy queries, deep
phrases, fuzzy marks), each timed on its first run, the worst as a ratio to a typical
query's p50 (the target: 10× at most).

    python bench/search.py [--documents 10000 100000] [--queries 200] [--postgres URL]

Every engine runs the same queries over the same documents; the p95 is also given as a
ratio to FTS5's, the number the board's target is set in.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aicb_board.content import plain_text  # noqa: E402
from aicb_board.mentors.samples import NAMES, sample_profile  # noqa: E402
from aicb_board.roles.samples import sample_role  # noqa: E402
from aicb_board.search.documents import SearchDocument  # noqa: E402
from aicb_board.search.whoosh_backend import WhooshBackend  # noqa: E402
from aicb_board.stories.samples import sample_story  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def corpus(size: int, seed: int = 3) -> list[SearchDocument]:
    """Roles, mentor profiles and stories in the board's proportions (70/15/15)."""
    rng = random.Random(seed)  # noqa: S311 (sample data)
    documents = []
    for number in range(size):
        share = number % 20
        if share < 14:
            role = sample_role(rng)
            documents.append(SearchDocument(
                "role", number, role["title"], plain_text(role["description"])[:300],
                plain_text(role["description"]), role["tags"].split(","),
                f"{role['company']} {role['seniority']}",
                {"seniority": role["seniority"], "function": role["function"],
                 "workplace": role["workplace"]},
            ))  # fmt: skip
        elif share < 17:
            profile = sample_profile(rng, rng.choice(NAMES))
            documents.append(SearchDocument(
                "mentor", number, f"{profile['from_role']} → {profile['to_role']}",
                profile["headline"], plain_text(profile["bio"]), profile["expertise"].split(","),
                f"{profile['from_role']} {profile['to_role']}",
                {"from_function": profile["from_function"]},
            ))  # fmt: skip
        else:
            story = sample_story(rng, number)
            documents.append(SearchDocument(
                "story", number, story["title"], story["summary"], plain_text(story["body"]),
                story["tags"].split(","), f"{story['from_role']} {story['to_role']}",
                {"from_function": story["from_function"]},
            ))  # fmt: skip
    return documents


def queries(documents: list[SearchDocument], count: int, seed: int = 9) -> list[str]:
    """1–3 word queries drawn from the documents' own words."""
    rng = random.Random(seed)  # noqa: S311 (sample data)
    words = [
        w for d in documents[:2000] for w in d.title.lower().split() if w.isalpha() and len(w) > 3
    ]
    return [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(count)]


def adversarial(documents: list[SearchDocument]) -> list[str]:
    """Queries written to be costly, as a visitor could type them (200 characters at most)."""
    words = sorted({w for d in documents[:500] for w in d.title.lower().split() if w.isalpha()})
    common = [w for w in words if len(w) > 3][:60]
    title = " ".join(documents[0].title.split()[:6])
    return [
        "*", "?", "*:*", "*a*", " ".join(f"*{c}*" for c in "abcdefghijklmnopqrstuvwxyz0123456789"),
        "*tion *ing *ment", "?????", "a?b?c?d?e?f?g?h?", "s*", "st* pr* di* ma* le* co* an*",
        "s?????????????????????????*", " ".join(common)[:200], " OR ".join(common)[:200],
        '"' + " ".join([title] * 10)[:196] + '"', f'"{title}"~50 "{title}"~20',
        " ".join(f"{w}~2" for w in common[:20])[:200], "-" + " -".join(common[:30])[:199],
    ]  # fmt: skip


def time_adversarial(search, texts: list[str]) -> list[tuple[float, str]]:
    """Each adversarial query's first run (nothing of it cached), slowest first."""
    return sorted(((time_each(search, [text])[0], text) for text in texts), reverse=True)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)] * 1000


def time_each(run, texts: list[str]) -> list[float]:
    samples = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        samples.append(time.perf_counter() - started)
    return samples


def time_queries(run, texts: list[str]) -> list[float]:
    """Each query once, after ten to warm up."""
    for text in texts[:10]:
        run(text)
    return time_each(run, texts)


def publish_document(number: int, like: SearchDocument) -> SearchDocument:
    return SearchDocument(like.kind, 10_000_000 + number, like.title, like.summary, like.body,
                          like.tags, like.people, like.filters)  # fmt: skip


@dataclass
class Row:
    """One engine's measurements (milliseconds, documents/s)."""

    engine: str
    build: float
    query: list[float]
    cold: list[float] | None = None
    narrowed: list[float] | None = None
    publish: list[float] | None = None
    adversarial: list[tuple[float, str]] | None = None


def time_publishing(engine, documents: list[SearchDocument]) -> list[float]:
    """One document added, until a search finds it."""
    samples = []
    for number in range(10):
        started = time.perf_counter()
        engine.apply([publish_document(number, documents[number])], [])
        engine.search(documents[number].title)
        samples.append(time.perf_counter() - started)
    return samples


def time_narrowed(engine, texts: list[str]) -> list[float]:
    return time_queries(lambda t: engine.search(t, kind="role", filters={"seniority": "vp"}), texts)


def whoosh(documents, texts, folder: Path, hostile: list[str]) -> Row:
    path = str(folder / "whoosh")
    engine = WhooshBackend(path, rebuild_processes=os.cpu_count() or 1)  # as `reindex` does
    started = time.perf_counter()
    engine.rebuild(documents, progress=lambda count: None)
    build = len(documents) / (time.perf_counter() - started)
    # A new backend object reads the index afresh: nothing of the postings cached yet.
    cold = time_each(lambda t: WhooshBackend(path).search(t), texts[:50])
    query = time_queries(lambda t: engine.search(t), texts)
    narrowed = time_narrowed(engine, texts)
    published = time_publishing(engine, documents)
    worst = time_adversarial(engine.search, hostile)
    return Row("Whoosh (this board)", build, query, cold, narrowed, published, worst)


def postgres(documents, texts, base_url: str, hostile: list[str]) -> Row | None:
    """The PostgreSQL backend in a temporary database; None when PostgreSQL is unreachable."""
    from sqlalchemy.exc import OperationalError

    from tests.support import temporary_postgres_database

    try:
        with temporary_postgres_database(base_url) as url:
            return _postgres(documents, texts, url, hostile)
    except OperationalError as error:
        print(f"PostgreSQL skipped: {str(error).splitlines()[0]}")
        return None


def _postgres(documents, texts, url: str, hostile: list[str]) -> Row:
    from flask_migrate import upgrade

    from aicb_board import create_app
    from aicb_board.config import Config
    from aicb_board.extensions import db
    from aicb_board.search.postgres_backend import PostgresBackend

    with tempfile.TemporaryDirectory() as folder:
        settings = {"APP_ENV": "development", "DATABASE_URL": url, "INSTANCE_PATH": folder,
                    "SEARCH_BACKEND": "postgres"}  # fmt: skip
        app = create_app(Config(settings))
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            engine = PostgresBackend()
            started = time.perf_counter()
            engine.rebuild(documents, progress=lambda count: None)
            build = len(documents) / (time.perf_counter() - started)
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE search_documents")
            query = time_queries(lambda t: engine.search(t), texts)
            row = Row("PostgreSQL backend", build, query, None, time_narrowed(engine, texts),
                      time_publishing(engine, documents),
                      time_adversarial(engine.search, hostile))  # fmt: skip
            db.engine.dispose()
    return row


def fts5(documents, texts, folder: Path) -> Row:
    connection = sqlite3.connect(folder / "fts.sqlite3")
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, kind UNINDEXED, title, tags, people, "
        "summary, body, tokenize='porter')"
    )
    started = time.perf_counter()
    connection.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (d.key, d.kind, d.title, " ".join(d.tags), d.people, d.summary, d.body)
            for d in documents
        ],
    )
    connection.commit()
    build = len(documents) / (time.perf_counter() - started)

    def run(text: str) -> None:
        match = " ".join(f'"{word}"' for word in text.split())
        connection.execute(
            "SELECT key, highlight(docs, 2, '<mark>', '</mark>'), "
            "snippet(docs, 5, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs, 0, 0, 3.0, 2.5, 1.5, 1.2, 1.0) LIMIT 20",
            (match,),
        ).fetchall()

    return Row("SQLite FTS5 (reference)", build, time_queries(run, texts))


def table(rows: list[Row]) -> str:
    """A Markdown table; query times also as a ratio to FTS5's p95."""
    reference = percentile(rows[-1].query, 0.95)

    def times(samples: list[float] | None, ratio: bool = False) -> str:
        if not samples:
            return "—"
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        shown = f"{p50:.1f} / {p95:.1f} ms"
        return f"{shown} ({p95 / reference:.1f}×)" if ratio else shown

    lines = [
        "| engine | build | query p50 / p95 (p95 ÷ FTS5 p95) | first queries, nothing cached "
        "| kind + filter | publish → searchable |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.engine} | {row.build:,.0f} docs/s | {times(row.query, ratio=True)} "
            f"| {times(row.cold)} | {times(row.narrowed)} | {times(row.publish)} |"
        )
    return "\n".join(lines)


def adversarial_table(rows: list[Row], count: int) -> str:
    """The slowest adversarial query of each engine against its typical query's p50."""
    lines = [
        f"| engine | typical p50 | slowest of {count} adversarial queries, first run "
        "| × typical p50 (target ≤ 10×) | the query |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        if not row.adversarial:
            continue
        typical = percentile(row.query, 0.5)
        seconds, text = row.adversarial[0]
        lines.append(
            f"| {row.engine} | {typical:.1f} ms | {seconds * 1000:.1f} ms "
            f"| {seconds * 1000 / typical:.1f}× | `{text[:60]}{'…' if len(text) > 60 else ''}` |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, nargs="+", default=[10_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--postgres", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL URL whose server may create a temporary database ('' to skip)",
    )  # fmt: skip
    args = parser.parse_args()
    for size in args.documents:
        documents = corpus(size)
        texts = queries(documents, args.queries)
        hostile = adversarial(documents)
        print(f"\n{len(documents):,} documents, {len(texts)} queries of 1–3 words, top 20\n")
        with tempfile.TemporaryDirectory() as folder:
            rows = [whoosh(documents, texts, Path(folder), hostile)]
            if args.postgres:
                rows.append(postgres(documents, texts, args.postgres, hostile))
            rows.append(fts5(documents, texts, Path(folder)))
        rows = [row for row in rows if row is not None]
        print(table(rows))
        print(f"\n{adversarial_table(rows, len(hostile))}")


if __name__ == "__main__":
    main()
