"""`/me/notifications`: the header's count, the list, opening one, marking all read, pruning."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.notifications import jobs
from aicb_board.notifications.models import Notification
from aicb_board.notifications.services import notify
from tests.factories import writing
from tests.notifications.conftest import give, notifications_of, store
from tests.support import post_action


@pytest.fixture
def ada(members):
    """A signed-in member and her client."""
    members.add("ada")
    return members.sign_in("ada")


def header(client) -> str:
    """The site header of the home page, as text without tags."""
    html = client.get("/").get_data(as_text=True)
    top = html.split("</header>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", top).split())


def test_the_header_shows_the_unread_count_with_words(app, members, ada):
    assert "Notifications" in header(ada) and "unread" not in header(ada)
    give(app, members.ada, 3)
    assert "Notifications 3 (3 unread)" in header(ada)
    assert "Notifications" not in header(app.test_client())  # signed out: no link


def test_the_list_is_newest_first_and_marks_unread_in_words(app, members, ada):
    give(app, members.ada, 2)
    first = notifications_of(app, members.ada)[0]
    post_action(ada, f"/me/notifications/{first.id}/open")
    page = ada.get("/me/notifications").get_data(as_text=True)
    assert page.index("Note 2") < page.index("Note 1")
    assert page.count(">Unread</span>") == 1 and "1 unread" in page
    assert [n.unread for n in notifications_of(app, members.ada)] == [False, True]


def test_opening_marks_read_and_goes_to_the_link(app, members, ada):
    give(app, members.ada, 2, link="/mentorship/")
    note = notifications_of(app, members.ada)[0]
    response = post_action(ada, f"/me/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/mentorship/"
    assert [n.unread for n in notifications_of(app, members.ada)] == [False, True]
    assert "Notifications 1 (1 unread)" in header(ada)


def test_mark_all_read(app, members, ada):
    give(app, members.ada, 3)
    response = post_action(ada, "/me/notifications/read")
    assert response.status_code == 302
    page = ada.get("/me/notifications").get_data(as_text=True)
    assert "All notifications marked as read." in page and ">Unread</span>" not in page
    assert not any(n.unread for n in notifications_of(app, members.ada))
    assert "unread" not in header(ada)


def test_another_members_notification_is_a_404_and_stays_unread(app, members, ada):
    members.add("bob")
    give(app, members.bob)
    [theirs] = notifications_of(app, members.bob)
    assert post_action(ada, f"/me/notifications/{theirs.id}/open").status_code == 404
    assert post_action(ada, "/me/notifications/read").status_code == 302
    assert notifications_of(app, members.bob)[0].unread
    assert post_action(ada, "/me/notifications/99999999/open").status_code == 404


@pytest.mark.parametrize(
    "link",
    ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
     "/\tevil", "evil.example"],
)  # fmt: skip
def test_a_hostile_stored_link_never_leads_off_the_site(app, members, ada, link):
    note_id = store(app, members.ada, link=link)
    response = post_action(ada, f"/me/notifications/{note_id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/me/notifications"
    assert not notifications_of(app, members.ada)[0].unread


def test_notify_refuses_a_link_off_the_site(app, members):
    with pytest.raises(ValueError), writing(app):
        from aicb_board.auth.models import User

        member = db.session.get(User, members.add("ada").id)
        notify(member, topic="decision", subject="S", body="B", link="https://evil.example/")


def test_a_url_on_the_site_is_kept_as_its_path(app, members):
    """What `url_for` gives outside a request (a job, the shell) is a full URL on BASE_URL."""
    from aicb_board.auth.models import User

    members.add("ada")
    with app.app_context():
        member = db.session.get(User, members.ada.id)
        notify(member, topic="reminder", subject="S", body="B",
               link=app.config["BASE_URL"] + "/roles/7/manage?tab=1")  # fmt: skip
        db.session.commit()
    assert notifications_of(app, members.ada)[0].link == "/roles/7/manage?tab=1"


def test_the_list_is_paginated(app, members, ada):
    give(app, members.ada, 25)
    first = ada.get("/me/notifications").get_data(as_text=True)
    assert "Note 25" in first and "Note 6<" in first and "Note 5<" not in first
    assert "Page 1 of 2" in first
    second = ada.get("/me/notifications?page=2").get_data(as_text=True)
    assert "Note 5<" in second and "Note 1<" in second and "Note 25" not in second
    assert ada.get("/me/notifications?page=999").status_code == 200


def test_an_empty_list_says_what_will_show(ada):
    page = ada.get("/me/notifications").get_data(as_text=True)
    assert "Nothing yet" in page and "Mark all as read" not in page


def test_old_read_notifications_are_pruned_unread_ones_stay(app, members):
    members.add("ada")
    now = utcnow()
    old, recent = now - timedelta(days=181), now - timedelta(days=179)
    store(app, members.ada, link="/", created_at=old, read_at=old)
    kept_unread = store(app, members.ada, link="/", created_at=old)
    kept_recent = store(app, members.ada, link="/", created_at=recent, read_at=recent)
    with app.app_context():
        assert jobs.prune_notifications(now=now) == 1
        assert jobs.prune_notifications(now=now) == 0
        left = set(db.session.scalars(select(Notification.id)))
    assert left == {kept_unread, kept_recent}


def test_the_prune_job_is_scheduled_daily():
    from datetime import datetime

    from aicb_board.tasks import huey

    schedule = {task.name: task for task in huey._registry.periodic_tasks}
    job = schedule["prune_notifications_task"]
    assert job.validate_datetime(datetime(2026, 12, 1, 4, 37))
    assert not job.validate_datetime(datetime(2026, 12, 1, 5, 37))
