"""A saved search's private feed: no sign-in, its token is the key; a bad token is a 404."""

from __future__ import annotations

from sqlalchemy import select

from aicb_board.alerts.models import SavedSearch
from aicb_board.extensions import db
from tests.alerts.test_matching import save
from tests.factories import published_role


def token_of(app, search_id: int) -> str:
    with app.app_context():
        return db.session.scalar(select(SavedSearch.feed_token).where(SavedSearch.id == search_id))


def test_the_private_feed_lists_a_matching_approved_role(app, members, client):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    listed = save(app, reader, "role", function="product")
    searched = save(app, reader, "search", q="AI product", kind="role")
    elsewhere = save(app, reader, "role", function="design")
    published_role(app, author, moderator, title="Head of AI Product")
    for search in (listed, searched):
        response = client.get(f"/alerts/{token_of(app, search)}/feed.atom")
        assert response.status_code == 200
        assert response.mimetype == "application/atom+xml"
        assert response.headers["X-Robots-Tag"] == "noindex"
        assert "Head of AI Product" in response.get_data(as_text=True)
    empty = client.get(f"/alerts/{token_of(app, elsewhere)}/feed.atom")
    assert "Head of AI Product" not in empty.get_data(as_text=True)


def test_an_unknown_feed_token_is_not_found(client):
    assert client.get("/alerts/not-a-token/feed.atom").status_code == 404
    assert client.get(f"/alerts/{'x' * 300}/feed.atom").status_code == 404


def test_a_suspended_members_feed_stops_answering(app, members):
    from sqlalchemy import select

    from aicb_board.alerts.models import SavedSearch
    from aicb_board.database import utcnow
    from aicb_board.extensions import db
    from tests.alerts.test_matching import save

    reader = members.add("reader")
    save(app, reader, "role", function="product")
    with app.app_context():
        token = db.session.scalar(select(SavedSearch.feed_token))
    assert app.test_client().get(f"/alerts/{token}/feed.atom").status_code == 200
    with app.app_context():
        db.session.get(type(reader), reader.id).suspended_at = utcnow()
        db.session.commit()
    assert app.test_client().get(f"/alerts/{token}/feed.atom").status_code == 404
