"""The shared test kit does what it says: `members` sign in through the login form, and
the factories make what the public sees (or does not see) after the real journey."""

from __future__ import annotations

import pytest

from aicb_board.auth.models import Role
from tests import factories


def public_page(client, path: str):
    """`path` as an anonymous visitor gets it, after any redirect to its canonical address."""
    return client.get(path, follow_redirects=True)


def test_a_published_role_is_listed_and_open_to_everyone(app, client, members):
    members.add("author")
    role_id = factories.published_role(app, members.author, members.moderator, title="VP of AI")

    assert "VP of AI" in public_page(client, "/roles/").get_data(as_text=True)
    page = public_page(client, f"/roles/{role_id}")
    assert page.status_code == 200
    assert "Northwind Analytics" in page.get_data(as_text=True)  # the form's default company


def test_a_draft_role_is_neither_listed_nor_open(app, client, members):
    members.add("author")
    role_id = factories.draft_role(app, members.author, title="A role still in draft")

    assert "A role still in draft" not in public_page(client, "/roles/").get_data(as_text=True)
    assert public_page(client, f"/roles/{role_id}").status_code == 404


def test_a_published_story_is_at_its_address_and_listed(app, client, members):
    members.add("author")
    factories.published_story(app, members.author, members.moderator, title="My turn to AI")

    assert "My turn to AI" in public_page(client, "/stories/").get_data(as_text=True)
    page = public_page(client, "/stories/my-turn-to-ai")
    assert page.status_code == 200
    assert "Where I started" in page.get_data(as_text=True)  # the form's default body


def test_a_draft_story_is_not_listed(app, client, members):
    members.add("author")
    factories.draft_story(app, members.author, title="A story still in draft")

    assert "A story still in draft" not in public_page(client, "/stories/").get_data(as_text=True)


def test_a_published_profile_makes_its_author_a_mentor_in_the_directory(app, client, members):
    members.add("alumna", display_name="Alma Alumna")
    profile_id = factories.published_profile(app, members.alumna, members.moderator)

    assert "Alma Alumna" in public_page(client, "/mentors/").get_data(as_text=True)
    assert public_page(client, f"/mentors/{profile_id}").status_code == 200


def test_a_draft_profile_is_not_in_the_directory(app, client, members):
    members.add("alumna", display_name="Alma Alumna")
    profile_id = factories.draft_profile(app, members.alumna)

    assert "Alma Alumna" not in public_page(client, "/mentors/").get_data(as_text=True)
    assert public_page(client, f"/mentors/{profile_id}").status_code == 404


def test_a_published_role_is_found_by_search(app, client, members):
    members.add("author")
    published = factories.published_role(app, members.author, members.moderator, title="Zeppelin")
    draft = factories.draft_role(app, members.author, title="Zeppelin draft", company="Hidden")

    results = client.get("/search?q=zeppelin").get_data(as_text=True)
    assert f'href="/roles/{published}-' in results
    assert f'href="/roles/{draft}-' not in results


def test_the_author_is_told_their_item_is_live(app, members, outbox):
    members.add("author")
    factories.published_story(app, members.author, members.moderator, title="Told by mail")

    subjects = [m.subject for m in outbox() if m.recipient == "author@example.com"]
    assert "Your story “Told by mail” is live" in subjects


def test_a_factory_refuses_what_the_form_refuses(app, members):
    members.add("author")
    with pytest.raises(AssertionError, match="salary_max"):
        factories.draft_role(app, members.author, salary_min="200000", salary_max="100000")


def test_members_sign_in_through_the_login_form_with_their_own_clients(app, members):
    members.add("alumna", display_name="Alma Alumna")
    alumna = members.sign_in("alumna")

    assert "Alma Alumna" in alumna.get("/account").get_data(as_text=True)
    assert members.sign_in("alumna") is alumna
    assert members.sign_in("alumna", app.test_client()) is not alumna


def test_a_moderator_and_an_admin_exist_once_named(members):
    assert members.moderator.role == Role.MODERATOR
    assert members.admin.role == Role.ADMIN
    assert members.sign_in("moderator").get("/moderation/").status_code == 200
    with pytest.raises(AttributeError):
        _ = members.nobody
