"""Search: what people mean, any string, only published items, and an index kept true."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aicb_board.extensions import db
from aicb_board.roles.models import RolePosting
from aicb_board.search.models import SearchQueueEntry
from tests.factories import role_form
from tests.search.conftest import publish_role
from tests.support import decide, post_action, post_form


def search(client, q: str, **params) -> str:
    response = client.get("/search", query_string={"q": q, **params})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_published_items_are_found_and_unpublished_never(board):
    page = search(board.anonymous, "strategy")
    assert "Contoso Health" in page and "Fabrikam" in page
    assert "Hidden Corp" not in page


def test_stemming_phrases_prefixes_and_companies(board):
    assert "<mark>Director</mark> of AI" in search(board.anonymous, "directors")
    assert "Conversational" in search(board.anonymous, '"conversational AI"')
    assert "Contoso Health" in search(board.anonymous, "strat*")
    assert "Head of Conversational AI" in search(board.anonymous, "fabrikam")


def test_title_matches_rank_above_body_matches(board):
    page = search(board.anonymous, "strategy")
    assert page.index("Director of AI <mark>Strategy</mark>") < page.index("Conversational")


def test_highlights_escape_member_text_then_mark(people):
    publish_role(people, title="Head of AI <script>alert(1)</script> Product")
    page = search(people.anonymous, "product")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page and "<mark>Product</mark>" in page


@pytest.mark.parametrize(
    "query",
    ['"', "title:secret", "*", "strategy AND (", "x" * 10_000, "\x00\x07\x1b", "NOT", "~", "?",
     "'; DROP TABLE role_postings; --", "ünïcödé ✓", "[]{}^"],
)  # fmt: skip
def test_any_string_is_a_valid_query(board, query):
    page = search(board.anonymous, query)
    assert "Hidden Corp" not in page


def test_counts_per_kind_and_the_kind_filter(board):
    page = search(board.anonymous, "strategy")
    assert "Roles (2)" in page and "Mentors (0)" in page and "Stories (0)" in page
    assert "All (2)" in page
    only_roles = search(board.anonymous, "strategy", kind="role")
    assert "Contoso" in only_roles


def test_role_filters_work_with_a_query(board):
    page = search(board.anonymous, "strategy", seniority="vp")
    assert "Fabrikam" in page and "Contoso Health" not in page


def test_did_you_mean(board):
    page = search(board.anonymous, "stratgy directr")
    assert "Did you mean" in page and "strategy director" in page
    assert "Did you mean" not in search(board.anonymous, "strategy")


def test_empty_query_explains_and_shows_popular_tags(board):
    page = search(board.anonymous, "")
    assert "What you can search" in page and "ai-strategy" in page


def test_a_stale_index_never_shows_what_is_no_longer_published(app, board):
    with app.app_context():
        role = db.session.scalar(select(RolePosting).where(RolePosting.company == "Fabrikam"))
        role.status = "removed"  # behind the engine's back: no queue entry
        db.session.commit()
    assert "Fabrikam" not in search(board.anonymous, "conversational")


def test_withdrawn_and_edited_items_update_the_index(app, board):
    with app.app_context():
        role_id = db.session.scalar(select(RolePosting.id).where(RolePosting.company == "Fabrikam"))
    post_form(
        board.author,
        f"/roles/{role_id}/edit",
        role_form(title="VP of Voice Agents", company="Fabrikam"),
    )
    assert "Voice" not in search(board.anonymous, "voice")  # the edit waits for review
    revision = board.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    revision_id = revision.split("/moderation/revisions/")[1].split("/")[0]
    decide(board.moderator, f"/moderation/revisions/{revision_id}/approve",
           review=f"/moderation/role/{role_id}")  # fmt: skip
    assert "<mark>Voice</mark>" in search(board.anonymous, "voice")
    post_action(board.author, f"/me/submissions/role/{role_id}/close", {"confirm": "1"})
    assert "Fabrikam" not in search(board.anonymous, "voice")


def queue_length(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SearchQueueEntry))


def test_a_locked_index_keeps_the_work_in_the_queue(app, people, monkeypatch):
    from whoosh.index import LockError

    from aicb_board.search.backends import EXTENSION

    def locked(put, delete):
        raise LockError("held by another worker")

    monkeypatch.setattr(app.extensions[EXTENSION], "apply", locked)
    role_id = publish_role(people, title="Queued Role", company="Lockwood")
    assert queue_length(app) >= 1
    monkeypatch.undo()
    assert "Lockwood" not in search(people.anonymous, "lockwood")
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert "the queue is empty" in result.output
    assert queue_length(app) == 0
    assert "Lockwood" in search(people.anonymous, "lockwood")
    assert role_id


def test_a_deleted_index_is_rebuilt_by_reindex(app, board, backend_name):
    if backend_name == "whoosh":
        shutil.rmtree(Path(app.instance_path) / "search-index")
    else:
        with app.app_context(), db.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM search_documents")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex"])
    assert "Indexed 2 document(s)." in result.output
    assert "Contoso" in search(board.anonymous, "strategy")
    status = runner.invoke(args=["search", "status"]).output
    assert "role     index       2   published       2" in status
    assert "queue    0 change(s) waiting" in status


def test_list_pages_search_within_their_kind(people):
    for path, kind in (("/roles/", "role"), ("/mentors/", "mentor"), ("/stories/", "story")):
        page = people.anonymous.get(path).get_data(as_text=True)
        assert 'action="/search"' in page and f'name="kind" value="{kind}"' in page


def test_a_damaged_index_degrades_to_a_message_until_reindexed(app, board, backend_name):
    if backend_name != "whoosh":
        pytest.skip("the PostgreSQL backend has no index files")
    folder = Path(app.instance_path) / "search-index"
    for path in folder.glob("MAIN_*"):  # the segments' files, gone under the index's feet
        path.unlink()
    response = board.anonymous.get("/search", query_string={"q": "strategy"})
    assert response.status_code == 503
    assert "Search is unavailable for a moment" in response.get_data(as_text=True)
    assert board.anonymous.get("/roles/").status_code == 200
    shutil.rmtree(folder)
    assert "Indexed 2" in app.test_cli_runner().invoke(args=["search", "reindex"]).output
    assert "Contoso" in search(board.anonymous, "strategy")


def test_a_search_whose_files_go_away_while_it_reads_reads_again(
    app, board, backend_name, monkeypatch
):
    """The index deleted or rebuilt in the middle of a search: one more reading, no 503."""
    if backend_name != "whoosh":
        pytest.skip("the PostgreSQL backend has no index files")
    from aicb_board.search.whoosh_reading import Reading

    scores, calls = Reading.scores, []

    def files_gone_once(reading, query):
        calls.append(reading)
        if len(calls) == 1:
            raise FileNotFoundError(2, "No such file or directory")
        return scores(reading, query)

    monkeypatch.setattr(Reading, "scores", files_gone_once)
    assert "Contoso Health" in search(board.anonymous, "strategy")
    assert calls[0] is not calls[1]  # the second reading is a fresh one


def test_two_workers_starting_a_deleted_index_at_once_both_answer(
    app, board, backend_name, monkeypatch
):
    if backend_name != "whoosh":
        pytest.skip("the PostgreSQL backend has no index files")
    from aicb_board.search import whoosh_backend

    create_in = whoosh_backend.index.create_in

    def the_other_worker_was_first(path, schema):
        create_in(path, schema)  # the other worker's, a moment earlier
        raise NameError("File '_MAIN_0.toc' exists")  # what Whoosh then says to this one

    shutil.rmtree(Path(app.instance_path) / "search-index")
    monkeypatch.setattr(whoosh_backend.index, "create_in", the_other_worker_was_first)
    response = board.anonymous.get("/search", query_string={"q": "strategy"})
    assert response.status_code == 200


def test_an_index_from_an_older_version_is_rebuilt_by_make_run(app, board, backend_name):
    if backend_name != "whoosh":
        pytest.skip("the PostgreSQL backend's table follows the migrations")
    from whoosh import fields, index

    folder = Path(app.instance_path) / "search-index"
    shutil.rmtree(folder)
    folder.mkdir()
    index.create_in(str(folder), fields.Schema(key=fields.ID(unique=True), body=fields.TEXT()))
    assert board.anonymous.get("/search", query_string={"q": "strategy"}).status_code == 503
    runner = app.test_cli_runner()
    assert "Indexed 2" in runner.invoke(args=["search", "reindex", "--if-needed"]).output
    assert "current" in runner.invoke(args=["search", "reindex", "--if-needed"]).output
    assert "Contoso" in search(board.anonymous, "strategy")


def test_an_index_lost_while_running_says_so_until_reindexed(app, board, backend_name):
    if backend_name != "whoosh":
        pytest.skip("the PostgreSQL backend keeps its documents in the database")
    runner = app.test_cli_runner()
    runner.invoke(args=["search", "reindex"])
    assert "may be missing" not in search(board.anonymous, "strategy")
    shutil.rmtree(Path(app.instance_path) / "search-index")
    publish_role(board, title="Head of AI Operations", company="Tailspin")
    page = search(board.anonymous, "strategy")
    assert "may be missing" in page  # the index holds only what was published since
    assert "Tailspin" in search(board.anonymous, "operations")
    assert "run `flask search reindex`" in runner.invoke(args=["search", "status"]).output
    assert "Indexed 3" in runner.invoke(args=["search", "reindex", "--if-needed"]).output
    page = search(board.anonymous, "strategy")
    assert "may be missing" not in page and "Contoso" in page
