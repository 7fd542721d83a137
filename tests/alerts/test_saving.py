"""Saving a list or a search from its page, changing it on /me/alerts, and what is refused."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from aicb_board.alerts.models import SavedSearch
from aicb_board.alerts.services import MAX_SAVED
from aicb_board.extensions import db
from tests.support import csrf_token, post_action


def saved(app) -> list[SavedSearch]:
    with app.app_context():
        rows = list(db.session.scalars(select(SavedSearch).order_by(SavedSearch.id)))
        db.session.expunge_all()
        return rows


def save(client, page: str, **extra):
    """Press "Save this search" on `page`: post the hidden fields the page carries."""
    html = client.get(page).get_data(as_text=True)
    assert "Save this search" in html
    form = html.split('action="/me/alerts"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    return client.post("/me/alerts", data={**fields, "frequency": "daily", **extra})


def test_a_filtered_roles_list_is_saved_with_its_filters_and_named_after_them(app, members):
    members.add("reader")
    client = members.sign_in("reader")
    page = "/roles/?seniority=vp&workplace=remote&currency=USD&salary_min=200000&sort=salary"
    response = save(client, page)
    assert response.status_code == 302 and response.headers["Location"].endswith("/me/alerts")
    [search] = saved(app)
    assert search.kind == "role" and search.query == ""
    assert json.loads(search.filters) == {
        "currency": "USD", "salary_min": 200000, "seniority": "vp", "sort": "salary",
        "workplace": "remote",
    }  # fmt: skip
    assert search.name == "Roles · VP · Remote · ≥ 200,000 USD a year"
    with app.test_request_context():
        assert search.page_url().startswith("/roles/?")
    listing = client.get("/me/alerts").get_data(as_text=True)
    assert "Roles · VP · Remote · ≥ 200,000 USD a year" in listing
    assert f"/alerts/{search.feed_token}/feed.atom" in listing


def test_a_search_is_saved_with_its_words_kind_and_filters(app, members):
    members.add("reader")
    client = members.sign_in("reader")
    response = save(client, "/search?q=AI+platform&kind=role&function=product", name="Platform")
    assert response.status_code == 302
    [search] = saved(app)
    assert (search.kind, search.query, search.chosen) == (
        "role", "AI platform", {"function": "product"}
    )  # fmt: skip
    assert search.name == "Platform"
    with app.test_request_context():
        assert search.describe() == "Roles · Product · “AI platform”"


@pytest.mark.parametrize(
    "page", ["/mentors/?to_function=product&language=en", "/stories/?tag=career-change"]
)
def test_mentors_and_stories_lists_can_be_saved(app, members, page):
    members.add("reader")
    assert save(members.sign_in("reader"), page).status_code == 302
    [search] = saved(app)
    assert search.kind in {"mentor", "story"} and search.chosen


def test_the_same_search_twice_is_saved_once_and_the_member_is_told(app, members):
    members.add("reader")
    client = members.sign_in("reader")
    save(client, "/roles/?function=product")
    again = save(client, "/roles/?function=product")
    assert again.status_code == 302
    assert len(saved(app)) == 1
    assert "already saved" in client.get("/me/alerts").get_data(as_text=True)


def test_anonymous_visitors_are_asked_to_sign_in_to_save(client):
    html = client.get("/roles/?function=product").get_data(as_text=True)
    assert "Sign in to save this search" in html
    assert "/auth/login?next=" in html
    assert client.post("/me/alerts", data={}).status_code in {302, 400}


def test_hostile_input_is_refused_or_dropped(app, members):
    members.add("reader")
    client = members.sign_in("reader")
    token = csrf_token(client, "/me/alerts")
    base = {"csrf_token": token, "scope": "role", "function": "product"}
    bad_frequency = client.post("/me/alerts", data={**base, "frequency": "hourly"})
    assert bad_frequency.status_code == 422
    long_name = client.post("/me/alerts", data={**base, "frequency": "daily", "name": "x" * 81})
    assert long_name.status_code == 422
    assert "80 characters" in long_name.get_data(as_text=True)
    no_page = client.post("/me/alerts", data={**base, "scope": "nothing", "frequency": "daily"})
    assert no_page.status_code == 400
    unknown = client.post(
        "/me/alerts",
        data={**base, "frequency": "daily", "evil": "1", "seniority": "emperor",
              "salary_min": "500", "tag": "Gen AI"},
    )  # fmt: skip
    assert unknown.status_code == 302
    [search] = saved(app)
    # Unknown filters and values are dropped; a minimum without its currency too.
    assert search.chosen == {"function": "product", "tag": "gen-ai"}


def test_the_51st_saved_search_is_refused_with_a_clear_message(app, members):
    reader = members.add("reader")
    with app.app_context():
        for number in range(MAX_SAVED):
            db.session.add(
                SavedSearch(user_id=reader.id, name=f"S{number}", kind="role",
                            filters=json.dumps({"tag": f"t{number}"}), frequency="daily",
                            feed_token=f"token-{number}")
            )  # fmt: skip
        db.session.commit()
    client = members.sign_in("reader")
    refused = save(client, "/roles/?function=product")
    assert refused.status_code == 422
    assert f"You have {MAX_SAVED} saved searches" in refused.get_data(as_text=True)
    assert len(saved(app)) == MAX_SAVED


def test_edit_pause_resume_new_feed_address_and_delete(app, members):
    members.add("reader")
    client = members.sign_in("reader")
    save(client, "/roles/?function=product")
    [search] = saved(app)
    base = f"/me/alerts/{search.id}"
    assert (
        post_action(client, base, {"name": "Product roles", "frequency": "weekly"}).status_code
        == 302
    )
    assert post_action(client, base, {"name": "y" * 81, "frequency": "weekly"}).status_code == 422
    assert post_action(client, f"{base}/pause", {"action": "pause"}).status_code == 302
    [changed] = saved(app)
    assert (changed.name, changed.frequency, changed.paused, changed.mails) == (
        "Product roles", "weekly", True, False
    )  # fmt: skip
    assert post_action(client, f"{base}/pause", {"action": "sleep"}).status_code == 422
    assert post_action(client, f"{base}/pause", {"action": "resume"}).status_code == 302
    old_token = changed.feed_token
    assert post_action(client, f"{base}/feed-token").status_code == 302
    [renewed] = saved(app)
    assert not renewed.paused and renewed.feed_token != old_token
    assert client.get(f"/alerts/{old_token}/feed.atom").status_code == 404
    assert client.get(f"/alerts/{renewed.feed_token}/feed.atom").status_code == 200
    assert post_action(client, f"{base}/delete").status_code == 302
    assert saved(app) == []


def test_another_members_saved_search_is_not_found(app, members):
    members.add("owner")
    members.add("intruder")
    save(members.sign_in("owner"), "/roles/?function=product")
    [search] = saved(app)
    intruder = members.sign_in("intruder")
    base = f"/me/alerts/{search.id}"
    for path, data in [(base, {"name": "Mine", "frequency": "none"}),
                       (f"{base}/pause", {"action": "pause"}), (f"{base}/delete", {}),
                       (f"{base}/feed-token", {})]:  # fmt: skip
        assert post_action(intruder, path, data).status_code == 404
    [untouched] = saved(app)
    assert (untouched.name, untouched.paused) == (search.name, False)
    assert search.name not in intruder.get("/me/alerts").get_data(as_text=True)


def test_invisible_names_fall_back_to_what_it_looks_for_and_an_edit_needs_a_frequency(app, members):
    members.add("reader")
    client = members.sign_in("reader")
    assert save(client, "/search?q=" + "x" * 150, name="\u200b\u200b\ufeff").status_code == 302
    save(client, "/roles/?function=product", name="\u202egnp.exe")
    long_one, flipped = saved(app)
    assert long_one.name.startswith("Everything · “xxx") and long_one.name.endswith("…")
    assert len(long_one.name) == 80
    assert flipped.name == "gnp.exe"  # the override is gone: it reads as typed
    response = post_action(client, f"/me/alerts/{flipped.id}", {"name": "Kept"})
    assert response.status_code == 422
    assert saved(app)[1].frequency == "daily"  # unchanged
