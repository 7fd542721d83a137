"""Kept copies of public pages: served to signed-out visitors, never one change too late."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from aicb_board.auth.models import User
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.page_cache import PageGeneration, current_generation
from aicb_board.roles.models import RolePosting
from tests.factories import published_role
from tests.roles import conftest as roles_fixtures
from tests.support import decide, post_action

people = roles_fixtures.people  # a fixture, shared


def page(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


def kept(response) -> bool:
    return response.headers.get("X-Page-Cache") == "hit"


def generation(app) -> int:
    with app.app_context():
        return current_generation()


def publish(people, **fields) -> int:
    return published_role(people.app, people.author_user, people.moderator_user, **fields)


def role_page(people, role_id: int) -> str:
    """A role's page at its address with the title in it (the short one redirects there)."""
    return people.anonymous.get(f"/roles/{role_id}").headers["Location"]


def test_a_signed_out_visitor_gets_the_kept_copy_of_every_public_page(people):
    role_id = publish(people, title="Head of AI Platform", company="Northwind")
    for path in ("/", "/roles/", role_page(people, role_id), "/mentors/",
                 "/stories/", "/search?q=platform"):  # fmt: skip
        first, second = page(people.anonymous, path), page(people.anonymous, path)
        assert not kept(first) and kept(second), path
        assert second.get_data() == first.get_data()
        assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
        assert "Set-Cookie" not in second.headers
    assert "Northwind" in page(people.anonymous, "/roles/").get_data(as_text=True)


def test_a_removed_role_leaves_every_kept_page_at_once(people):
    role_id = publish(people, title="Head of AI Platform", company="Northwind")
    detail = role_page(people, role_id)
    for path in ("/", "/roles/", detail, "/search?q=northwind"):
        page(people.anonymous, path)
        assert "Northwind" in page(people.anonymous, path).get_data(as_text=True)
    removed = decide(people.moderator, f"/moderation/role/{role_id}/remove",
                     {"canned_reason": "Spam or advertising."})  # fmt: skip
    assert removed.status_code == 302
    for path in ("/", "/roles/", "/search?q=northwind"):
        assert "Northwind" not in page(people.anonymous, path).get_data(as_text=True), path
    assert people.anonymous.get(detail).status_code == 410


def test_a_newly_published_role_shows_on_the_kept_list_at_once(people):
    page(people.anonymous, "/roles/")
    assert kept(page(people.anonymous, "/roles/"))
    publish(people, title="VP of Applied AI", company="Tailspin")
    fresh = page(people.anonymous, "/roles/")
    assert not kept(fresh) and "Tailspin" in fresh.get_data(as_text=True)


def test_another_worker_never_serves_a_copy_kept_before_a_removal(make_app, people):
    """Two apps on one database stand for two gunicorn workers, each with its own copies."""
    role_id = publish(people, title="Head of AI Platform", company="Northwind")
    other_worker = make_app().test_client()
    page(other_worker, "/roles/")
    assert kept(page(other_worker, "/roles/"))
    decide(people.moderator, f"/moderation/role/{role_id}/remove",
           {"canned_reason": "Spam or advertising."})  # fmt: skip
    assert "Northwind" not in page(other_worker, "/roles/").get_data(as_text=True)


def test_members_get_their_own_page_and_never_a_kept_one(people):
    page(people.anonymous, "/roles/")
    for client in (people.author, people.author):
        response = page(client, "/roles/")
        assert not kept(response) and "Alex Author" in response.get_data(as_text=True)
    assert "Alex Author" not in page(people.anonymous, "/roles/").get_data(as_text=True)


def test_a_visitor_with_a_message_waiting_sees_it(people):
    page(people.anonymous, "/roles/")
    visitor = people.app.test_client()
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "You have been signed out.")]
    response = page(visitor, "/roles/")
    assert not kept(response) and "You have been signed out." in response.get_data(as_text=True)


