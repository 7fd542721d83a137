"""A role from draft to published, clicked through in a real browser by two people."""

from datetime import timedelta

import pytest

from aicb_board.auth import services as accounts
from aicb_board.auth.models import Role
from aicb_board.database import utcnow
from aicb_board.extensions import db
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def accounts_ready(live_server, make_app):
    app = make_app()
    with app.app_context():
        accounts.register(
            email="author@example.com", display_name="Alex Author", password=PASSWORD, verified=True
        )
        accounts.register(
            email="mod@example.com",
            display_name="Mina Mod",
            password=PASSWORD,
            role=Role.MODERATOR,
            verified=True,
        )
        db.session.commit()
    return live_server


def sign_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_post_a_role_and_get_it_approved(browser, accounts_ready, page):
    sign_in(page, "author@example.com")
    page.goto("/roles/new")
    page.get_by_label("Role title").fill("Head of Applied AI")
    page.get_by_label("Seniority").select_option("head-of")
    page.get_by_label("Description").fill(
        "Lead **applied AI** across our products, with a team of eight. Report to the CEO."
    )
    page.get_by_label("Company", exact=True).fill("Fabrikam")
    page.get_by_label("Workplace").select_option("remote")
    page.get_by_label("Remote from").select_option(label="Europe")
    page.get_by_label("Apply link").fill("https://fabrikam.example/jobs/1")
    closing = (utcnow() + timedelta(days=20)).date().isoformat()
    page.get_by_label("Closes on").fill(closing)
    page.get_by_role("button", name="Save and preview").click()
    assert page.get_by_text("Your role is saved as a draft").is_visible()
    assert page.get_by_role("heading", name="Head of Applied AI").is_visible()
    page.get_by_role("button", name="Submit for review").click()
    assert page.get_by_text("Submitted. A moderator will review it").is_visible()

    moderator = browser.new_context(base_url=accounts_ready).new_page()
    sign_in(moderator, "mod@example.com")
    moderator.get_by_role("link", name="Moderation").click()
    moderator.get_by_role("link", name="Review").first.click()
    moderator.get_by_role("button", name="Approve").click()
    assert moderator.get_by_text("Approved: “Head of Applied AI”").is_visible()

    page.goto("/roles/")
    page.get_by_role("link", name="Head of Applied AI").click()
    assert page.get_by_text("Remote (Europe)").first.is_visible()
    assert page.locator('script[type="application/ld+json"]').count() == 1
