"""A member's own move at /mentors/match: the form, its privacy, and the pages it changes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from aicb_board.extensions import db
from aicb_board.mentors.models import MemberMove
from tests.support import count_queries, post_action, post_form

SECRET_ROLE = "Director of Quiet Marketing"


def move_form(**overrides) -> dict:
    """What a member types to describe their move."""
    data = {
        "from_function": "go-to-market",
        "from_role": SECRET_ROLE,
        "to_function": "product",
        "industries": "Fintech, Insurance",
        "languages": ["en", "es"],
        "timezone": "Europe/Madrid",
        "topics": "Hiring, AI Strategy",
    }
    data.update(overrides)
    return data


def moves_of(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(MemberMove.user_id, MemberMove.from_function, MemberMove.to_function,
                   MemberMove.industries, MemberMove.languages, MemberMove.timezone,
                   MemberMove.topics, MemberMove.from_role)
        )  # fmt: skip
        return [tuple(row) for row in rows]


def save(client, **overrides):
    return post_form(client, "/mentors/match", move_form(**overrides))


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


# The form -------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in(cast):
    response = cast.anonymous.get("/mentors/match")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_member_saves_their_move_and_sees_it_again_with_suggestions(app, cast):
    cast.publish_profile("alumna", languages=["en", "es"])
    blank = page(cast.leader, "/mentors/match")
    assert "Find a mentor for your move" in blank and "Suggested for your move" not in blank
    response = save(cast.leader)
    assert response.status_code == 302 and response.headers["Location"].endswith("/mentors/match")
    leader = cast.users["leader"].id
    assert moves_of(app) == [(leader, "go-to-market", "product", "fintech,insurance", "en,es",
                              "Europe/Madrid", "hiring,ai-strategy", SECRET_ROLE)]  # fmt: skip
    html = page(cast.leader, "/mentors/match")
    assert "Your move is saved." in html
    assert html.index("Suggested for your move") < html.index("Your move</h2>")
    assert "Also went from go-to-market to product · same time zone · speaks Spanish" in html
    assert f'value="{SECRET_ROLE}"' in html
    assert 'value="fintech, insurance"' in html and 'value="hiring, ai-strategy"' in html
    assert '<option selected value="Europe/Madrid">Madrid</option>' in html
    assert re.search(r'checked[^>]*value="es"|value="es"[^>]*checked', html)


def test_saving_again_changes_the_one_move(app, cast):
    save(cast.leader)
    save(cast.leader, to_function="strategy", industries="", languages=[], timezone="")
    [row] = moves_of(app)
    assert row[1:7] == ("go-to-market", "strategy", "", "", "", "hiring,ai-strategy")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("to_function", "", "Choose the function you want to move into."),
        ("from_function", "", "Choose the function you are moving from."),
        ("from_function", "sorcery", "Not a valid choice"),
        ("languages", ["xx"], "not a valid choice"),
        ("timezone", "Mars/Olympus", "Not a valid choice"),
        ("topics", ",".join(f"topic {n}" for n in range(9)), "Use at most 8"),
        ("industries", "a, b, c, d, e, f", "Use at most 5"),
        ("from_role", "x" * 101, "100 characters"),
        ("from_role", "tab\there", "Remove the invisible control characters."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_input_kept(app, cast, field, value, message):
    response = save(cast.leader, **{"industries": "Kept Industry", field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Please correct the marked fields." in html
    assert moves_of(app) == []
    if field != "industries":
        assert 'value="Kept Industry"' in html


def test_a_move_is_not_saved_without_the_csrf_token(app, cast):
    response = cast.leader.post("/mentors/match", data=move_form())
    assert response.status_code == 400
    assert moves_of(app) == []


def test_remove_my_move_forgets_it_and_the_directory_is_plain_again(app, cast):
    cast.publish_profile("alumna")
    save(cast.leader)
    assert "Suggested for your move" in page(cast.leader, "/mentors/")
    assert "Remove my move" in page(cast.leader, "/mentors/match")
    response = post_action(cast.leader, "/mentors/match/remove")
    assert response.status_code == 302
    assert moves_of(app) == []
    assert "Your move is removed." in page(cast.leader, "/mentors/match")
    assert "Suggested for your move" not in page(cast.leader, "/mentors/")
    assert post_action(cast.leader, "/mentors/match/remove").status_code == 302  # nothing to do


def test_deleting_the_account_row_deletes_its_move(app, cast):
    save(cast.leader)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("SQLite enforces foreign keys only with PRAGMA foreign_keys")
        db.session.execute(
            db.text("DELETE FROM users WHERE id = :id"), {"id": cast.users["leader"].id}
        )
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(MemberMove)) == 0


# Privacy ---------------------------------------------------------------------------


def test_nobody_else_sees_my_move(app, cast):
    cast.publish_profile("alumna")
    save(cast.leader)
    profile_id = cast.profile_id("alumna")
    other = page(cast.moderator, "/mentors/match")
    assert SECRET_ROLE not in other and "Tell us the move you are making" in other
    assert "Suggested for your move" not in page(cast.moderator, "/mentors/")
    for client in (cast.anonymous, cast.alumna, cast.admin):
        for path in ("/mentors/", f"/mentors/{profile_id}", "/api/v1/mentors",
                     f"/api/v1/mentors/{profile_id}", "/search?q=Quiet", "/"):  # fmt: skip
            assert SECRET_ROLE not in page(client, path), path
    assert SECRET_ROLE not in page(cast.admin, f"/admin/users/{cast.users['leader'].id}")


# The directory --------------------------------------------------------------------


def test_the_directory_shows_suggestions_first_only_to_a_member_with_a_move(app, cast):
    cast.publish_profile("alumna", from_role="Alumna Role")
    cast.publish_profile("engineer", from_role="Engineer Role", from_function="engineering",
                         to_function="strategy")  # fmt: skip
    save(cast.leader)
    html = page(cast.leader, "/mentors/")
    suggested, directory = html.split("All mentors", 1)
    assert "Suggested for your move" in suggested
    assert "Alumna Role" in suggested and "Engineer Role" not in suggested
    assert "Why:" in suggested and "Also went from go-to-market to product" in suggested
    assert "Alumna Role" in directory and "Engineer Role" in directory
    for client in (cast.anonymous, cast.alumna):
        plain = page(client, "/mentors/")
        assert "Suggested for your move" not in plain and "All mentors" not in plain
        assert "Find a mentor for your move" in plain


def test_a_filtered_or_later_page_is_the_plain_directory(cast):
    cast.publish_profile("alumna")
    save(cast.leader)
    for path in ("/mentors/?to_function=product", "/mentors/?page=2", "/mentors/?accepting=1"):
        assert "Suggested for your move" not in page(cast.leader, path), path


def test_no_mentor_for_the_move_says_so(cast):
    cast.publish_profile("alumna", from_function="engineering", to_function="strategy")
    save(cast.leader)
    html = page(cast.leader, "/mentors/")
    assert "No mentor who made a move like yours is taking mentees right now." in html


def test_the_anonymous_directory_stays_cacheable(cast):
    cast.publish_profile("alumna")
    response = cast.anonymous.get("/mentors/")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Set-Cookie" not in response.headers
    assert cast.leader.get("/mentors/match").headers["Cache-Control"] == "no-store"


def test_suggestions_cost_no_more_queries_as_mentors_are_added(app, cast):
    """One query per move that fits (at most), never one per mentor."""
    cast.publish_profile("m0", from_role="Role 0")
    save(cast.leader)
    few = count_queries(app, cast.leader, "/mentors/")
    for n in range(1, 8):
        cast.publish_profile(f"m{n}", from_role=f"Role {n}", from_function="operations")
    assert "Role 5" in page(cast.leader, "/mentors/").split("All mentors")[0]
    assert count_queries(app, cast.leader, "/mentors/") <= few