def test_only_writes_to_what_the_public_sees_make_pages_again(app, people):
    before = generation(app)
    people.add("reader", email="reader@example.com")  # an account, signed in: nothing public
    assert generation(app) == before
    role_id = publish(people)
    assert generation(app) > before
    before = generation(app)
    saved = post_action(people.reader, f"/me/saved/role/{role_id}", {"action": "save"})
    assert saved.status_code == 302
    with app.app_context():
        db.session.execute(select(RolePosting.id)).all()  # a read
        db.session.commit()
    assert generation(app) == before  # a bookmark and a read change no public page
    with app.app_context():
        db.session.get(User, people.author_user.id).display_name = "Alex Renamed"
        db.session.commit()
    assert generation(app) == before + 1  # the name shows on the author's stories


def test_a_statement_that_bypasses_the_unit_of_work_still_counts(app, people):
    publish(people)
    before = generation(app)
    with app.app_context():
        db.session.execute(update(RolePosting).values(expires_at=utcnow()))
        db.session.commit()
    assert generation(app) == before + 1


def test_a_rolled_back_change_counts_for_nothing(app, people):
    role_id = publish(people)
    before = generation(app)
    with app.app_context():
        db.session.get(RolePosting, role_id).title = "Never saved"
        db.session.flush()
        db.session.rollback()
        db.session.execute(select(PageGeneration.number)).all()
        db.session.commit()
    assert generation(app) == before


def test_a_rebuilt_search_index_makes_search_pages_again(app, people):
    publish(people, title="Head of AI Platform", company="Northwind")
    page(people.anonymous, "/search?q=northwind")
    before = generation(app)
    assert "Indexed 1" in app.test_cli_runner().invoke(args=["search", "reindex"]).output
    assert generation(app) == before + 1
    assert not kept(page(people.anonymous, "/search?q=northwind"))


def test_a_kept_copy_is_made_again_after_its_time(people, monkeypatch):
    from aicb_board import page_cache

    page(people.anonymous, "/roles/")
    assert kept(page(people.anonymous, "/roles/"))
    later = page_cache.time.monotonic() + people.app.config["PAGE_CACHE_SECONDS"] + 1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)
    assert not kept(page(people.anonymous, "/roles/"))


@pytest.mark.parametrize("path", ["/roles/999999", "/stories/no-such-story", "/mentors/999999"])
def test_only_complete_pages_for_everyone_are_kept(people, path):
    for _ in range(2):
        assert not kept(people.anonymous.get(path))


def test_kept_pages_can_be_turned_off(make_app, people):
    client = make_app(PAGE_CACHE_SECONDS=0).test_client()
    for _ in range(2):
        assert not kept(page(client, "/roles/"))


def test_a_list_count_is_kept_for_everyone_until_the_list_changes(app, people):
    from tests.support import count_queries

    publish(people, title="VP of Applied AI", company="Tailspin", seniority="vp")
    publish(people, title="Director of AI Strategy", company="Contoso", seniority="director")
    member = people.author
    first = count_queries(app, member, "/roles/?seniority=vp")
    assert count_queries(app, member, "/roles/?seniority=vp&sort=closing&page=1") == first - 1
    assert "1 open role" in page(member, "/roles/?seniority=vp").get_data(as_text=True)
    publish(people, title="VP of AI Platform", company="Northwind", seniority="vp")
    assert count_queries(app, member, "/roles/?seniority=vp") == first  # counted again
    assert "2 open roles" in page(member, "/roles/?seniority=vp").get_data(as_text=True)
    assert "3 open roles" in page(people.anonymous, "/roles/").get_data(as_text=True)


def test_a_savepoint_raises_the_generation_only_at_the_real_commit(app, people):
    """Raised at the SAVEPOINT, the counter's row would stay locked until the commit."""
    role_id = publish(people)
    before = generation(app)
    with app.app_context():
        with db.session.begin_nested():
            db.session.get(RolePosting, role_id).title = "Head of AI Platform"
        assert db.session.scalar(select(PageGeneration.number)) == before
        db.session.commit()
    assert generation(app) == before + 1


def test_a_write_in_sql_text_counts(app, people):
    role_id = publish(people)
    before = generation(app)
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.commit()
        assert current_generation() == before
        db.session.execute(text("UPDATE role_postings SET title = 'Renamed' WHERE id = :id"),
                           {"id": role_id})  # fmt: skip
        db.session.commit()
    assert generation(app) == before + 1
