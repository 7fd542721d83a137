"""Every route × every kind of visitor → the status each must get; GETs change nothing.

The routes come from `app.url_map`: a new route without an entry here fails the test, so
whoever adds one decides who may use it.
"""

from __future__ import annotations

from sqlalchemy import MetaData, select

from aicb_board.extensions import db
from tests.security.world import PERSONAS, World
from tests.support import csrf_token

# Who gets what. Columns: anonymous, author, member, moderator, admin.
# 200 page · 302 to sign-in (or away) · 403 not allowed · 404 not theirs or no such thing ·
# 405 wrong method · ALLOWED: the action runs (any answer but 401/403/404/sign-in/5xx).
ALLOWED = "allowed"
LOGIN = "login"  # 302 to the sign-in page
DENIED = {LOGIN, 401, 403, 404, 405}

EXPECTED: dict[tuple[str, str], tuple] = {
    ('GET', 'admin.health'): (LOGIN, 403, 403, 403, 200),
    ('GET', 'admin.outbox'): (LOGIN, 403, 403, 403, 200),
    ('GET', 'admin.people'): (LOGIN, 403, 403, 403, 200),
    ('GET', 'admin.person'): (LOGIN, 403, 403, 403, 200),
    ('GET', 'admin.reasons'): (LOGIN, 403, 403, 403, 200),
    ('GET', 'alert_feeds.feed'): (404, 404, 404, 404, 404),
    ('GET', 'alert_mail.unsubscribe'): (404, 404, 404, 404, 404),
    ('GET', 'alerts.index'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'api.guide'): (200, 200, 200, 200, 200),
    ('GET', 'api.item_detail'): (200, 200, 200, 200, 200),
    ('GET', 'api.item_list'): (200, 200, 200, 200, 200),
    ('GET', 'api.openapi_document'): (200, 200, 200, 200, 200),
    ('GET', 'api.search'): (400, 400, 400, 400, 400),
    ('GET', 'auth.account'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'auth.change_password'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'auth.login'): (200, 200, 200, 200, 200),
    ('GET', 'auth.register'): (200, 302, 302, 302, 302),
    ('GET', 'auth.reset_password'): (400, 400, 400, 400, 400),
    ('GET', 'auth.reset_request'): (200, 200, 200, 200, 200),
    ('GET', 'auth.verification'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'auth.verify_email'): (400, 400, 400, 400, 400),
    ('GET', 'bookmarks.index'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'main.healthz'): (200, 200, 200, 200, 200),
    ('GET', 'main.home'): (200, 200, 200, 200, 200),
    ('GET', 'main.robots'): (200, 200, 200, 200, 200),
    ('GET', 'main.sitemap'): (200, 200, 200, 200, 200),
    ('GET', 'main.sitemap_file'): (200, 200, 200, 200, 200),
    ('GET', 'mentors.ask'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'mentors.detail'): (200, 200, 200, 200, 200),
    ('GET', 'mentors.edit'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'mentors.index'): (200, 200, 200, 200, 200),
    ('GET', 'mentors.manage'): (LOGIN, 302, 302, 302, 302),
    ('GET', 'mentors.match'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'mentorship.all_feedback'): (LOGIN, 403, 403, 403, 200),
    ('GET', 'mentorship.confirm'): (LOGIN, 302, 403, 403, 403),
    ('GET', 'mentorship.index'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'thanks.index'): (LOGIN, 302, 302, 302, 302),
    ('GET', 'moderation.appeal'): (LOGIN, 409, 404, 404, 404),
    ('GET', 'moderation.log'): (LOGIN, 403, 403, 200, 200),
    ('GET', 'moderation.queue'): (LOGIN, 403, 403, 200, 200),
    ('GET', 'moderation.report'): (LOGIN, 403, 200, 200, 200),
    ('GET', 'moderation.review'): (LOGIN, 403, 403, 200, 200),
    ('GET', 'moderation.submissions'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'notifications.index'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'roles.detail'): (301, 301, 301, 301, 301),
    ('GET', 'roles.edit'): (LOGIN, 200, 403, 403, 403),
    ('GET', 'roles.feed'): (200, 200, 200, 200, 200),
    ('GET', 'roles.index'): (200, 200, 200, 200, 200),
    ('GET', 'roles.manage'): (LOGIN, 200, 403, 403, 403),
    ('GET', 'roles.new'): (LOGIN, 200, 200, 200, 200),
    ('GET', 'search.index'): (200, 200, 200, 200, 200),
    ('GET', 'stories.detail'): (200, 200, 200, 200, 200),
    ('GET', 'stories.edit'): (LOGIN, 200, 403, 403, 403),
    ('GET', 'stories.feed'): (200, 200, 200, 200, 200),
    ('GET', 'stories.index'): (200, 200, 200, 200, 200),
    ('GET', 'stories.manage'): (LOGIN, 200, 403, 403, 403),
    ('GET', 'stories.new'): (LOGIN, 200, 200, 200, 200),
    ('POST', 'admin.add_reason'): (LOGIN, 403, 403, 403, ALLOWED),
    ('POST', 'admin.delete_reason'): (LOGIN, 403, 403, 403, ALLOWED),
    ('POST', 'admin.edit_reason'): (LOGIN, 403, 403, 403, ALLOWED),
    ('POST', 'admin.set_role'): (LOGIN, 403, 403, 403, ALLOWED),
    ('POST', 'admin.suspension'): (LOGIN, 403, 403, 403, ALLOWED),
    ('POST', 'alert_mail.unsubscribe'): (404, 404, 404, 404, 404),
    ('POST', 'alerts.create'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'alerts.delete'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'alerts.edit'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'alerts.new_feed_token'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'alerts.pause'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'auth.account'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.change_password'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.login'): (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.register'): (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.reset_password'): (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.reset_request'): (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.verification'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'auth.verify_email'): (ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'bookmarks.toggle'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'mentors.ask'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'mentors.availability'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'mentors.edit'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'mentors.join_wait'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'mentors.leave_wait'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'mentors.match'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'mentors.remove_move'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'mentorship.act'): (LOGIN, 403, 403, 403, 403),
    ('POST', 'mentorship.decline'): (LOGIN, ALLOWED, 403, 403, 403),
    ('POST', 'mentorship.feedback'): (LOGIN, ALLOWED, 403, 403, 403),
    # The author is the mentee of the world's request (not completed: refused, 409).
    ('POST', 'thanks.write'): (LOGIN, ALLOWED, 404, 404, 404),
    # No one's note: a note is only its mentee's and its mentor's (tests/mentors/test_thank_you.py).
    ('POST', 'thanks.approve'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'thanks.decline'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'thanks.withdraw'): (LOGIN, 404, 404, 404, 404),
    ('POST', 'moderation.add_note'): (LOGIN, 403, 403, ALLOWED, ALLOWED),
    ('POST', 'moderation.appeal'): (LOGIN, ALLOWED, 404, 404, 404),
    ('POST', 'moderation.approve_many'): (LOGIN, 403, 403, ALLOWED, ALLOWED),
    ('POST', 'moderation.author_action'): (LOGIN, ALLOWED, 403, 403, 403),
    ('POST', 'moderation.check_trusted_edit'): (LOGIN, 403, 403, 404, 404),
    ('POST', 'moderation.claim'): (LOGIN, 403, 403, ALLOWED, ALLOWED),
    ('POST', 'moderation.decide'): (LOGIN, 403, 403, ALLOWED, ALLOWED),
    ('POST', 'moderation.decide_appeal'): (LOGIN, 403, 403, 404, 404),
    ('POST', 'moderation.decide_reports'): (LOGIN, 403, 403, 404, 404),
    ('POST', 'moderation.decide_revision'): (LOGIN, 403, 403, 404, 404),
    ('POST', 'moderation.release'): (LOGIN, 403, 403, ALLOWED, ALLOWED),
    ('POST', 'moderation.report'): (LOGIN, 403, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'notifications.mail_preferences'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'notifications.open'): (LOGIN, ALLOWED, 404, 404, 404),
    ('POST', 'notifications.read_all'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'roles.edit'): (LOGIN, ALLOWED, 403, 403, 403),
    ('POST', 'roles.new'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
    ('POST', 'stories.edit'): (LOGIN, ALLOWED, 403, 403, 403),
    ('POST', 'stories.new'): (LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED),
}  # fmt: skip


def arguments_for(world: World, endpoint: str) -> dict[str, str]:
    """The URL arguments for `endpoint`: mostly the author's drafts, published where public."""
    args = world.arguments()
    published = {
        "roles.detail": {"role_id": str(world.published_role)},
        "api.item_list": {"plural": "roles"},
        "api.item_detail": {"plural": "stories", "item_id": str(world.published_story)},
        "roles.edit": {"item_id": str(world.draft_role)},
        "roles.manage": {"item_id": str(world.draft_role)},
        "moderation.report": {"item_id": str(world.published_story)},
        "moderation.decide": {"action": "approve"},
        "mentorship.act": {"action": "accept"},
        "mentorship.confirm": {"action": "complete"},
        "main.sitemap_file": {"name": "role", "number": "1"},
        "alert_feeds.feed": {"feed_token": "not-a-real-token"},
        "alert_mail.unsubscribe": {"token": "not-a-real-token"},
        "mentors.leave_wait": {"wait_id": "999999"},  # nobody's: the 404 of a wait not theirs
        "alerts.edit": {"search_id": "1"},
        "alerts.pause": {"search_id": "1"},
        "alerts.delete": {"search_id": "1"},
        "alerts.new_feed_token": {"search_id": "1"},
        "thanks.approve": {"note_id": "1"},
        "thanks.decline": {"note_id": "1"},
        "thanks.withdraw": {"note_id": "1"},
    }
    return {**args, **published.get(endpoint, {})}


def routes_of(world: World, app) -> list[tuple[str, str, str]]:
    """(method, endpoint, path) of every route, its arguments filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "auth.logout"}:  # signing out is tested on its own
            continue
        path = rule.rule
        args = arguments_for(world, rule.endpoint)
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", args[name]).replace(f"<{name}>", args[name])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.endpoint, path))
    return routes


def outcome(method: str, response) -> object:
    """A response as the matrix writes it."""
    if response.status_code == 302 and "/auth/login" in response.headers.get("Location", ""):
        return LOGIN
    if method == "POST" and response.status_code not in DENIED:
        return ALLOWED
    return response.status_code


def snapshot(app) -> dict[str, list]:
    """Every row of every table (the test board is small)."""
    with app.app_context():
        metadata = MetaData()
        metadata.reflect(db.engine)
        with db.engine.connect() as connection:
            return {
                name: sorted(map(repr, connection.execute(select(table)).all()))
                for name, table in metadata.tables.items()
            }


def test_every_route_answers_each_visitor_as_the_matrix_says(app, make_user):
    world = World(app, make_user)
    routes = routes_of(world, app)
    unlisted = {(method, endpoint) for method, endpoint, _path in routes} - set(EXPECTED)
    assert not unlisted, f"routes without an entry in the access matrix: {sorted(unlisted)}"
    before = snapshot(app)
    seen: dict[tuple[str, str], list] = {key: [None] * len(PERSONAS) for key in EXPECTED}
    for column, persona in enumerate(PERSONAS):
        client = world.clients[persona]
        for method, endpoint, path in routes:
            if method == "GET":
                seen[(method, endpoint)][column] = outcome(method, client.get(path))
    assert snapshot(app) == before, "a GET changed the database"
    for column, persona in enumerate(PERSONAS):
        client = world.clients[persona]
        token = csrf_token(client, "/auth/login")
        for method, endpoint, path in routes:
            if method == "POST":
                response = client.post(path, data={"csrf_token": token})
                seen[(method, endpoint)][column] = outcome(method, response)
    wrong = {
        key: {"expected": expected, "got": tuple(seen[key])}
        for key, expected in EXPECTED.items()
        if tuple(seen[key]) != expected
    }
    assert not wrong, wrong


def test_no_route_changes_state_by_get(app):
    """Every route that changes something accepts POST only (or shows a form on GET)."""
    forms = {"auth.login", "auth.register", "auth.reset_request", "auth.reset_password",
             "auth.account", "auth.change_password", "roles.new", "roles.edit", "stories.new",
             "stories.edit", "mentors.edit", "mentors.ask", "mentors.match", "moderation.report",
             "moderation.appeal", "auth.verification", "auth.verify_email",
             "alert_mail.unsubscribe"}  # fmt: skip
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and "GET" in rule.methods:
            assert rule.endpoint in forms, f"{rule.rule} takes both GET and POST"
