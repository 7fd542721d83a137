"""Which reports can hide an item: only those of verified, established members in good standing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from aicb_board.auth.models import User
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.moderation import reports
from aicb_board.moderation.models import Report
from aicb_board.stories.models import Story
from tests.stories.conftest import Writers
from tests.support import post_action, post_form

READERS = ("reader", "reader2", "reader3")


@pytest.fixture
def app(make_app):
    """The production rule: an account must be a day old before its reports can hide."""
    return make_app(REPORT_MIN_ACCOUNT_AGE_HOURS=24)


@pytest.fixture
def cast(app, make_user) -> Writers:
    people = Writers(app, make_user)
    for name in READERS[1:]:
        people.add(name)
    return people


def age(app, *names: str, days: float = 2) -> None:
    """Make these members' accounts `days` old."""
    with app.app_context():
        db.session.execute(
            update(User)
            .where(User.email.in_([f"{name}@example.com" for name in names]))
            .values(created_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def report(cast: Writers, name: str, story_id: int):
    return post_form(cast.clients[name], f"/report/story/{story_id}", {"reason": "spam"})


def status(app, story_id: int) -> str:
    with app.app_context():
        return db.session.get(Story, story_id).status


def reported(app, story_id: int) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Report).where(Report.item_id == story_id)).all())


def in_report_queue(cast: Writers, title: str) -> bool:
    return title in cast.moderator.get("/moderation/?category=report").get_data(as_text=True)


def test_three_new_accounts_do_not_hide_but_reach_the_queue(app, cast):
    story_id = cast.publish(title="A story three throwaways dislike")
    for name in READERS:
        assert report(cast, name, story_id).status_code == 302
    assert status(app, story_id) == "published"
    assert cast.anonymous.get(f"/stories/{cast.slug(story_id)}").status_code == 200
    assert reported(app, story_id) == 3
    assert in_report_queue(cast, "A story three throwaways dislike")


def test_three_established_verified_members_hide_it(app, cast):
    story_id = cast.publish(title="A story three members flag")
    age(app, *READERS, days=1.5)
    for name in READERS:
        assert report(cast, name, story_id).status_code == 302
    assert status(app, story_id) == "hidden"
    assert cast.anonymous.get(f"/stories/{cast.slug(story_id)}").status_code == 404
    assert in_report_queue(cast, "A story three members flag")


def test_the_account_age_is_a_setting(make_app, make_user):
    app = make_app(REPORT_MIN_ACCOUNT_AGE_HOURS=1)
    cast = Writers(app, make_user)
    for name in READERS[1:]:
        cast.add(name)
    story_id = cast.publish()
    age(app, *READERS, days=2 / 24)  # two hours old: enough under a one-hour rule
    for name in READERS:
        report(cast, name, story_id)
    assert status(app, story_id) == "hidden"


def test_a_suspended_reporter_no_longer_counts(app, cast):
    story_id = cast.publish()
    age(app, *READERS)
    assert report(cast, "reader", story_id).status_code == 302
    with app.app_context():
        db.session.execute(
            update(User).where(User.email == "reader@example.com").values(suspended_at=utcnow())
        )
        db.session.commit()
    for name in READERS[1:]:
        assert report(cast, name, story_id).status_code == 302
    assert status(app, story_id) == "published"
    assert reported(app, story_id) == 3


def test_reports_of_unverified_accounts_do_not_count(app, cast):
    """Reports written before an address lost its confirmation, or by any other path."""
    story_id = cast.publish()
    cast.add("drifter", verified=False)
    age(app, *READERS, "drifter")
    with app.app_context():
        drifter = db.session.scalar(select(User.id).where(User.email == "drifter@example.com"))
        db.session.add(Report(item_kind="story", item_id=story_id, reporter_id=drifter,
                              reason="spam", detail=""))  # fmt: skip
        db.session.commit()
        assert reports.counted_reporters(db.session.get(Story, story_id)) == 0
    for name in READERS[:2]:
        assert report(cast, name, story_id).status_code == 302
    assert status(app, story_id) == "published"  # two that count, one that does not
    assert report(cast, "reader3", story_id).status_code == 302
    assert status(app, story_id) == "hidden"


def test_an_unverified_member_cannot_report(app, cast):
    story_id = cast.publish()
    cast.add("drifter", verified=False)
    age(app, "drifter")
    assert cast.drifter.get(f"/report/story/{story_id}").status_code == 403
    response = post_action(cast.drifter, f"/report/story/{story_id}", {"reason": "spam"})
    assert response.status_code == 403
    assert "Confirm your email address" in response.get_data(as_text=True)
    assert reported(app, story_id) == 0
