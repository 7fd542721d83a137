"""The main journeys in a real browser, done with the keyboard alone, every page checked by
axe-core, with screenshots at desktop and phone widths and no sideways scrolling at 360 px.

Screenshots go to `test-artifacts/screenshots/` (or `$ARTIFACTS_DIR/screenshots/`).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from aicb_board.auth import services as accounts
from aicb_board.auth.models import Role
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage
from tests.support import PASSWORD

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "test-artifacts")) / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 360}
SERIOUS = {"serious", "critical"}
# axe's rules by tag: WCAG 2.0 to 2.2 A and AA (2.2 adds target-size, 24 × 24 px) and its
# best practices, which together are every rule axe runs by default, and target-size.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The elements that stick out to the right, to say what makes a page scroll sideways.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.fixture
def board(live_server, make_app):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci, or make test, installs it)")
    app = make_app()
    with app.app_context():
        for email, name, role in (("author@example.com", "Alex Author", Role.MEMBER),
                                  ("mentor@example.com", "Maya Mentor", Role.MEMBER),
                                  ("mod@example.com", "Mina Mod", Role.MODERATOR),
                                  ("admin@example.com", "Ada Admin", Role.ADMIN)):  # fmt: skip
            accounts.register(
                email=email, display_name=name, password=PASSWORD, role=role, verified=True
            )
        db.session.commit()
    return live_server


class Person:
    """One browser tab, driven by the keyboard, checking every page it sees."""

    def __init__(self, browser, base: str, name: str) -> None:
        self.context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.name = name
        self.checked: set[str] = set()

    # Moving around with the keyboard ------------------------------------------------

    def tab_to(self, selector: str, limit: int = 120) -> None:
        """Press Tab until `selector` has the focus (proof it is reachable by keyboard)."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab on {self.page.url}")

    def type_into(self, label: str, text: str) -> None:
        field_id = self.page.get_by_label(label, exact=True).first.get_attribute("id")
        self.tab_to(f"#{field_id}")
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def choose(self, label: str, option_text: str) -> None:
        """Pick an option of a <select> by typing its label, as people do."""
        field = self.page.get_by_label(label, exact=True).first
        self.tab_to(f"#{field.get_attribute('id')}")
        self.page.keyboard.type(option_text)
        chosen = field.evaluate("select => select.options[select.selectedIndex].text")
        assert chosen.startswith(option_text), (label, chosen)

    def tick(self, label: str) -> None:
        """Tick a checkbox with the space bar."""
        box = self.page.get_by_label(label, exact=True).first
        self.tab_to(f"#{box.get_attribute('id')}")
        if not box.is_checked():
            self.page.keyboard.press("Space")
        assert box.is_checked(), label

    def press_button(self, name: str) -> None:
        """Tab to the button and press Enter, then wait for the next page."""
        button = self.page.get_by_role("button", name=name).first
        button.evaluate("b => b.setAttribute('data-target', '1')")
        self.tab_to("[data-target='1']")
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.check()

    def follow(self, name: str) -> None:
        """Tab to the link and press Enter."""
        link = self.page.get_by_role("link", name=name).first
        link.evaluate("a => a.setAttribute('data-target', '1')")
        self.tab_to("[data-target='1']")
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.check()

    def open(self, path: str) -> None:
        self.page.goto(path)
        self.page.keyboard.press("Tab")  # keyboard users start at the skip link or header
        self.check()

    # Checks ---------------------------------------------------------------------------

    def check(self) -> None:
        """axe-core on the page; screenshots and the overflow check at both widths."""
        path = re.sub(r"https?://[^/]+", "", self.page.url).split("?")[0]
        key = re.sub(r"\d+", "N", path)
        if key in self.checked:
            return
        self.checked.add(key)
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "async tags => await axe.run(document, {runOnly: tags, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in SERIOUS
        ]
        assert bad == [], f"{path}: {bad}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "home"
        for label, width in WIDTHS.items():
            self.page.set_viewport_size({"width": width, "height": 900})
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            wide = self.page.evaluate(WIDEST) if overflow > 0 else []
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px: {wide}"
            self.page.screenshot(path=str(SHOTS / f"{self.name}-{name}-{label}.png"),
                                 full_page=True)  # fmt: skip
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def sign_in(self, email: str) -> None:
        self.open("/auth/login")
        self.type_into("Email", email)
        self.type_into("Password", PASSWORD)
        self.press_button("Sign in")


def approve_what_waits(browser, board) -> Person:
    """The moderator signs in, opens the queue, reviews the first item and approves it."""
    mina = Person(browser, board, "moderator")
    mina.sign_in("mod@example.com")
    mina.open("/moderation/")
    mina.follow("Review")
    mina.press_button("Approve")
    return mina


