"""Each newly published item is matched once against the saved searches that existed when it
was published, and skipped when it left the board before matching."""

from __future__ import annotations

from sqlalchemy import select

from aicb_board.alerts import matching, percolator
from aicb_board.alerts.criteria import from_args
from aicb_board.alerts.models import AlertMatch, AlertQueue
from aicb_board.alerts.services import save_search
from aicb_board.auth.models import User
from aicb_board.extensions import db
from aicb_board.moderation import services as moderation
from aicb_board.roles.models import RolePosting
from tests.factories import published_profile, published_role, published_story, writing


def save(app, user, scope: str, **args) -> int:
    """`user` saves the page `scope` with `args`, as the Save form would; its id."""
    with app.test_request_context():
        saved = save_search(
            user_id=user.id, criteria=from_args(scope, args), name="", frequency="instant"
        )
        db.session.commit()
        return saved.id


def matches(app) -> list[tuple[int, str, int]]:
    with app.app_context():
        rows = db.session.execute(
            select(AlertMatch.saved_search_id, AlertMatch.kind, AlertMatch.item_id).order_by(
                AlertMatch.id
            )
        )
        return [tuple(row) for row in rows]


def run(app) -> int:
    with app.app_context():
        return matching.match_pending()


def act(app, role_id: int, action: str, actor) -> None:
    with writing(app):
        role = db.session.get(RolePosting, role_id)
        moderation.transition(
            role, action, actor=db.session.get(User, actor.id), seen_version=role.version,
            reason="",
        )  # fmt: skip


def test_a_matching_role_gets_one_match_and_a_role_that_does_not_match_none(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    product = save(app, reader, "role", function="product", workplace="hybrid")
    remote_only = save(app, reader, "role", workplace="remote")
    words = save(app, reader, "search", q='"AI product" Northwind', kind="role")
    other_words = save(app, reader, "search", q="blockchain")
    role = published_role(app, author, moderator)  # product, hybrid, "Head of AI Product"
    strategy = published_role(
        app, author, moderator, title="AI strategist", function="strategy", company="Contoso",
        description="Shape the AI strategy of a large company, with its board and its teams.",
    )  # fmt: skip
    assert run(app) == 2
    found = matches(app)
    assert sorted(found) == sorted([(product, "role", role), (words, "role", role)])
    assert not {remote_only, other_words} & {search for search, _kind, _id in found}
    assert strategy not in {item for _search, _kind, item in found}
    assert run(app) == 0  # the queue is empty now


def test_renewing_a_role_does_not_match_it_twice(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")
    role = published_role(app, author, moderator)
    run(app)
    act(app, role, "close", author)
    act(app, role, "renew", author)
    act(app, role, "approve", moderator)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(AlertQueue)) == 1
    run(app)
    assert len(matches(app)) == 1


def test_a_search_saved_after_publication_does_not_get_the_older_item(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    published_role(app, author, moderator)  # queued, not matched yet
    save(app, reader, "role", function="product")
    run(app)
    assert matches(app) == []


def test_an_item_that_left_the_board_before_matching_is_skipped(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")
    role = published_role(app, author, moderator)
    act(app, role, "close", author)
    assert run(app) == 1
    assert matches(app) == []


def test_a_paused_search_records_nothing(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    search = save(app, reader, "role", function="product")
    with app.app_context():
        from aicb_board.alerts.models import SavedSearch

        db.session.get(SavedSearch, search).paused = True
        db.session.commit()
    published_role(app, author, moderator)
    run(app)
    assert matches(app) == []


def test_mentors_and_stories_match_their_lists_and_searches_across_kinds(app, members):
    reader, alumna, moderator = members.add("reader"), members.add("alumna"), members.moderator
    mentors = save(app, reader, "mentor", to_function="product", language="de", accepting="1")
    stories = save(app, reader, "story", tag="career-change")
    anywhere = save(app, reader, "search", q="marketing")
    profile = published_profile(app, alumna, moderator)
    story = published_story(app, alumna, moderator)
    run(app)
    assert sorted(matches(app)) == sorted(
        [(mentors, "mentor", profile), (anywhere, "mentor", profile),
         (stories, "story", story), (anywhere, "story", story)]
    )  # fmt: skip


def test_prefix_words_match_the_start_of_a_word(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    prefix = save(app, reader, "search", q="portfol*")
    save(app, reader, "search", q="zebr*")
    role = published_role(app, author, moderator)  # "…the **AI product** portfolio…"
    run(app)
    assert matches(app) == [(prefix, "role", role)]


def test_each_search_is_filed_under_its_most_selective_condition(app):
    with app.app_context():
        searches = [
            percolator.Stored(1, "role", {"function": "product", "workplace": "remote"}, (), None),
            percolator.Stored(2, "role", {"function": "design"}, (), None),
            percolator.Stored(3, None, {}, percolator.query_terms("evaluation platform"), None),
            percolator.Stored(4, "role", {"salary": True}, (), None),
        ]
        filed = percolator.Percolator(searches)
        shelf = filed.shelves["role"]
        assert shelf.unanchored == [searches[3]]  # a flag alone has nothing to file it under
        assert {key[:2] for key in shelf.anchored} == {("f", "function")}
        anchor = next(iter(filed.shelves[None].anchored))
        assert anchor == ("w", "platform")  # the longer stem, likely the rarer word


def test_the_commit_that_publishes_nudges_the_worker_which_matches_at_once(make_app, make_user):
    from aicb_board import tasks
    from tests.conftest import Members

    app = make_app(HUEY_IMMEDIATE=True)
    try:
        members = Members(app, make_user)
        reader, author = members.add("reader"), members.add("author")
        search = save(app, reader, "role", function="product")
        role = published_role(app, author, members.moderator)
    finally:
        tasks.huey.immediate = False
    assert matches(app) == [(search, "role", role)]
    with app.app_context():
        assert matching.queue_length() == 0


def test_the_alerts_page_lists_the_latest_matches_and_notes_those_gone(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")
    kept = published_role(app, author, moderator, title="Head of AI Product")
    gone = published_role(app, author, moderator, title="VP of AI Product", seniority="vp")
    run(app)
    act(app, gone, "close", author)
    page = members.sign_in("reader").get("/me/alerts").get_data(as_text=True)
    assert f'href="/roles/{kept}-head-of-ai-product' in page
    assert "VP of AI Product" not in page
    assert "Role posting: no longer on the board" in page
