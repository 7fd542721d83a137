"""Alert digests: saved searches' new matches, mailed on their schedule, each item once.

The worker runs `send_digests(frequency)` on the schedule (`jobs.py`), and
`flask alerts send --frequency …` runs one now. Each member gets one mail per run, with a
part for each of their alerts of that frequency that has new matches. One transaction marks
those matches sent *and* writes the mail (and the member's notification): a crash leaves both
undone, and a second worker's mark finds the rows already taken and writes nothing. Items
that stopped being public since they matched are left out; at most PER_MAIL are listed, each
alert with a link to the rest. Only confirmed addresses of members not suspended get any.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select, update

from ..auth.models import User
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


def unsubscribe_token(searches: Sequence[SavedSearch]) -> str:
    """The token of an unsubscribe link for `searches` (one member's): it never expires, as
    old mail stays in inboxes."""
    return _unsubscribe_serializer().dumps(
        [searches[0].user_id, sorted(search.id for search in searches)]
    )


def searches_for_token(token: str) -> list[SavedSearch] | None:
    """The saved searches an unsubscribe token names that still exist (they are its
    member's); None for a token the board did not sign."""
    try:
        user_id, search_ids = _unsubscribe_serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(user_id, int) or not isinstance(search_ids, list):
        return None
    ids = [each for each in search_ids if isinstance(each, int)]
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.id.in_(ids), SavedSearch.user_id == user_id)
            .order_by(SavedSearch.id)
        )
    )


def unsubscribe_url(searches: Sequence[SavedSearch]) -> str:
    """The one-click unsubscribe address of a mail about `searches` (RFC 8058)."""
    return absolute_url(url_for("alert_mail.unsubscribe", token=unsubscribe_token(searches)))


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


@dataclass
class Section:
    """One alert's part of a member's mail: its new matches, best first."""

    search: SavedSearch
    listed: list[tuple[Kind, Any]]


def due_members(frequency: str) -> list[int]:
    """The members with a saved search of `frequency` that mails and has matches not yet
    sent; only members whose address is confirmed and who are not suspended."""
    unsent = exists().where(
        AlertMatch.saved_search_id == SavedSearch.id, AlertMatch.sent_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(SavedSearch.user_id)
            .join(User, User.id == SavedSearch.user_id)
            .where(
                SavedSearch.frequency == frequency,
                SavedSearch.paused.is_(False),
                unsent,
                User.email_verified_at.is_not(None),
                User.suspended_at.is_(None),
            )
            .distinct()
            .order_by(SavedSearch.user_id)
        )
    )


def send_digest(user_id: int, frequency: str, *, now: datetime | None = None) -> bool:
    """One member's mail for this run: every alert of `frequency` with new matches, each
    alert's matches marked sent and the mail written in one transaction (commits); whether
    a mail was written."""
    now = now or utcnow()
    member = db.session.get(User, user_id)
    searches = db.session.scalars(
        select(SavedSearch)
        .where(
            SavedSearch.user_id == user_id,
            SavedSearch.frequency == frequency,
            SavedSearch.paused.is_(False),
        )
        .order_by(SavedSearch.id)
    ).all()
    sections = []
    for search in searches:
        matches = db.session.scalars(
            select(AlertMatch)
            .where(AlertMatch.saved_search_id == search.id, AlertMatch.sent_at.is_(None))
            .order_by(AlertMatch.id)
        ).all()
        if not matches:
            continue
        taken = db.session.execute(
            update(AlertMatch)
            .where(AlertMatch.id.in_([match.id for match in matches]), AlertMatch.sent_at.is_(None))
            .values(sent_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != len(matches):  # another worker is sending (or sent) this member's mail
            db.session.rollback()
            return False
        listed = ranked(search, _public(matches))
        if listed:
            sections.append(Section(search, listed))
    if sections and member is not None and member.is_verified and not member.is_suspended:
        _write(member, frequency, sections)
    db.session.commit()
    return bool(sections)


def _write(member: User, frequency: str, sections: list[Section]) -> None:
    """The member's notification and, as their preferences say, the mail: at most PER_MAIL
    items in all, each alert with a link to the rest of its matches and its own way out."""
    count = sum(len(section.listed) for section in sections)
    noun = "new match" if count == 1 else "new matches"
    if len(sections) == 1:
        subject = f"{count} {noun} for your alert “{sections[0].search.name[:80]}”"
    else:
        subject = f"{count} {noun} for {len(sections)} of your alerts"
    room, parts = PER_MAIL, []
    for section in sections:
        shown = section.listed[:room]
        room -= len(shown)
        parts.append(
            {
                "search": section.search,
                "entries": [
                    (item.display_title, kind.byline(item), absolute_url(kind.public_url(item)))
                    for kind, item in shown
                ],
                "more": len(section.listed) - len(shown),
                "page": absolute_url(section.search.page_url()),
                "stop": unsubscribe_url([section.search]),
            }
        )
    every = unsubscribe_url([section.search for section in sections])
    notify(
        member,
        topic="alert",
        subject=subject,
        body=render_template(
            "mail/alert_digest.txt",
            member=member,
            sections=parts,
            how_often=HOW_OFTEN.get(frequency, ""),
            manage=absolute_url(url_for("alerts.index")),
            unsubscribe=every,
        ),
        link=url_for("alerts.index"),
        mail_headers={
            "List-Unsubscribe": f"<{every}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_digests(frequency: str, *, now: datetime | None = None) -> int:
    """Send every due mail of `frequency`, one per member; how many were written. (Links are
    built in a request on BASE_URL, as the worker and the command have none.)"""
    with site_request_context():
        return sum(send_digest(user_id, frequency, now=now) for user_id in due_members(frequency))


def stop_mail(searches: Sequence[SavedSearch]) -> None:
    """Unsubscribe: the searches stay saved (their pages and feeds), with no more mail."""
    for search in searches:
        search.frequency = NONE