def mailed_link(make_app, email: str) -> str:
    """The last link mailed to `email`, read from the outbox as the member would from mail."""
    with make_app().app_context():
        body = db.session.scalars(
            select(OutboxMessage.body)
            .where(OutboxMessage.recipient == email)
            .order_by(OutboxMessage.id.desc())
        ).first()
    return re.search(r"https?://\S+", body).group(0)


def test_register_post_a_role_moderate_it_and_find_it(browser, board, make_app):
    alex = Person(browser, board, "member")
    alex.open("/")
    alex.open("/auth/register")
    alex.type_into("Email", "newcomer@example.com")
    alex.type_into("Display name", "Nia Newcomer")
    alex.type_into("Password", "a long and sideways passphrase")
    alex.press_button("Create account")
    alex.open(mailed_link(make_app, "newcomer@example.com"))  # confirm the address to post
    alex.press_button("Confirm my email address")
    alex.open("/roles/new")
    alex.type_into("Role title", "Head of Applied AI Research")
    alex.choose("Seniority", "Head of")
    alex.type_into("Description", "Lead **applied AI** research with a team of eight people.")
    alex.type_into("Company", "Fabrikam")
    alex.choose("Workplace", "Remote")
    alex.type_into("Remote from", "Europe")
    alex.type_into("Apply link", "https://fabrikam.example/jobs/1")
    alex.type_into("Closes on", (utcnow() + timedelta(days=20)).strftime("%m%d%Y"))
    alex.press_button("Save and preview")
    alex.press_button("Submit for review")
    assert alex.page.get_by_text("Submitted.").is_visible()

    mina = approve_what_waits(browser, board)
    assert mina.page.get_by_text("Approved: “Head of Applied AI Research”").is_visible()

    alex.open("/search?q=applied+research")
    assert alex.page.get_by_role("link", name=re.compile("Applied AI Research")).is_visible()
    alex.follow("Head of Applied AI Research")
    alex.open("/roles/")


def test_a_mentor_profile_and_a_request_for_mentorship(browser, board):
    maya = Person(browser, board, "mentor")
    maya.sign_in("mentor@example.com")
    maya.open("/mentors/profile")
    maya.type_into("Headline", "From marketing director to Head of AI Product in two years.")
    maya.type_into("From (your earlier role)", "Director of Marketing")
    maya.type_into("To (your AI role)", "Head of AI Product")
    maya.choose("From function", "Go-to-market")
    maya.choose("To function", "Product")
    maya.type_into("Expertise", "ai-strategy, go-to-market")
    maya.type_into("About you", "I led marketing for ten years, then moved into AI product. " * 2)
    maya.tick("Video call")
    maya.choose("Time zone", "Berlin")  # the options name cities, grouped by region
    maya.tick("English")
    maya.type_into("Contact: an email address or a booking link", "https://cal.example/maya")
    maya.press_button("Save and preview")
    maya.press_button("Submit for review")

    approve_what_waits(browser, board)

    alex = Person(browser, board, "mentee")
    alex.sign_in("author@example.com")
    alex.open("/mentors/")
    alex.follow("Director of Marketing → Head of AI Product")
    alex.follow("Ask for mentorship")
    alex.type_into("What you want to achieve", "Move from VP Sales into an AI leadership role.")
    alex.type_into("Where you are now", "VP Sales, twelve years in B2B software.")
    alex.press_button("Send the request")
    alex.open("/mentorship/")
    assert alex.page.get_by_text("Maya Mentor").first.is_visible()


def test_write_a_story(browser, board):
    alex = Person(browser, board, "storyteller")
    alex.sign_in("author@example.com")
    alex.open("/stories/new")
    alex.type_into("Title", "From sales director to AI product lead")
    alex.type_into("Summary", "Ten years of selling software, then a sideways move into AI.")
    alex.type_into("From (your earlier role)", "Sales Director")
    alex.type_into("To (your AI role)", "AI Product Lead")
    alex.choose("From function", "Go-to-market")
    alex.choose("To function", "Product")
    alex.type_into("Your story", "## Where I started\n\n" + "I sold software for ten years. " * 12)
    alex.press_button("Save and preview")
    alex.press_button("Submit for review")
    alex.open("/me/submissions")
    assert alex.page.get_by_text("From sales director to AI product lead").is_visible()


def test_the_console_pages_pass_the_same_checks(browser, board):
    ada = Person(browser, board, "admin")
    ada.sign_in("admin@example.com")
    for path in ("/moderation/", "/moderation/log", "/admin/users", "/admin/reasons", "/api/",
                 "/search", "/me/submissions"):  # fmt: skip
        ada.open(path)
    ada.open("/admin/users?q=alex")
    ada.follow("Alex Author")
    assert ada.page.get_by_role("button", name="Suspend").is_visible()
