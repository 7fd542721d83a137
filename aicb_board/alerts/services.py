"""Saving, changing and reading back a member's saved searches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update

from ..auth.models import User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..kinds import Kind, kind_named
from .criteria import Criteria
from .models import FREQUENCIES, NONE, AlertMatch, SavedSearch, new_feed_token
from .percolator import query_terms

MAX_SAVED = 50  # saved searches per member
NAME_LENGTH = 80
RECENT_MATCHES = 5  # shown under each on /me/alerts


class AlreadySaved(DomainError):
    """The member saved this very search before (a double submit, or twice by mistake)."""

    def __init__(self, saved: SavedSearch) -> None:
        super().__init__(f"You already saved this search, as “{saved.name}”.")
        self.saved = saved


def owned(user_id: int, search_id: int) -> SavedSearch | None:
    """The member's own saved search by id; None for anyone else's (their page says 404)."""
    return db.session.scalar(
        select(SavedSearch).where(SavedSearch.id == search_id, SavedSearch.user_id == user_id)
    )


def saved_searches(user_id: int) -> list[SavedSearch]:
    """The member's saved searches, newest first."""
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.user_id == user_id)
            .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
        )
    )


def same_search(user_id: int, criteria: Criteria) -> SavedSearch | None:
    """The member's saved search with exactly these criteria, if there is one."""
    kind = (
        SavedSearch.kind.is_(None) if criteria.kind is None else SavedSearch.kind == criteria.kind
    )
    return db.session.scalar(
        select(SavedSearch)
        .where(
            SavedSearch.user_id == user_id,
            kind,
            SavedSearch.query == criteria.query,
            SavedSearch.filters == criteria.filters_json,
        )
        .limit(1)
    )


def check_frequency(frequency: str) -> None:
    """Refuse a frequency the board does not offer."""
    if frequency not in dict(FREQUENCIES):
        raise DomainError("Choose how often to hear of new matches.", field="frequency", status=422)


def save_search(*, user_id: int, criteria: Criteria, name: str, frequency: str) -> SavedSearch:
    """Save the criteria for the member (named by `describe()` when `name` is empty).

    Raises AlreadySaved for a search they saved before, and a DomainError past MAX_SAVED or
    for a search with no words the board searches by ("the", "*").
    """
    check_frequency(frequency)
    if criteria.query and not query_terms(criteria.query):
        raise DomainError(
            "That search has no words to look for (very common words like “the” are left out).",
            status=422,
        )
    if criteria.scope != "search" and criteria.kind is None:
        raise DomainError("That page cannot be saved.", status=422)
    existing = same_search(user_id, criteria)
    if existing is not None:
        raise AlreadySaved(existing)
    count = db.session.scalar(
        select(func.count()).select_from(SavedSearch).where(SavedSearch.user_id == user_id)
    )
    if count >= MAX_SAVED:
        raise DomainError(
            f"You have {MAX_SAVED} saved searches, the most a member can keep. Delete one you "
            "no longer need on your Alerts page, then save this one.",
            status=422,
        )
    saved = SavedSearch(
        user_id=user_id,
        kind=criteria.kind,
        query=criteria.query,
        filters=criteria.filters_json,
        frequency=frequency,
        paused=False,
        feed_token=new_feed_token(),
    )
    saved.name = name.strip() or default_name(saved)
    db.session.add(saved)
    db.session.flush()
    return saved


def default_name(saved: SavedSearch) -> str:
    """A name for a search saved without one: what it looks for, shortened to fit."""
    words = saved.describe()
    return words if len(words) <= NAME_LENGTH else words[: NAME_LENGTH - 1].rstrip() + "…"


def update_search(saved: SavedSearch, *, name: str, frequency: str) -> None:
    """Rename it and change how often the member hears of it.

    Turning mail on for a search that sent none starts from now: the matches it gathered
    meanwhile (on this page and in its feed) are not mailed as a backlog.
    """
    check_frequency(frequency)
    if saved.frequency == NONE and frequency != NONE:
        db.session.execute(
            update(AlertMatch)
            .where(AlertMatch.saved_search_id == saved.id, AlertMatch.sent_at.is_(None))
            .values(sent_at=utcnow())
        )
    saved.name = name.strip() or default_name(saved)
    saved.frequency = frequency


def set_paused(saved: SavedSearch, paused: bool) -> None:
    """Pause (no new matches are recorded, no mail) or resume."""
    saved.paused = paused
    saved.updated_at = utcnow()


def delete_search(saved: SavedSearch) -> None:
    """Forget it and its matches."""
    db.session.execute(delete(AlertMatch).where(AlertMatch.saved_search_id == saved.id))
    db.session.delete(saved)


def renew_feed_token(saved: SavedSearch) -> None:
    """Give its private feed a new address; the old one stops working."""
    saved.feed_token = new_feed_token()


def by_feed_token(token: str) -> SavedSearch | None:
    """The saved search whose private feed lives at `token` (none of a suspended member's)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(SavedSearch)
        .join(User, User.id == SavedSearch.user_id)
        .where(SavedSearch.feed_token == token, User.suspended_at.is_(None))
    )


@dataclass(frozen=True)
class RecentMatch:
    """One of a saved search's latest matches, with its item when still public."""

    match: AlertMatch
    kind: Kind | None
    item: Any | None  # None: no longer on the board


def recent_matches(searches: list[SavedSearch]) -> dict[int, list[RecentMatch]]:
    """The latest matches of each saved search, each with its item if it is still public."""
    if not searches:
        return {}
    ranked = (
        select(
            AlertMatch.id,
            func.row_number()
            .over(
                partition_by=AlertMatch.saved_search_id,
                order_by=(AlertMatch.matched_at.desc(), AlertMatch.id.desc()),
            )
            .label("rank"),
        )
        .where(AlertMatch.saved_search_id.in_([each.id for each in searches]))
        .subquery()
    )
    matches = db.session.scalars(
        select(AlertMatch)
        .join(ranked, ranked.c.id == AlertMatch.id)
        .where(ranked.c.rank <= RECENT_MATCHES)
        .order_by(AlertMatch.matched_at.desc(), AlertMatch.id.desc())
    ).all()
    ids_by_kind: dict[str, set[int]] = {}
    for match in matches:
        ids_by_kind.setdefault(match.kind, set()).add(match.item_id)
    public: dict[tuple[str, int], Any] = {}
    for name, ids in ids_by_kind.items():
        kind = kind_named(name)
        if kind is not None:
            query = kind.public_items().where(kind.model.id.in_(ids))
            public.update({(name, item.id): item for item in db.session.scalars(query)})
    found: dict[int, list[RecentMatch]] = {each.id: [] for each in searches}
    for match in matches:
        item = public.get((match.kind, match.item_id))
        found[match.saved_search_id].append(RecentMatch(match, kind_named(match.kind), item))
    return found
