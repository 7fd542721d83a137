"""The Whoosh backend on its own: matching, phrases, scoring and a changing index."""

import contextlib
import os
import threading
from pathlib import Path

import pytest

from aicb_board.search.documents import SearchDocument
from aicb_board.search.whoosh_backend import WhooshBackend


def document(item_id: int, title: str, body: str = "", *, kind: str = "role", tags=(),
             people: str = "", summary: str = "", **filters) -> SearchDocument:  # fmt: skip
    return SearchDocument(kind, item_id, title, summary, body, list(tags), people, filters)


@pytest.fixture
def engine(tmp_path) -> WhooshBackend:
    engine = WhooshBackend(str(tmp_path / "index"))
    engine.rebuild(
        [
            document(1, "Director of AI Strategy", "Lead the platform team.", tags=["strategy"]),
            document(2, "Platform Lead", "Strategy work: a director of AI reports here."),
            document(3, "Head of Product", "Product strategy for a bank.", people="Contoso Bank"),
            document(4, "Partnerships", "An AI partnership strategy.", kind="story"),
            document(5, "VP of Data", "Data products.", kind="mentor", seniority="vp"),
        ],
        progress=lambda count: None,
    )
    return engine


def found(results) -> list[int]:
    return [hit.item_id for hit in results.hits]


def test_every_word_must_match_and_title_words_weigh_more(engine):
    assert found(engine.search("director strategy")) == [1, 2]


def test_a_phrase_needs_its_words_side_by_side(engine):
    assert found(engine.search('"director of AI"')) == [1, 2]
    assert found(engine.search('"AI director"')) == []


def test_a_phrase_never_spans_two_sections(engine):
    # Document 1's title ends with "Strategy" and its tags start with "strategy".
    assert found(engine.search('"strategy strategy"')) == []
    # Document 3's title ends with "Product" and its people start with "Contoso".
    assert found(engine.search('"product contoso"')) == []


def test_prefixes_stemming_and_people(engine):
    assert set(found(engine.search("strat*"))) == {1, 2, 3, 4}
    assert found(engine.search("banks")) == [3]
    assert found(engine.search("contoso")) == [3]


def test_no_word_in_common_falls_back_to_any_word(engine):
    results = engine.search("partnerships zeppelin")
    assert found(results) == [4]


def test_counts_kinds_and_filters(engine):
    results = engine.search("strategy")
    assert results.counts == {"role": 3, "story": 1} and results.total == 4
    assert found(engine.search("strategy", kind="story")) == [4]
    assert found(engine.search("data", filters={"seniority": "vp"})) == [5]
    assert found(engine.search("data", filters={"seniority": "director"})) == []


def test_pages(engine):
    first = engine.search("strategy", per_page=2)
    second = engine.search("strategy", per_page=2, page=2)
    assert len(first.hits) == 2 and len(second.hits) == 2
    assert set(found(first)) | set(found(second)) == {1, 2, 3, 4}
    assert engine.search("strategy", per_page=2, page=9).hits == []


def test_changes_show_at_once_across_segments(engine):
    assert found(engine.search("zeppelin")) == []
    engine.apply([document(6, "Zeppelin Strategy Lead")], [])
    engine.apply([document(7, "Zeppelin Captain")], ["role:1"])
    assert found(engine.search("zeppelin strategy")) == [6]
    assert 1 not in found(engine.search("director"))
    engine.apply([document(6, "Airship Lead")], [])  # replaced, not added
    assert found(engine.search("zeppelin")) == [7]
    assert engine.search("strategy").counts == {"role": 2, "story": 1}


def test_a_title_is_highlighted_whole_and_escaped(engine):
    engine.apply([document(8, "Head of <b>AI</b> & Data")], [])
    (hit,) = engine.search("head data").hits
    assert hit.title == "<mark>Head</mark> of &lt;b&gt;AI&lt;/b&gt; &amp; <mark>Data</mark>"


def test_a_rebuild_in_two_processes_finds_what_one_finds(tmp_path):
    parallel = WhooshBackend(str(tmp_path / "parallel"), rebuild_processes=2)
    documents = [document(n, f"Head of AI Product {n}", "Product strategy.") for n in range(60)]
    documents.append(document(99, "Director of AI Strategy", "Lead the platform team."))
    assert parallel.rebuild(documents, progress=lambda count: None) == 61
    assert parallel.count() == {"role": 61}
    assert found(parallel.search("director strategy")) == [99]
    assert parallel.search("product strategy").total == 60


