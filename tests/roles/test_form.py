"""Posting a role with bad input: a clear message next to the field, nothing lost, no 500."""

import pytest
from sqlalchemy import func, select

from aicb_board.extensions import db
from aicb_board.roles.models import RolePosting
from tests.factories import role_form
from tests.support import decide, post_form


def count_roles(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(RolePosting))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Give the role a title."),
        ({"company": ""}, "Name the company."),
        ({"salary_min": "300000", "salary_max": "200000"}, "at least the lower end"),
        ({"salary_currency": ""}, "Choose the currency"),
        ({"salary_min": "-5"}, "Number must be between"),
        ({"salary_min": "lots"}, "Not a valid integer value"),
        ({"apply_url": "javascript:alert(1)"}, "Enter a full web address"),
        ({"company_url": "data:text/html,<script>alert(1)</script>"}, "Enter a full web address"),
        ({"apply_url": "https://evil.example\\@jobs.example/1"}, "Enter a full web address"),
        ({"apply_url": "https://user:pw@jobs.example/1"}, "Enter a full web address"),
        ({"apply_url": "https://jobs.exa\nmple/1"}, "Enter a full web address"),
        ({"company_url": "https://north\twind.example"}, "Enter a full web address"),
        ({"company_url": "https://a@northwind.example"}, "Enter a full web address"),
        ({"apply_url": "", "apply_email": ""}, "Give an apply link or an email address."),
        ({"apply_email": "not-an-email"}, "Enter a valid email."),
        ({"description": "x" * 100_000}, "between 50 and 20,000 characters"),
        ({"description": "too short"}, "between 50 and 20,000 characters"),
        ({"workplace": "hybrid", "location": ""}, "Say where the role is based."),
        ({"workplace": "onsite", "country": ""}, "Choose the country"),
        ({"workplace": "remote", "remote_from": [], "country": ""}, "Say where candidates"),
        ({"country": "XX"}, "Not a valid choice"),
        ({"seniority": "intern"}, "Not a valid choice"),
        ({"tags": "a, b, c, d, e, f, g"}, "at most 6 tags"),
        ({"expires_at": "2020-01-01"}, "after today"),
        ({"expires_at": "2999-01-01"}, "at most 90 days"),
        ({"expires_at": "next tuesday"}, "Not a valid date value"),
        ({"title": "Head of AI\x00 Product"}, "control characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_rest(app, people, overrides, message):
    data = role_form(**overrides)
    response = post_form(people.author, "/roles/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "Northwind Analytics" in page or overrides.get("company") == ""  # input kept
    assert count_roles(app) == 0


def test_remote_role_needs_no_city(app, people):
    role_id = people.post_role(workplace="remote", location="", country="", remote_from="europe")
    page = people.author.get(f"/roles/{role_id}/manage").get_data(as_text=True)
    assert "Remote (Europe)" in page


def test_tags_are_normalised(app, people):
    role_id = people.post_role(tags="  Gen AI , LLM Products, gen-ai,  ")
    with app.app_context():
        assert db.session.get(RolePosting, role_id).tags == "gen-ai,llm-products"


def test_same_title_and_company_within_30_days_is_refused(app, people):
    people.post_role()
    response = post_form(people.author, "/roles/new", role_form(title="head of ai product"))
    assert response.status_code == 422
    assert "same title and company" in response.get_data(as_text=True)
    assert count_roles(app) == 1


def test_daily_cap_on_new_roles(make_app, make_user):
    from tests.roles.conftest import People

    app = make_app(ROLE_DAILY_CAP=2)
    people = People(app, make_user)
    people.post_role(title="Head of AI Product One")
    people.post_role(title="Head of AI Product Two")
    response = post_form(people.author, "/roles/new", role_form(title="Head of AI Product Three"))
    assert response.status_code == 422
    assert "at most 2 new roles a day" in response.get_data(as_text=True)


def test_published_role_cannot_be_edited_by_rejected_path(app, people):
    from tests.support import post_action

    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    decide(people.moderator, f"/moderation/role/{role_id}/reject", {"reason": "Spam."})
    response = people.author.get(f"/roles/{role_id}/edit")
    assert response.status_code == 409
    assert "can no longer be edited" in response.get_data(as_text=True)


def test_stale_decision_is_a_409_with_a_message(people):
    from tests.support import post_action

    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    assert decide(people.moderator, f"/moderation/role/{role_id}/approve").status_code == 302
    again = decide(people.admin, f"/moderation/role/{role_id}/approve")
    assert again.status_code == 409
    assert "is published, so it cannot be sent through “Approve”" in again.get_data(as_text=True)


def test_reject_without_reason_is_refused_and_changes_nothing(app, people):
    from tests.support import post_action

    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    response = decide(people.moderator, f"/moderation/role/{role_id}/reject", {"reason": ""})
    assert response.status_code == 422  # a form error (issue 16), on the review page again
    assert "Give a reason" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(RolePosting, role_id).status == "pending"
