"""A small board for security tests: an author's drafts and published items, a mentor, a
request, and a signed-in client for each kind of visitor."""

from __future__ import annotations

from sqlalchemy import select

from aicb_board.extensions import db
from aicb_board.moderation.models import CannedReason
from aicb_board.notifications.models import Notification
from tests import factories
from tests.mentors.conftest import request_form
from tests.stories.conftest import Writers
from tests.support import post_form

PERSONAS = ("anonymous", "author", "member", "moderator", "admin")


class World(Writers):
    """author (owns the items), member (another member), mentor, moderator, admin."""

    def __init__(self, app, make_user) -> None:
        super().__init__(app, make_user)
        self.clients["member"] = self.clients.pop("reader")
        self.users["member"] = self.users.pop("reader")
        self.add("mentor")
        self.clients["anonymous"] = self.anonymous
        author, moderator = self.users["author"], self.users["moderator"]
        self.draft_story = self.write(title="A draft story about moving into AI")
        self.published_story = self.publish(title="A published story about moving into AI")
        self.published_slug = self.slug(self.published_story)
        self.draft_role = factories.draft_role(app, author)
        self.published_role = factories.published_role(app, author, moderator, title="VP of AI")
        self.profile = factories.published_profile(app, self.users["mentor"], moderator)
        asked = post_form(
            self.clients["author"], f"/mentors/{self.profile}/request", request_form()
        )
        assert asked.status_code == 302, asked.get_data(as_text=True)[-500:]
        self.request = self._request_id()
        with app.app_context():
            self.reason = db.session.scalar(select(CannedReason.id))
            # The author's first notification: their story went live.
            self.notification = db.session.scalar(
                select(Notification.id)
                .where(Notification.user_id == author.id)
                .order_by(Notification.id)
            )

    def _request_id(self) -> int:
        from aicb_board.mentors.models import MentorshipRequest

        with self.app.app_context():
            return db.session.scalar(select(MentorshipRequest.id))

    def arguments(self) -> dict[str, str]:
        """Values for every URL argument: the author's items, the mentor, the request."""
        return {
            "kind_name": "story",
            "item_id": str(self.draft_story),
            "story_id": str(self.draft_story),
            "role_id": str(self.draft_role),
            "slug": self.published_slug,
            "profile_id": str(self.profile),
            "request_id": str(self.request),
            "user_id": str(self.users["member"].id),
            "reason_id": str(self.reason),
            "notification_id": str(self.notification),
            "revision_id": "1",
            "appeal_id": "1",
            "token": "not-a-real-token",
            "action": "submit",
            "change": "suspend",
            "decision": "approve",
        }
