"""Signed-out visitors' copies of the public pages, kept until what the public sees changes.

Most of the board's traffic is people who are not signed in, reading the same lists and
pages. A view marked `@shared_page` is rendered once per *generation* of the public content
and kept in the worker's memory (least recently used first out, PAGE_CACHE_ENTRIES pages and
values). What every visitor sees alike on a page is kept the same way, signed in or not
(`kept`: a list's count, an item's similar items). The generation is a counter in the
database that every transaction writing a public table raises, inside that transaction, so a
page kept before a removal is never served after the removal commits, on any worker. What
changes with time alone (a closing date passing, "3 days ago") is made again after
PAGE_CACHE_SECONDS.

Which writes count is decided by table, not by feature: an insert, update or delete of any
table outside PRIVATE_TABLES raises the counter (of `users`, only a change to what a profile
shows), so a new feature's table counts until someone says it cannot change a public page.
Writes through a session count; code that writes a public table through `db.engine` or a
connection of its own must call `pages_changed()` after its commit.

A copy is served to, and made from, requests of visitors who are not signed in and have no
message waiting (a flash); only 200 answers that set no cookie and carry no form token are
kept. Every other hook runs as for any request (the app's limits, the route's limit, the
security headers, the request log): a kept copy saves the view's queries and rendering.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import current_user
from sqlalchemy import BigInteger, Integer, event, inspect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import TextClause

from .extensions import db
from .web import carries_csrf_token

EXTENSION = "aicb_page_cache"
_CHANGED = "aicb_public_content_changed"  # Session.info: this transaction wrote a public table
# Tables no signed-out visitor's page is built from: writing them keeps the kept pages.
PRIVATE_TABLES = frozenset({
    "alert_matches", "alert_queue", "bookmarks", "mail_bounces", "mail_preferences",
    "member_moves", "mentor_waits", "mentorship_feedback", "moderation_claims",
    "moderation_events", "moderator_notes", "notifications", "outbox_messages",
    "page_generation", "saved_searches",
})  # fmt: skip
# Columns of `users` no public page shows: signing in, confirming an address, a new password.
# ("Active … ago" on a mentor's card reads last_login_at: it may lag by PAGE_CACHE_SECONDS.)
PRIVATE_USER_COLUMNS = frozenset({
    "email", "password_hash", "session_version", "last_login_at", "password_changed_at",
    "email_verified_at",
})  # fmt: skip
# Query arguments that page or order a list without changing what it holds.
LIST_ORDER_ARGS = frozenset({"page", "sort"})
# Kept as they are; the rest of a response is what the view made.
UNKEPT_HEADERS = frozenset({"set-cookie", "content-length", "date"})


class PageGeneration(db.Model):
    """The one row counting changes to what the public sees (see the module's docstring)."""

    __tablename__ = "page_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, default=0)


@dataclass(frozen=True)
class KeptPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class Kept:
    generation: int
    made: float  # time.monotonic()
    value: Any


class PageCache:
    """A worker's kept pages (and list counts), by key; safe for threaded workers."""

    def __init__(self, entries: int, seconds: float) -> None:
        self.entries, self.seconds = entries, seconds
        self._kept: OrderedDict[Hashable, Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, generation: int) -> Any:
        """What was kept under `key` at `generation` and not too long ago, else None."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if kept.generation != generation or time.monotonic() - kept.made > self.seconds:
                del self._kept[key]
                return None
            self._kept.move_to_end(key)
            return kept.value

    def put(self, key: Hashable, generation: int, value: Any) -> None:
        with self._lock:
            self._kept[key] = Kept(generation, time.monotonic(), value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)


RAISE_GENERATION = update(PageGeneration).values(number=PageGeneration.number + 1)


def current_generation() -> int | None:
    """The public content's generation (None when the row is missing: then nothing is kept),
    read once per request: what the request shows is at least as new as it."""
    if not has_request_context():
        return _read_generation()
    if "page_generation" not in g:
        g.page_generation = _read_generation()
    return g.page_generation


def _read_generation() -> int | None:
    return db.session.scalar(select(PageGeneration.number).where(PageGeneration.id == 1))


# Reading: serve a kept copy, or keep the page just made ----------------------------------


def shared_page(view: Callable) -> Callable:
    """A public page whose signed-out copy may be kept (under the route and limit decorators,
    so that a kept copy still counts against the route's limit)."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        cache = current_app.extensions.get(EXTENSION)
        if cache is None or request.method not in ("GET", "HEAD") or _personal():
            return view(*args, **kwargs)
        generation = current_generation()
        if generation is None:
            return view(*args, **kwargs)
        key = ("page", request.host, request.full_path)
        kept = cache.get(key, generation)
        if kept is not None:
            response = current_app.response_class(kept.body, kept.status, kept.headers)
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = current_app.make_response(view(*args, **kwargs))
        if _keepable(response):
            headers = tuple(
                (name, value) for name, value in response.headers
                if name.lower() not in UNKEPT_HEADERS
            )  # fmt: skip
            cache.put(key, generation, KeptPage(response.status_code, headers,
                                                response.get_data()))  # fmt: skip
        return response

    return serve


def kept(key: Hashable, make: Callable[[], Any]) -> Any:
    """`make()`, kept under `key` until the public content changes: for what is the same for
    every visitor, signed in or not (a list's count, an item's similar items)."""
    cache = current_app.extensions.get(EXTENSION)
    generation = current_generation() if cache is not None else None
    if generation is None:
        return make()
    value = cache.get(key, generation)
    if value is None:
        value = make()
        cache.put(key, generation, value)
    return value


def kept_count(count: Callable[[], int]) -> int:
    """`count()` of the request's public list, kept for its filters whatever the page or the
    order."""
    filters = sorted(
        (name, value) for name, value in request.args.items(multi=True)
        if name not in LIST_ORDER_ARGS
    )  # fmt: skip
    return kept(("count", request.endpoint, tuple(filters)), count)


def _personal() -> bool:
    """Whether this visitor's page is their own: signed in, or a message waits for them."""
    return "_flashes" in session or current_user.is_authenticated


def _keepable(response) -> bool:
    """A complete 200 page that is the same for every signed-out visitor."""
    return (
        response.status_code == 200
        and not response.is_streamed
        and not session.modified  # a flash or a form token was put in the visitor's session
        and not carries_csrf_token()
        and "Set-Cookie" not in response.headers
    )


# Writing: any transaction that writes a public table raises the generation --------------


def _public_table(name: str) -> bool:
    return name not in PRIVATE_TABLES


def _changes_a_public_page(instance, session: Session) -> bool:
    table = instance.__table__.name
    if not _public_table(table):
        return False
    if table != "users" or instance in session.deleted:
        return True
    if instance in session.new:  # a new account shows nowhere until it publishes
        return False
    state = inspect(instance)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return bool(changed - PRIVATE_USER_COLUMNS)


def _note_flushed(session: Session, _flush_context) -> None:
    if session.info.get(_CHANGED):
        return
    written = chain(session.new, session.dirty, session.deleted)
    if any(_changes_a_public_page(instance, session) for instance in written):
        session.info[_CHANGED] = True


def _note_statement(state) -> None:
    """`session.execute(update(…))` and friends, which no flush sees; a statement in SQL text
    other than a SELECT counts as a public write (its tables are not known)."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if table is not None and _public_table(getattr(table, "name", "")):
            state.session.info[_CHANGED] = True
    elif isinstance(state.statement, TextClause) and not _reads_only(state.statement.text):
        state.session.info[_CHANGED] = True


def _reads_only(sql: str) -> bool:
    return sql.lstrip().upper().startswith("SELECT")


def _raise_generation(session: Session) -> None:
    # Only at the real commit: raised at a SAVEPOINT's release, the counter's row would stay
    # locked through the rest of the transaction, and other writers would queue behind it.
    if session.in_nested_transaction():
        return
    session.flush()  # what commit would flush after this hook: it may write a public table
    if session.info.pop(_CHANGED, False):
        session.execute(RAISE_GENERATION)


def pages_changed() -> None:
    """Make kept pages again after a change outside the database (a rebuilt search index)."""
    db.session.execute(RAISE_GENERATION)
    db.session.commit()


def _forget(session: Session) -> None:
    if not session.in_nested_transaction():  # a SAVEPOINT's rollback keeps what came before
        session.info.pop(_CHANGED, None)


def connect_listeners() -> None:
    """Listen to every session (requests', commands', the search queue's own)."""
    if not event.contains(Session, "before_commit", _raise_generation):
        event.listen(Session, "after_flush", _note_flushed)
        event.listen(Session, "do_orm_execute", _note_statement)
        event.listen(Session, "before_commit", _raise_generation)
        event.listen(Session, "after_rollback", _forget)


def init_app(app: Flask) -> None:
    """Keep pages when PAGE_CACHE_SECONDS is above 0; count public changes in any case."""
    connect_listeners()
    seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds > 0:
        app.extensions[EXTENSION] = PageCache(app.config.get("PAGE_CACHE_ENTRIES", 500), seconds)
