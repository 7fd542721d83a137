"""Alert digests: a saved search's new matches, mailed on its schedule, each item once.

The worker runs `send_digests(frequency)` on the schedule (`jobs.py`), and
`flask alerts send --frequency …` runs one now. For each active saved search of that
frequency with unsent matches, one transaction marks the matches sent *and* writes the mail
(and the member's notification): a crash leaves both undone, and a second worker's mark finds
the rows already taken and writes nothing. Items that stopped being public since they matched
are left out; at most PER_MAIL are listed, with a link to the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask import current_app, render_template, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select, update
from sqlalchemy.orm import selectinload

from ..database import utcnow
from ..extensions import db
from ..kinds import KINDS, Kind
from ..moderation.states import Status
from ..notifications.services import notify
from ..search import SearchUnavailable
from ..search.backends import backend
from ..search.whoosh_backend import FILTER_FIELDS
from ..web import absolute_url, site_request_context
from .models import DAILY, INSTANT, NONE, PAGE_ONLY, WEEKLY, AlertMatch, SavedSearch

log = logging.getLogger(__name__)

PER_MAIL = 20
# Search hits read to order a query's matches the way search would (the rest follow, newest
# first): far more than one mail lists.
RANKED_HITS = 200
UNSUBSCRIBE_SALT = "aicb-board.alert-unsubscribe"


# Unsubscribing -----------------------------------------------------------------------------


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(search: SavedSearch) -> str:
    """The token of the saved search's unsubscribe link: it never expires, as old mail stays."""
    return _unsubscribe_serializer().dumps([search.id, search.user_id])


def search_for_token(token: str) -> SavedSearch | None:
    """The saved search an unsubscribe token names, if it still exists and is its owner's."""
    try:
        search_id, user_id = _unsubscribe_serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    search = db.session.get(SavedSearch, search_id) if isinstance(search_id, int) else None
    return search if search is not None and search.user_id == user_id else None


def unsubscribe_url(search: SavedSearch) -> str:
    """The one-click unsubscribe address of the search's mail (RFC 8058)."""
    return absolute_url(url_for("alert_mail.unsubscribe", token=unsubscribe_token(search)))


# Building a digest -----------------------------------------------------------------------


Key = tuple[str, int]  # (kind name, item id)
# Why the member gets the mail, in its closing words.
HOW_OFTEN = {INSTANT: "as new matches appear", DAILY: "once a day", WEEKLY: "once a week"}


def _public(matches: Sequence[AlertMatch]) -> dict[Key, Any]:
    """The matched items the public may see listed now, by (kind, id)."""
    wanted: dict[str, list[int]] = {}
    for match in matches:
        wanted.setdefault(match.kind, []).append(match.item_id)
    found: dict[Key, Any] = {}
    for name, ids in wanted.items():
        kind = KINDS.get(name)
        if kind is None:
            continue
        rows = db.session.scalars(
            select(kind.model).where(kind.model.id.in_(ids), kind.model.status == Status.PUBLISHED)
        )
        found.update({(name, item.id): item for item in rows if kind.searchable(item)})
    return found


def _search_order(search: SavedSearch) -> dict[Key, int] | None:
    """Where search puts each item for the saved query (None when search cannot be read)."""
    narrowing = {name: value for name, value in search.chosen.items() if name in FILTER_FIELDS}
    try:
        hits = (
            backend()
            .search(search.query, kind=search.kind, filters=narrowing, per_page=RANKED_HITS)
            .hits
        )
    except SearchUnavailable:
        log.warning("Alert %s listed newest first: search cannot be read.", search.id)
        return None
    return {(hit.kind, hit.item_id): place for place, hit in enumerate(hits)}


