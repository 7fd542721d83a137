"""What brings a member back, in a real browser: saving roles, similar roles, salary filter and
sort, notifications."""

from __future__ import annotations

import pytest

from tests.factories import published_role
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def board(live_server, make_app, members):
    """Three open roles: two alike (product, head of), one paying in USD by the month."""
    app = members.app
    members.add("reader")
    author, moderator = members.add("author"), members.moderator
    roles = {
        "platform": published_role(
            app, author, moderator, title="Head of AI Platform", company="Contoso",
            salary_min="150000", salary_max="210000", salary_currency="USD", tags="llm platform",
        ),
        "alike": published_role(
            app, author, moderator, title="Head of Product, AI Platform", company="Fabrikam",
            salary_min="18000", salary_max="20000", salary_currency="USD", salary_period="month",
        ),
        "euro": published_role(
            app, author, moderator, title="Head of AI Product", company="Northwind",
        ),
    }  # fmt: skip
    return live_server, roles


def sign_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def role_titles(page) -> list[str]:
    return page.locator('section[aria-label="Roles"] h2 a').all_inner_texts()


def test_salary_filter_and_sort_narrow_and_order_the_list(board, page):
    page.goto("/roles/")
    page.locator("#filter-salary-min").fill("200000")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("Sort by").select_option("salary")
    page.get_by_role("button", name="Show roles").click()
    page.wait_for_url("**salary_min=200000**")
    assert "sort=salary" in page.url and "currency=USD" in page.url
    # 20,000 a month is 240,000 a year: first; 210,000 a year next; EUR roles are left out.
    assert role_titles(page) == ["Head of Product, AI Platform", "Head of AI Platform"]
    assert page.get_by_label("Sort by").input_value() == "salary"  # the form keeps the choice


def test_a_member_saves_a_similar_role_and_finds_it_in_saved(board, page):
    _server, roles = board
    sign_in(page, "reader@example.com")
    page.goto(f"/roles/{roles['platform']}")
    similar = page.locator("section.similar")
    assert similar.get_by_role("heading", name="Similar open roles").is_visible()
    similar.get_by_role("link", name="Head of Product, AI Platform").click()
    page.wait_for_url(f"**/roles/{roles['alike']}-*")

    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("button", name="Saved ✓ — remove").is_visible()
    page.locator("details.menu summary").click()  # the member menu
    page.get_by_role("link", name="Saved", exact=True).click()
    page.wait_for_url("**/me/saved")
    assert page.get_by_role("link", name="Head of Product, AI Platform").is_visible()

    page.get_by_role("button", name="Remove").first.click()
    assert page.get_by_role("link", name="Head of Product, AI Platform").count() == 0


def test_an_author_reads_the_decision_in_notifications(board, page):
    _server, roles = board
    sign_in(page, "author@example.com")
    link = page.locator("a.notifications-link")
    assert link.inner_text().replace("\n", " ").startswith("Notifications 3")  # three approvals
    link.click()
    page.wait_for_url("**/me/notifications")
    assert page.get_by_text("3 unread. Choose").is_visible()
    page.get_by_role("button", name="Your role posting “Head of AI Product” is live").click()
    page.wait_for_url(f"**/roles/{roles['euro']}/manage")
    page.goto("/me/notifications")
    assert page.get_by_text("2 unread. Choose").is_visible()
    page.get_by_role("button", name="Mark all as read").click()
    assert page.get_by_text("None unread. Choose").is_visible()
    assert page.locator("a.notifications-link .badge").count() == 0
