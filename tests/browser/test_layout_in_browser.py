"""The layout on a phone (390 px) and on a desktop: results before filters, tables that fit,
form rows that line up, and targets of at least 24 × 24 px (WCAG 2.2).

Screenshots go to `test-artifacts/screenshots/` (or `$ARTIFACTS_DIR/screenshots/`).
"""

from __future__ import annotations

import pytest

from aicb_board.auth.models import User
from aicb_board.extensions import db
from aicb_board.moderation import services as moderation
from aicb_board.roles.models import RolePosting
from tests.browser.test_journeys_in_browser import AXE, SHOTS
from tests.factories import (
    draft_role,
    published_profile,
    published_role,
    published_story,
    writing,
)
from tests.support import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
FIRST_SCREEN = 700  # px: a result this far down is seen without scrolling
LISTS = ("/roles/", "/mentors/", "/stories/")
TABLES = ("/moderation/", "/admin/users")

# How far each table (or the box that scrolls it) is wider than what it shows.
CLIPPED_TABLES = """() => [...document.querySelectorAll('table, .table-scroll')]
  .map(e => e.scrollWidth - e.clientWidth).filter(d => d > 0)"""
# Per .field-row, per field: its top, and its control's top and height.
FIELD_ROW_TOPS = """() => [...document.querySelectorAll('.field-row')].map(row =>
  [...row.querySelectorAll('.field')].map(f => {
    const box = f.getBoundingClientRect();
    const control = f.querySelector('input, select, textarea').getBoundingClientRect();
    return [Math.round(box.top), Math.round(control.top), Math.round(control.height)];
  }))"""


@pytest.fixture
def board(app, members, live_server):
    """Two roles, two stories and a mentor published, a role waiting for review, and a
    member with a long email address."""
    author, moderator = members.add("author"), members.moderator
    members.user("admin")
    for number in range(2):
        published_role(app, author, moderator, title=f"Head of AI Product {number}")
        published_story(app, author, moderator, title=f"From sales to AI product {number}")
    published_profile(app, author, moderator)
    pending = draft_role(app, author, title="VP of Applied Machine Learning and Data Platforms")
    with writing(app):
        item = db.session.get(RolePosting, pending)
        moderation.transition(item, "submit", actor=db.session.get(User, author.id))
    members.add(
        "longaddress",
        email="a.very.long.address.for.a.member@subsidiary.northwind-analytics.example",
    )
    return live_server


def sign_in(page, email: str) -> None:
    """Sign in through the form, and wait for the home page."""
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def shoot(page, name: str) -> None:
    """A full-page screenshot, next to the journeys' screenshots."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"layout-{name}.png"), full_page=True)


@pytest.mark.parametrize("path", LISTS)
def test_a_phone_shows_results_before_the_filters(page, board, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    shoot(page, f"{path.strip('/')}-390")
    first = page.locator(".card-list > li").first.bounding_box()
    filters = page.locator("details.filters")
    assert filters.count() == 1, "the filters are behind a “Filters” disclosure"
    above = first["y"] < filters.bounding_box()["y"]
    collapsed = filters.get_attribute("open") is None and first["y"] < FIRST_SCREEN
    assert above or collapsed, f"the first result is {first['y']} px down on {path}"
    page.set_viewport_size(DESKTOP)
    shoot(page, f"{path.strip('/')}-1280")


@pytest.mark.parametrize("path", TABLES)
def test_the_console_tables_fit_a_phone_and_link_every_row(page, board, path):
    page.set_viewport_size(PHONE)
    sign_in(page, "admin@example.com")
    page.goto(path)
    shoot(page, f"{path.strip('/').replace('/', '-')}-390")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"
    assert page.evaluate(CLIPPED_TABLES) == [], f"a table is clipped on {path}"
    rows = page.locator("tbody tr")
    assert rows.count() > 0
    for number in range(rows.count()):
        assert rows.nth(number).locator("a").count() >= 1, f"row {number} has no link"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_role_form_lines_its_fields_up(page, board, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "author@example.com")
    page.goto("/roles/new")
    shoot(page, f"roles-new-{viewport['width']}")
    for row in page.evaluate(FIELD_ROW_TOPS):
        by_line: dict[int, set[tuple[int, int]]] = {}
        for field_top, control_top, height in row:
            by_line.setdefault(field_top, set()).add((control_top, height))
        for field_top, controls in by_line.items():
            assert len(controls) == 1, f"fields at {field_top} px do not line up: {controls}"


@pytest.mark.parametrize("path", ["/", "/auth/login", "/auth/register", *LISTS])
def test_every_target_is_at_least_24_px(page, board, path):
    """axe's WCAG 2.2 rules (target-size) on the pages everyone sees, at both widths."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci, or make test, installs it)")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(path)
        page.evaluate(AXE.read_text())
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag22aa'],"
            " resultTypes: ['violations']})"
        )
        bad = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
        assert bad == [], f"{path} at {viewport['width']} px: {bad}"
