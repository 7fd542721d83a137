"""Similar open roles and similar mentors on an item's page, found through each backend."""

from __future__ import annotations

from aicb_board.extensions import db
from aicb_board.moderation import services as moderation
from aicb_board.roles.models import RolePosting
from aicb_board.search import SearchUnavailable
from aicb_board.search.backends import backend
from tests.factories import published_profile, writing
from tests.search.conftest import publish_role


def similar_section(client, path: str) -> str:
    """The page's "Similar" section ('' when it has none)."""
    html = client.get(path, follow_redirects=True).get_data(as_text=True)
    start = html.find('id="similar"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_a_role_shows_similar_open_roles_of_its_function_and_seniority(people):
    role = publish_role(people, title="Head of AI Product", tags="llm products")
    alike = publish_role(people, title="Head of Product, LLM Platform", company="Contoso")
    elsewhere = publish_role(
        people, title="Head of AI Product Engineering", company="Fabrikam", function="engineering"
    )
    junior = publish_role(
        people, title="AI Product Director", company="Tailspin", seniority="director"
    )
    closed = publish_role(people, title="Head of AI Product Growth", company="Litware")
    with writing(people.app):
        moderation.transition(
            db.session.get(RolePosting, closed),
            "close",
            actor=db.session.get(type(people.author_user), people.author_user.id),
        )

    section = similar_section(people.anonymous, f"/roles/{role}")

    assert "Similar open roles" in section
    assert "Head of Product, LLM Platform" in section
    assert f"/roles/{alike}-" in section
    assert f"/roles/{role}-" not in section  # never the role itself
    assert f"/roles/{elsewhere}-" not in section  # another function
    assert f"/roles/{junior}-" not in section  # another seniority
    assert f"/roles/{closed}-" not in section  # closed


def test_a_role_with_nothing_alike_shows_no_similar_section(people):
    role = publish_role(people, title="Head of AI Product")
    publish_role(people, title="Head of Data Platform", company="Contoso", function="data-ml")
    assert similar_section(people.anonymous, f"/roles/{role}") == ""


def test_a_mentor_shows_mentors_who_made_the_same_move(app, members):
    for name in ("ana", "ben", "cyd", "dee"):
        members.add(name)
    mentor = published_profile(app, members.ana, members.moderator)
    moderator = members.moderator
    alike = published_profile(
        app, members.ben, moderator, headline="Marketing to AI product, with LLM products."
    )
    other_move = published_profile(
        app, members.cyd, moderator, from_function="engineering", from_role="Engineering Manager"
    )
    other_goal = published_profile(
        app, members.dee, moderator, to_function="strategy", to_role="Head of AI Strategy"
    )

    section = similar_section(app.test_client(), f"/mentors/{mentor}")

    assert "Similar mentors" in section
    assert f'href="/mentors/{alike}"' in section
    assert f'href="/mentors/{mentor}"' not in section
    assert f'href="/mentors/{other_move}"' not in section
    assert f'href="/mentors/{other_goal}"' not in section


def test_a_role_page_still_opens_when_search_cannot_be_read(people, monkeypatch):
    role = publish_role(people, title="Head of AI Product")
    publish_role(people, title="Head of Product, LLM Platform", company="Contoso")

    def unreadable(*args, **kwargs):
        raise SearchUnavailable("the index is gone")

    with people.app.app_context():
        monkeypatch.setattr(backend(), "search", unreadable)
    response = people.anonymous.get(f"/roles/{role}", follow_redirects=True)
    assert response.status_code == 200
    assert 'id="similar"' not in response.get_data(as_text=True)


def test_similar_roles_are_searched_once_until_the_board_changes(people, monkeypatch):
    role = publish_role(people, title="Head of AI Product", tags="llm products")
    publish_role(people, title="Head of Product, LLM Platform", company="Contoso")
    with people.app.app_context():
        engine = backend()
    searched = []
    search = engine.search
    monkeypatch.setattr(engine, "search", lambda *a, **k: searched.append(a) or search(*a, **k))
    member = people.other  # signed in: the page is rendered for them each time
    for _ in range(3):
        assert "Head of Product, LLM Platform" in similar_section(member, f"/roles/{role}")
    assert len(searched) == 1
    later = publish_role(people, title="Head of AI Product Platform", company="Fabrikam")
    assert f"/roles/{later}-" in similar_section(member, f"/roles/{role}")
    assert len(searched) == 2