def _list_order(search: SavedSearch, items: dict[Key, Any]) -> dict[Key, int] | None:
    """Where the saved list puts each item: its `sort`, or newest first."""
    kind = KINDS.get(search.kind or "")
    if kind is None or kind.api is None:
        return None
    api = kind.api
    chosen = {name: value for name, value in search.chosen.items() if name not in PAGE_ONLY}
    listed = api.browse(chosen).where(kind.model.id.in_([key[1] for key in items]))
    sort = search.chosen.get("sort", "")
    if api.sort is not None and sort in dict(api.sorts):
        listed = api.sort(listed, sort)
    ids = db.session.scalars(listed.with_only_columns(kind.model.id))
    return {(kind.name, item_id): place for place, item_id in enumerate(ids)}


def ranked(search: SavedSearch, items: dict[Key, Any]) -> list[tuple[Kind, Any]]:
    """The items in the order the search's own page gives them: search's ranking for a
    query, the list's order for a filtered list; what that order misses follows, newest
    first."""
    newest = sorted(items.items(), key=lambda entry: entry[1].published_at, reverse=True)
    order = _search_order(search) if search.query else _list_order(search, items)
    if order:
        newest.sort(key=lambda entry: order.get(entry[0], len(order)))
    return [(KINDS[key[0]], item) for key, item in newest]


# Sending -----------------------------------------------------------------------------------


def due_searches(frequency: str) -> list[int]:
    """The saved searches of `frequency` that mail and have matches not yet sent."""
    unsent = exists().where(
        AlertMatch.saved_search_id == SavedSearch.id, AlertMatch.sent_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(SavedSearch.id)
            .where(SavedSearch.frequency == frequency, SavedSearch.paused.is_(False), unsent)
            .order_by(SavedSearch.id)
        )
    )


def send_digest(search_id: int, *, now: datetime | None = None) -> bool:
    """Mark the search's unsent matches sent and write their digest, in one transaction
    (commits); whether a digest was written."""
    now = now or utcnow()
    search = db.session.get(SavedSearch, search_id, options=[selectinload(SavedSearch.user)])
    if search is None or not search.mails:
        db.session.rollback()
        return False
    matches = db.session.scalars(
        select(AlertMatch)
        .where(AlertMatch.saved_search_id == search.id, AlertMatch.sent_at.is_(None))
        .order_by(AlertMatch.id)
    ).all()
    ids = [match.id for match in matches]
    taken = db.session.execute(
        update(AlertMatch)
        .where(AlertMatch.id.in_(ids), AlertMatch.sent_at.is_(None))
        .values(sent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not ids or taken != len(ids):  # another worker is sending (or sent) this digest
        db.session.rollback()
        return False
    listed = ranked(search, _public(matches))
    if listed:
        _write(search, listed)
    db.session.commit()
    return bool(listed)


def _write(search: SavedSearch, listed: list[tuple[Kind, Any]]) -> None:
    """The member's notification and, as their preferences say, the digest mail."""
    count = len(listed)
    noun = "new match" if count == 1 else "new matches"
    subject = f"{count} {noun} for your alert “{search.name[:80]}”"
    unsubscribe = unsubscribe_url(search)
    entries = [
        (item.display_title, kind.byline(item), absolute_url(kind.public_url(item)))
        for kind, item in listed[:PER_MAIL]
    ]
    body = render_template(
        "mail/alert_digest.txt",
        search=search,
        entries=entries,
        more=max(0, count - PER_MAIL),
        page=absolute_url(search.page_url()),
        how_often=HOW_OFTEN.get(search.frequency, ""),
        manage=absolute_url(url_for("alerts.index")),
        unsubscribe=unsubscribe,
    )
    notify(
        search.user,
        topic="alert",
        subject=subject,
        body=body,
        link=url_for("alerts.index"),
        mail_headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_digests(frequency: str, *, now: datetime | None = None) -> int:
    """Send every due digest of `frequency`; how many were written. (Links are built in a
    request on BASE_URL, as the worker and the command have none.)"""
    with site_request_context():
        return sum(send_digest(search_id, now=now) for search_id in due_searches(frequency))


def stop_mail(search: SavedSearch) -> bool:
    """Unsubscribe: the search stays saved (its page and feed), with no more mail; whether
    it mailed until now."""
    mailed = search.frequency != NONE
    search.frequency = NONE
    return mailed
