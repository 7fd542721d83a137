"""Search speed: Whoosh (and PostgreSQL when reachable) against SQLite FTS5 as a reference.

Builds documents from realistic generated content, draws ~200 queries of 1–3 words from
that content, and reports index build rate, query p50/p95 (with highlights, and with a
filter), and how long one publish takes to become searchable. Reported, never asserted.

    python bench/search.py [--documents 10000] [--queries 200] [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aicb_board.content import plain_text  # noqa: E402
from aicb_board.mentors.samples import NAMES, sample_profile  # noqa: E402
from aicb_board.roles.samples import sample_role  # noqa: E402
from aicb_board.search.documents import SearchDocument  # noqa: E402
from aicb_board.search.whoosh_backend import WhooshBackend  # noqa: E402
from aicb_board.stories.samples import sample_story  # noqa: E402


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


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


def time_queries(run, texts: list[str]) -> list[float]:
    for text in texts[:10]:
        run(text)
    samples = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        samples.append(time.perf_counter() - started)
    return samples


def whoosh(documents, texts, folder: Path) -> None:
    engine = WhooshBackend(str(folder / "whoosh"))
    started = time.perf_counter()
    engine.rebuild(documents, progress=lambda count: None)
    took = time.perf_counter() - started
    print(f"Whoosh   build {len(documents) / took:8.0f} documents/s")
    plain = time_queries(lambda t: engine.search(t), texts)
    print(f"Whoosh   query, highlighted      {percentiles(plain)}")
    narrowed = time_queries(
        lambda t: engine.search(t, kind="role", filters={"seniority": "vp"}), texts
    )
    print(f"Whoosh   query, kind + filter    {percentiles(narrowed)}")
    extra = documents[0]
    publish = []
    for number in range(10):
        started = time.perf_counter()
        engine.apply([SearchDocument(extra.kind, 10_000_000 + number, extra.title, extra.summary,
                                     extra.body, extra.tags, extra.people)], [])  # fmt: skip
        publish.append(time.perf_counter() - started)
    print(f"Whoosh   publish → searchable    {percentiles(publish)}")


def fts5(documents, texts, folder: Path) -> None:
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
    took = time.perf_counter() - started
    print(f"FTS5     build {len(documents) / took:8.0f} documents/s")

    def run(text: str) -> None:
        match = " ".join(f'"{word}"' for word in text.split())
        connection.execute(
            "SELECT key, highlight(docs, 2, '<mark>', '</mark>'), "
            "snippet(docs, 5, '<mark>', '</mark>', '…', 20) FROM docs WHERE docs MATCH ? "
            "ORDER BY bm25(docs, 0, 0, 3.0, 2.5, 1.5, 1.2, 1.0) LIMIT 20",
            (match,),
        ).fetchall()

    print(f"FTS5     query, highlighted      {percentiles(time_queries(run, texts))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    documents = corpus(args.documents)
    texts = queries(documents, args.queries)
    print(f"{len(documents):,} documents, {len(texts)} queries of 1–3 words, top 20\n")
    with tempfile.TemporaryDirectory() as folder:
        whoosh(documents, texts, Path(folder))
        fts5(documents, texts, Path(folder))


if __name__ == "__main__":
    main()
