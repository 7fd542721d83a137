"""Moderation announces its changes; search and mail hear them in the same transaction."""

from __future__ import annotations

from sqlalchemy import func, select

from aicb_board.auth.models import Role, User
from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage
from aicb_board.moderation import services as moderation
from aicb_board.moderation import signals
from aicb_board.roles.models import RolePosting
from aicb_board.search.models import SearchQueueEntry
from aicb_board.web import site_request_context
from tests.factories import draft_role, published_role


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_decision_is_announced_and_its_listeners_write_in_its_transaction(app, members):
    members.add("author")
    members.add("mod", Role.MODERATOR)
    role_id = draft_role(app, members.author)
    heard = []

    def listener(item, **details):
        heard.append((item.kind, item.id, details))

    with app.app_context(), site_request_context():
        role = db.session.get(RolePosting, role_id)
        author = db.session.get(User, members.author.id)
        moderation.transition(role, "submit", actor=author)
        db.session.commit()
        before = (count(SearchQueueEntry), count(OutboxMessage))
        with signals.published.connected_to(listener), signals.decided.connected_to(listener):
            moderator = db.session.get(User, members.mod.id)
            moderation.transition(role, "approve", actor=moderator, seen_version=role.version)
            assert count(SearchQueueEntry) == before[0] + 1  # the index will learn of it
            assert count(OutboxMessage) == before[1] + 1  # the author will be told
            db.session.rollback()  # the decision never happened: nor did what it set off
        assert (count(SearchQueueEntry), count(OutboxMessage)) == before
    assert heard == [("role", role_id, {}), ("role", role_id, {"action": "approve", "reason": ""})]


def test_leaving_the_public_is_announced(app, members):
    members.add("author")
    members.add("mod", Role.MODERATOR)
    role_id = published_role(app, members.author, members.mod)
    heard = []
    with app.app_context(), site_request_context():
        role = db.session.get(RolePosting, role_id)
        author = db.session.get(User, members.author.id)
        with signals.left_public.connected_to(lambda item: heard.append(item.id)):
            moderation.transition(role, "close", actor=author)
    assert heard == [role_id]
