"""The review guarantee, explored: random sequences of what authors, moderators, reporters,
admins and the board itself do, over every kind of content, checked after every step.

Every text an author writes carries a marker word (``zq17x``). A marker becomes *approved*
when a moderator's decision succeeds on a page that showed it. After each step:

- every marker on a public surface (pages, lists, feeds, the sitemap, the API, search, and
  mail to anyone but the item's author) is an approved marker of its own item;
- each item's audit log, replayed from "draft", ends in the item's status, and each
  version of its text is kept;
- no request answered 500.

Run it longer with ``REVIEW_MODEL_EXAMPLES=500 REVIEW_MODEL_STEPS=40 pytest
tests/moderation/test_review_guarantee_model.py`` (and ``TEST_DATABASE_URL`` for PostgreSQL).
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

import whoosh.codec.base
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select
from whoosh.util import IDCHARS

from aicb_board.auth.models import Role
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.kinds import KINDS
from aicb_board.mail import OutboxMessage
from aicb_board.mentors.models import MentorshipRequest
from aicb_board.moderation.models import ModerationEvent, Revision
from aicb_board.roles.models import RolePosting
from tests.conftest import AuthActions
from tests.factories import profile_form, published_profile, role_form, story_form
from tests.mentors.conftest import request_form
from tests.support import csrf_from

MARKER = re.compile(r"zq\d+x")
VERSION = re.compile(r'name="version" value="(\d+)"')
EXAMPLES = int(os.environ.get("REVIEW_MODEL_EXAMPLES", "8"))
STEPS = int(os.environ.get("REVIEW_MODEL_STEPS", "14"))
PUBLIC_PAGES = (
    "/", "/roles/", "/mentors/", "/stories/", "/roles/feed.atom", "/stories/feed.atom",
    "/sitemap.xml", "/sitemaps/role-1.xml", "/sitemaps/mentor-1.xml", "/sitemaps/story-1.xml",
    "/api/v1/roles", "/api/v1/mentors", "/api/v1/stories",
    "/search?q=quokka", "/api/v1/search?q=quokka",
)  # fmt: skip
AUTHORS = ("author0", "author1")
PLURALS = {"role": "roles", "mentor": "mentors", "story": "stories"}  # the board's kinds
KIND_NAMES = tuple(PLURALS)  # written by the `create` rule; thank-you notes by `mentee_thanks`
AUTHOR_ACTIONS = ("submit", "resubmit", "withdraw", "close", "renew")
DECISIONS = ("approve", "request_changes", "reject", "remove", "restore")
PUBLISHING = {"approve", "restore", "revision", "dismiss", "grant"}
markers = (f"zq{n}x" for n in itertools.count(1))


def texts(kind: str, marker: str) -> dict:
    """A form for `kind` whose shown text carries `marker`."""
    if kind == "role":
        return role_form(
            title=f"Head of AI Product quokka {marker}",
            description=f"Lead the AI product portfolio quokka {marker}. " * 3,
        )
    if kind == "story":
        return story_form(
            title=f"From marketing to AI quokka {marker}",
            body=f"How I moved into AI product, quokka {marker}. " * 8,
        )
    return profile_form(
        from_role=f"Director of Marketing {marker}",  # the queue names a profile by its move
        headline=f"I moved into AI product quokka {marker}",
        bio=f"Twelve years in marketing, then AI product, quokka {marker}.",
    )


@dataclass
class Item:
    """One piece of content the machine made, and what moderators approved of it."""

    kind: str
    id: int
    author: str
    approved: set[str] = field(default_factory=set)
    read: tuple[str, set[str]] | None = None  # the version and markers a moderator read

    @property
    def review(self) -> str:
        return f"/moderation/{self.kind}/{self.id}"


def test_the_public_only_ever_sees_approved_text(make_app, make_user, monkeypatch):
    # Hypothesis seeds `random` alike for every example, and Whoosh names new segments with
    # it: in the index the examples share, a segment would take an existing one's name and
    # write over files that readings hold open.
    system = secrets.SystemRandom()
    monkeypatch.setattr(whoosh.codec.base, "random_name",
                        lambda size=28: "".join(system.choices(IDCHARS, k=size)))  # fmt: skip
    # Trusted members' edits go live by design: nobody here earns trust. Sign-in limits
    # would count the machine's many sign-ins from one address.
    app = make_app(TRUSTED_AFTER=10**6, REPORT_HIDE_THRESHOLD=2, RATELIMIT_ENABLED=False)
    people = itertools.count()
    everything: dict[str, Item] = {}  # marker → its item, across examples

    class Board(RuleBasedStateMachine):
        """Authors, a moderator, reporters, an admin and the board, at random."""

        def __init__(self) -> None:
            super().__init__()
            self.items: list[Item] = []
            self.mail_seen = self._mail_count()
            self.clients = {}
            self.user_ids = {}
            self.emails = {}
            for name, role in (("author0", Role.MEMBER), ("author1", Role.MEMBER),
                               ("reporter0", Role.MEMBER), ("reporter1", Role.MEMBER),
                               ("moderator", Role.MODERATOR), ("admin", Role.ADMIN)):  # fmt: skip
                email = self.emails[name] = f"{name}.{next(people)}@example.com"
                self.user_ids[name] = make_user(email, display_name=name.title(), role=role).id
                client = app.test_client()
                assert AuthActions(client).login(email).status_code == 302
                self.clients[name] = client
            self.anonymous = app.test_client()
            self.mentor_profile = None  # thanked by the authors' notes, made when first needed

        # Requests ------------------------------------------------------------------

        def get(self, client, path: str):
            response = client.get(path, follow_redirects=True)
            assert response.status_code < 500, (path, response.status_code)
            return response

        def post(self, client, path: str, data: dict | None = None, *, form_page: str = ""):
            page = self.get(client, form_page or "/auth/login").get_data(as_text=True)
            response = client.post(path, data={"csrf_token": csrf_from(page), **(data or {})})
            assert response.status_code < 500, (path, response.status_code)
            return response

        def write(self, item_kind: str, author: str, path: str):
            marker = next(markers)
            response = self.post(self.clients[author], path, texts(item_kind, marker),
                                 form_page=path)  # fmt: skip
            return marker, response

        # Authors -------------------------------------------------------------------

        @rule(kind=st.sampled_from(KIND_NAMES), author=st.sampled_from(AUTHORS))
        def create(self, kind: str, author: str) -> None:
            if kind == "mentor" and any(
                i.kind == "mentor" and i.author == author for i in self.items
            ):
                return  # one mentor profile each: writing again edits it
            path = {"role": "/roles/new", "story": "/stories/new", "mentor": "/mentors/profile"}
            marker, response = self.write(kind, author, path[kind])
            if response.status_code != 302 or "/auth/login" in response.headers["Location"]:
                return  # refused, or the author is suspended (signed out)
            item = Item(kind, self._newest_id(kind, author), author)
            self.items.append(item)
            everything[marker] = item

        @rule(author=st.sampled_from(AUTHORS))
        def mentee_thanks(self, author: str) -> None:
            """A completed mentorship with the board's mentor, and the author's thank-you note."""
            mentor = self.clients["mentor"] if self.mentor_profile else self._a_mentor()
            ask = f"/mentors/{self.mentor_profile}/request"
            asked = self.post(self.clients[author], ask, request_form(), form_page=ask)
            if asked.status_code != 302 or "/auth/login" in asked.headers["Location"]:
                return  # refused (suspended, or an open request already)
            with app.app_context():
                request_id = db.session.scalar(
                    select(func.max(MentorshipRequest.id)).where(
                        MentorshipRequest.mentee_id == self.user_ids[author]
                    )
                )
            self.post(mentor, f"/mentorship/{request_id}/accept")
            self.post(mentor, f"/mentorship/{request_id}/complete", {"confirm": "1"})
            marker = next(markers)
            body = {"body": f"Thank you for the mentorship, {marker} changed my year."}
            written = self.post(
                self.clients[author], f"/mentorship/thanks/write/{request_id}", body
            )
            if written.status_code != 302:
                return
            item = Item("thanks", self._newest_id("thanks", author), author)
            self.items.append(item)
            everything[marker] = item

        @precondition(lambda self: any(item.kind == "thanks" for item in self.items))
        @rule(data=st.data(), answer=st.sampled_from(("approve", "decline")))
        def mentor_answers(self, data, answer: str) -> None:
            item = data.draw(st.sampled_from([i for i in self.items if i.kind == "thanks"]))
            self.post(self.clients["mentor"], f"/mentorship/thanks/{item.id}/{answer}")

        @precondition(lambda self: any(item.kind != "thanks" for item in self.items))
        @rule(data=st.data())
        def edit(self, data) -> None:
            # A thank-you note is never edited (its mentee withdraws it instead).
            item = data.draw(st.sampled_from([i for i in self.items if i.kind != "thanks"]))
            path = {
                "role": f"/roles/{item.id}/edit",
                "story": f"/stories/{item.id}/edit",
                "mentor": "/mentors/profile",
            }[item.kind]
            marker, _ = self.write(item.kind, item.author, path)
            everything[marker] = item

        @precondition(lambda self: self.items)
        @rule(data=st.data(), action=st.sampled_from(AUTHOR_ACTIONS))
        def author_acts(self, data, action: str) -> None:
            item = data.draw(st.sampled_from(self.items))
            path = f"/me/submissions/{item.kind}/{item.id}/{action}"
            self.post(self.clients[item.author], path, {"confirm": "1"})  # as confirmed

        @precondition(lambda self: self.items)
        @rule(data=st.data())
        def author_sends_for_review(self, data) -> None:
            item = data.draw(st.sampled_from(self.items))
            for action in ("submit", "resubmit", "renew"):  # whichever its state allows
                path = f"/me/submissions/{item.kind}/{item.id}/{action}"
                if self.post(self.clients[item.author], path).status_code == 302:
                    return

        # Moderators ----------------------------------------------------------------

        @precondition(lambda self: self.items)
        @rule(data=st.data())
        def moderator_reads(self, data) -> None:
            item = data.draw(st.sampled_from(self.items))
            page = self.get(self.clients["moderator"], item.review).get_data(as_text=True)
            version = VERSION.search(page)
            item.read = (version.group(1) if version else "", set(MARKER.findall(page)))
            self.items.remove(item)  # the item read last comes first
            self.items.insert(0, item)

        @precondition(lambda self: any(item.read for item in self.items))
        @rule(data=st.data(), decision=st.sampled_from(DECISIONS + ("revision", "dismiss")))
        def moderator_decides(self, data, decision: str) -> None:
            item = data.draw(st.sampled_from([item for item in self.items if item.read]))
            version, seen = item.read
            form = {"version": version, "reason": "A reason for the record."}
            moderator = self.clients["moderator"]
            if decision == "revision":  # the waiting edit on the review page as it is now
                page = self.get(moderator, item.review).get_data(as_text=True)
                found = re.search(r"/moderation/revisions/(\d+)/approve", page)
                path = f"/moderation/revisions/{found.group(1) if found else 0}/approve"
                seen = set(MARKER.findall(page))
            elif decision == "dismiss":
                path = f"{item.review}/reports/dismiss"
            else:
                path = f"{item.review}/{decision}"
            if self.post(moderator, path, form).status_code == 302 and decision in PUBLISHING:
                item.approved |= seen

        @precondition(lambda self: self.items)
        @rule(data=st.data())
        def moderator_reads_and_approves(self, data) -> None:
            self.moderator_reads(data)
            item = next(item for item in self.items if item.read)
            version, seen = item.read
            path = f"{item.review}/approve"
            if self.post(self.clients["moderator"], path, {"version": version}).status_code == 302:
                item.approved |= seen

        @precondition(lambda self: self.items)
        @rule()
        def moderator_approves_several(self) -> None:
            queue = self.get(self.clients["moderator"], "/moderation/").get_data(as_text=True)
            mine = {(item.kind, str(item.id)): item for item in self.items}
            chosen = {}  # only this run's items: earlier runs' wait on, untouched
            for row in re.findall(r"<tr>.*?</tr>", queue, flags=re.S):
                found = re.search(r'value="((\w+):(\d+):\d+)"', row)
                if found and (found.group(2), found.group(3)) in mine:
                    chosen[found.group(1)] = (mine[found.group(2), found.group(3)], row)
            if not chosen:
                return
            response = self.post(self.clients["moderator"], "/moderation/approve-many",
                                 {"items": list(chosen)})  # fmt: skip
            assert response.status_code == 302
            for item, row in chosen.values():  # the queue showed each one's title
                item.approved |= set(MARKER.findall(row))

        # Reporters, admins, the board ------------------------------------------------

        @precondition(lambda self: self.items)
        @rule(data=st.data(), reporter=st.sampled_from(("reporter0", "reporter1")))
        def member_reports(self, data, reporter: str) -> None:
            item = data.draw(st.sampled_from(self.items))
            path = f"/report/{item.kind}/{item.id}"
            self.post(self.clients[reporter], path, {"reason": "spam"}, form_page="/auth/login")

        @rule(author=st.sampled_from(AUTHORS), change=st.sampled_from(["suspend", "reinstate"]))
        def admin_suspends_or_reinstates(self, author: str, change: str) -> None:
            path = f"/admin/users/{self.user_ids[author]}/{change}"
            done = self.post(self.clients["admin"], path, {"reason": "For the record."})
            if change == "reinstate" and done.status_code == 302:  # suspension ended sessions
                self.clients[author] = self._signed_in_again(author)

        @precondition(lambda self: any(item.kind == "role" for item in self.items))
        @rule(data=st.data())
        def a_role_passes_its_closing_date(self, data) -> None:
            item = data.draw(st.sampled_from([i for i in self.items if i.kind == "role"]))
            with app.app_context():
                db.session.get(RolePosting, item.id).expires_at = utcnow() - timedelta(minutes=1)
                db.session.commit()
            result = app.test_cli_runner().invoke(args=["roles", "expire"])
            assert result.exit_code == 0, result.output

        # What must always hold -------------------------------------------------------

        @invariant()
        def the_public_sees_only_approved_text(self) -> None:
            paths = list(PUBLIC_PAGES) + [u for item in self.items for u in self._public_urls(item)]
            for path in paths:
                shown = MARKER.findall(self.get(self.anonymous, path).get_data(as_text=True))
                for marker in shown:
                    item = everything[marker]
                    assert marker in item.approved, (path, marker, item)
            for recipient, text in self._new_mail():
                for marker in MARKER.findall(text):
                    item = everything[marker]
                    # Authors may read their own; a mentor the note they are asked to show.
                    readers = {self.emails[item.author]}
                    if item.kind == "thanks":
                        readers.add(self.emails["mentor"])
                    if recipient not in readers:
                        assert marker in item.approved, ("mail", recipient, marker)

        @invariant()
        def every_change_is_in_the_log(self) -> None:
            with app.app_context():
                for item in self.items:
                    model = KINDS[item.kind].model
                    stored = db.session.get(model, item.id)
                    state = "draft"
                    for before, after in db.session.execute(
                        select(ModerationEvent.from_status, ModerationEvent.to_status)
                        .where(ModerationEvent.item_kind == item.kind,
                               ModerationEvent.item_id == item.id)
                        .order_by(ModerationEvent.id)
                    ):  # fmt: skip
                        assert before == state, (item, before, state)
                        state = after
                    assert state == stored.status, (item, state, stored.status)
                    kept = db.session.scalar(
                        select(func.count(func.distinct(Revision.item_version))).where(
                            Revision.item_kind == item.kind, Revision.item_id == item.id
                        )
                    )
                    assert kept == stored.version, (item, kept, stored.version)

        # Helpers -------------------------------------------------------------------

        def _newest_id(self, kind: str, author: str) -> int:
            with app.app_context():
                model = KINDS[kind].model
                return db.session.scalar(
                    select(func.max(model.id)).where(model.author_id == self.user_ids[author])
                )

        def _public_urls(self, item: Item) -> list[str]:
            if item.kind == "thanks":  # shown on its mentor's page, and nowhere else
                return [f"/mentors/{self.mentor_profile}"]
            api = f"/api/v1/{PLURALS[item.kind]}/{item.id}"
            if item.kind == "story":
                with app.app_context():
                    slug = db.session.get(KINDS["story"].model, item.id).slug
                return [f"/stories/{slug}", api]
            return [f"/{'mentors' if item.kind == 'mentor' else 'roles'}/{item.id}", api]

        def _a_mentor(self):
            """The mentor the authors thank: a member with a published profile, signed in."""
            email = self.emails["mentor"] = f"mentor.{next(people)}@example.com"
            mentor = make_user(email, display_name="Mentor", role=Role.MEMBER)
            moderator = make_user(f"approver.{next(people)}@example.com", role=Role.MODERATOR)
            self.user_ids["mentor"] = mentor.id
            self.mentor_profile = published_profile(app, mentor, moderator, capacity="3")
            self.clients["mentor"] = self._signed_in_again("mentor")
            return self.clients["mentor"]

        def _signed_in_again(self, name: str):
            client = app.test_client()
            AuthActions(client).login(self.emails[name])
            return client

        def _mail_count(self) -> int:
            with app.app_context():
                return db.session.scalar(select(func.max(OutboxMessage.id))) or 0

        def _new_mail(self) -> list[tuple[str, str]]:
            with app.app_context():
                rows = db.session.execute(
                    select(OutboxMessage.id, OutboxMessage.recipient, OutboxMessage.subject,
                           OutboxMessage.body).where(OutboxMessage.id > self.mail_seen)
                ).all()  # fmt: skip
            if rows:
                self.mail_seen = max(row.id for row in rows)
            return [(row.recipient, f"{row.subject}\n{row.body}") for row in rows]

    run_state_machine_as_test(
        Board,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
