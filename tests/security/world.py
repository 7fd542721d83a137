"""A small board for security tests: an author's drafts and published items, a mentor, a
request, and a signed-in client for each kind of visitor."""

from __future__ import annotations

from sqlalchemy import select

from aicb_board.extensions import db
from aicb_board.moderation.models import CannedReason
from tests.mentors.conftest import profile_form, request_form
from tests.roles.conftest import role_form
from tests.stories.conftest import Writers
from tests.support import decide, post_action, post_form

PERSONAS = ("anonymous", "author", "member", "moderator", "admin")


class World(Writers):
    """author (owns the items), member (another member), mentor, moderator, admin."""

    def __init__(self, app, make_user) -> None:
        super().__init__(app, make_user)
        self.clients["member"] = self.clients.pop("reader")
        self.users["member"] = self.users.pop("reader")
        self.add("mentor")
        self.clients["anonymous"] = self.anonymous
        author = self.clients["author"]
        self.draft_story = self.write(title="A draft story about moving into AI")
        self.published_story = self.publish(title="A published story about moving into AI")
        self.published_slug = self.slug(self.published_story)
        self.draft_role = _created_id(post_form(author, "/roles/new", role_form()))
        published_role = _created_id(post_form(author, "/roles/new", role_form(title="VP of AI")))
        post_action(author, f"/me/submissions/role/{published_role}/submit")
        decide(self.moderator, f"/moderation/role/{published_role}/approve")
        self.published_role = published_role
        mentor = self.clients["mentor"]
        assert post_form(mentor, "/mentors/profile", profile_form()).status_code == 302
        self.profile = self._profile_of("mentor")
        post_action(mentor, f"/me/submissions/mentor/{self.profile}/submit")
        decide(self.moderator, f"/moderation/mentor/{self.profile}/approve")
        asked = post_form(author, f"/mentors/{self.profile}/request", request_form())
        assert asked.status_code == 302, asked.get_data(as_text=True)[-500:]
        self.request = self._request_id()
        with app.app_context():
            self.reason = db.session.scalar(select(CannedReason.id))

    def _profile_of(self, name: str) -> int:
        from aicb_board.mentors.models import MentorProfile

        with self.app.app_context():
            return db.session.scalar(
                select(MentorProfile.id).where(MentorProfile.author_id == self.users[name].id)
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
            "revision_id": "1",
            "appeal_id": "1",
            "token": "not-a-real-token",
            "action": "submit",
            "change": "suspend",
            "decision": "approve",
        }


def _created_id(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    return int(response.headers["Location"].split("/")[2])