def open_files(folder: Path) -> list[str]:
    """The files of `folder` this process holds open ("… (deleted)" once they are gone)."""
    held = []
    for descriptor in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):  # the listing's own descriptor, closed by now
            target = os.readlink(descriptor)
            if target.startswith(str(folder)):
                held.append(target)
    return held


def test_segments_are_separate_files_read_from_disk(engine, tmp_path):
    """A compound segment (`.seg`) is copied whole into each reading's memory: 150 MB a
    process at 100,000 documents. Separate files are read from disk as needed."""
    engine.apply([document(6, "Chief AI Officer")], [])
    folder = tmp_path / "index"
    assert [path.name for path in folder.glob("*.seg")] == []
    assert {path.suffix for path in folder.glob("MAIN_*")} >= {".pst", ".trm"}
    assert found(engine.search("chief")) == [6]


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to list open files")
def test_searches_in_many_threads_share_readings_and_close_them(engine, tmp_path):
    folder = tmp_path / "index"
    results = []

    def search_once():
        results.append(found(engine.search("platform")))

    for _ in range(12):  # a threaded server: a new thread for each request
        thread = threading.Thread(target=search_once)
        thread.start()
        thread.join()
    assert results == [[2, 1]] * 12
    one_reading = open_files(folder)
    assert one_reading and len(one_reading) == len(set(one_reading))  # one reading's files

    engine.rebuild([document(9, "Platform Director")], progress=lambda count: None)
    assert found(engine.search("platform")) == [9]
    held = open_files(folder)
    assert held and not [name for name in held if name.endswith("(deleted)")]

    engine.close()
    assert open_files(folder) == []


def test_postings_read_a_block_at_a_time_are_whooshs_own(tmp_path):
    """Several blocks (128 postings each), two segments, deleted and replaced documents:
    the scores read from the blocks are those of Whoosh's own matchers, posting by posting."""
    engine = WhooshBackend(str(tmp_path / "index"))
    engine.rebuild(
        [document(n, f"Product Lead {n}", "strategy " * (n % 4 + 1)) for n in range(300)],
        progress=lambda count: None,
    )
    engine.apply([document(n, f"Strategy Head {n}") for n in range(300, 420)],
                 [f"role:{n}" for n in range(0, 300, 7)])  # fmt: skip
    engine.apply([document(5, "Director of Data")], [])  # replaced: no longer a lead
    with engine._reading() as reading:
        for word in ("strategi", "lead", "product", "head"):
            matcher = reading.reader.postings("text", word)
            expected = {}
            while matcher.is_active():
                expected[matcher.id()] = matcher.weight()
                matcher.next()
            read = reading._read("text", word)
            assert read.keys() == expected.keys() and read
            assert word == "head" or len(read) > 128  # several blocks
            ranked = sorted(read, key=read.get)
            assert ranked == sorted(expected, key=expected.get)  # the same order of weights
    assert set(found(engine.search("lead", per_page=500))) == (
        set(range(300)) - set(range(0, 300, 7)) - {5}
    )


def test_the_best_documents_come_first_and_ties_keep_the_older_first(engine):
    with engine._reading() as reading:
        scores = {7: 1.0, 3: 2.0, 9: 2.0, 1: 0.5, 4: 2.0}
        assert reading.best(scores, 2) == [3, 4]
        assert reading.best(scores, 4) == [3, 4, 9, 7]
        assert reading.best(scores, 10) == [3, 4, 9, 7, 1]
        assert reading.best(scores, 0) == [] and reading.best({}, 3) == []


def test_a_rebuild_writes_a_segment_per_batch_and_finds_everything(tmp_path, monkeypatch):
    """Batches small enough to sort in memory, each its own segment, none merged away."""
    from aicb_board.search import whoosh_backend

    monkeypatch.setattr(whoosh_backend, "SEGMENT_DOCUMENTS", 10)
    engine = WhooshBackend(str(tmp_path / "index"))
    documents = [document(n, f"Head of AI Product {n}", "Product strategy.") for n in range(35)]
    assert engine.rebuild(documents, progress=lambda count: None) == 35
    with engine._reading() as reading:
        assert len(reading.reader.leaf_readers()) == 4
    assert engine.count() == {"role": 35}
    assert engine.search("product strategy", per_page=50).total == 35
    engine.apply([document(35, "Product Director")], ["role:0"])
    assert engine.search("product", per_page=50).total == 35
