"""The state machine: every (state, action, actor) outside the table is refused."""

from datetime import timedelta

import pytest

from aicb_board.auth.models import Role, User
from aicb_board.database import utcnow
from aicb_board.domain import DomainError
from aicb_board.extensions import db
from aicb_board.moderation import services
from aicb_board.moderation.models import AppendOnlyError, ModerationEvent
from aicb_board.moderation.states import TRANSITIONS, Actor, Status
from aicb_board.roles.models import RolePosting


def new_role(author: User, status: Status) -> RolePosting:
    role = RolePosting(
        author_id=author.id, status=status.value, title="Director of AI Strategy",
        company="Contoso", workplace="remote", remote_region="Europe", seniority="director",
        function="strategy", employment_type="full-time", description="x" * 60,
        apply_url="https://contoso.example/jobs", expires_at=utcnow() + timedelta(days=30),
    )  # fmt: skip
    db.session.add(role)
    db.session.flush()
    return role


@pytest.fixture
def cast(app, make_user):
    """The author, another member, a moderator; an app context for direct service calls."""
    ids = {
        Actor.AUTHOR: make_user("author@example.com").id,
        "other": make_user("other@example.com").id,
        Actor.MODERATOR: make_user("mod@example.com", role=Role.MODERATOR).id,
    }
    with app.app_context():
        yield {who: db.session.get(User, user_id) for who, user_id in ids.items()} | {
            Actor.SYSTEM: None
        }


def test_only_the_transitions_in_the_table_are_possible(cast):
    author = cast[Actor.AUTHOR]
    allowed, refused = 0, 0
    for status in Status:
        for action, step in TRANSITIONS.items():
            for who, actor in cast.items():
                role = new_role(author, status)
                permitted = status in step.sources and who == step.actor
                try:
                    services.transition(role, action, actor=actor, reason="A clear reason.",
                                        seen_version=role.version)  # fmt: skip
                except DomainError:
                    assert not permitted, (status, action, who)
                    assert role.status == status.value
                    refused += 1
                else:
                    assert permitted, (status, action, who)
                    assert role.status == step.target.value
                    allowed += 1
                db.session.rollback()
    assert allowed == sum(len(step.sources) for step in TRANSITIONS.values())
    assert refused == len(Status) * len(TRANSITIONS) * len(cast) - allowed


def test_unknown_action_is_a_domain_error(cast):
    role = new_role(cast[Actor.AUTHOR], Status.PENDING)
    with pytest.raises(DomainError, match="not something that can be done"):
        services.transition(role, "publish_now", actor=cast[Actor.MODERATOR])


@pytest.mark.parametrize("action", ["request_changes", "reject", "remove"])
def test_decisions_against_the_author_need_a_reason(cast, action):
    status = Status.PUBLISHED if action == "remove" else Status.PENDING
    role = new_role(cast[Actor.AUTHOR], status)
    with pytest.raises(DomainError, match="Give a reason"):
        services.transition(
            role, action, actor=cast[Actor.MODERATOR], reason="   ", seen_version=role.version
        )
    assert role.status == status.value


def test_moderators_cannot_review_their_own_submissions(cast):
    moderator = cast[Actor.MODERATOR]
    role = new_role(moderator, Status.PENDING)
    with pytest.raises(DomainError, match="own submission"):
        services.transition(role, "approve", actor=moderator)


def test_each_transition_writes_one_event_with_actor_and_reason(cast):
    role = new_role(cast[Actor.AUTHOR], Status.PENDING)
    event = services.transition(
        role, "request_changes", actor=cast[Actor.MODERATOR], reason="Add the salary.",
        seen_version=role.version,
    )  # fmt: skip
    db.session.commit()
    stored = db.session.get(ModerationEvent, event.id)
    assert (stored.item_kind, stored.item_id) == ("role", role.id)
    assert (stored.from_status, stored.to_status) == ("pending", "changes_requested")
    assert stored.actor_id == cast[Actor.MODERATOR].id
    assert stored.reason == "Add the salary."


def test_the_audit_log_cannot_be_edited_or_deleted(cast):
    role = new_role(cast[Actor.AUTHOR], Status.DRAFT)
    event = services.transition(role, "submit", actor=cast[Actor.AUTHOR])
    db.session.commit()
    event.reason = "rewritten history"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(ModerationEvent, event.id))
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("seen", [None, 1])
def test_a_decision_on_a_version_no_longer_current_is_refused(cast, seen):
    role = new_role(cast[Actor.AUTHOR], Status.PENDING)
    assert role.rewrite({"title": "Head of AI Strategy (edited)"})
    with pytest.raises(services.StaleDecision):
        services.transition(role, "approve", actor=cast[Actor.MODERATOR], seen_version=seen)
    assert role.status == Status.PENDING.value
    services.transition(role, "approve", actor=cast[Actor.MODERATOR], seen_version=2)
    assert role.status == Status.PUBLISHED.value


def test_a_text_change_makes_a_new_version_and_no_change_does_not(cast):
    role = new_role(cast[Actor.AUTHOR], Status.DRAFT)
    assert role.version == 1
    assert not role.rewrite(role.snapshot())
    assert role.version == 1
    assert role.rewrite({"company": "Fabrikam"})
    assert role.version == 2
