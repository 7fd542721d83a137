"""Reading the API's query parameters strictly: a value it cannot use is a 400, never ignored."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask import request

from ..content import normalise_tag
from ..numbers import MAX_AMOUNT, ascii_int
from ..search.bounds import bound_query
from ..validators import one_line

if TYPE_CHECKING:
    from ..kinds import Filter

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
# Newest first; oldest change first (updated_since); a kind's own order, by position (sort).
BROWSE, SYNC, SORTED = "browse", "sync", "sorted"


class BadParameter(Exception):
    """A query parameter the API cannot use; answered with 400."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(detail)
        self.name = name
        self.detail = detail


def choice(
    name: str, vocabulary: Iterable[tuple[str, str]], args: Mapping[str, str] | None = None
) -> str | None:
    """One of a fixed list of values, or None when the parameter is absent."""
    value = (request.args if args is None else args).get(name)
    if value is None or value == "":
        return None
    allowed = [key for key, _label in vocabulary]
    if value not in allowed:
        raise BadParameter(name, f"`{name}` must be one of: {', '.join(allowed)}.")
    return value


TAG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG_LENGTH = 32


def tag(name: str, args: Mapping[str, str] | None = None) -> str | None:
    """A tag as the board spells them (`gen-ai`), or None when absent."""
    value = (request.args if args is None else args).get(name)
    if value is None or value == "":
        return None
    if len(value) > TAG_LENGTH or not TAG.fullmatch(value):
        raise BadParameter(name, f"`{name}` must be a tag such as `gen-ai`: a-z, 0-9, hyphens.")
    return value


def flag(name: str, args: Mapping[str, str] | None = None) -> bool:
    """`1` or `true` for yes, `0` or `false` (or absent) for no."""
    value = (request.args if args is None else args).get(name, "0").lower()
    if value not in {"0", "1", "true", "false"}:
        raise BadParameter(name, f"`{name}` must be 1 or 0.")
    return value in {"1", "true"}


def amount(name: str, args: Mapping[str, str] | None = None) -> int | None:
    """A whole number from 0 (an amount of money), or None when absent."""
    value = (request.args if args is None else args).get(name)
    if value is None or value == "":
        return None
    number = ascii_int(value, maximum=MAX_AMOUNT)
    if number is None:
        raise BadParameter(name, f"`{name}` must be a whole number from 0 to {MAX_AMOUNT}.")
    return number


def chosen_filters(
    filters: Iterable[Filter], args: Mapping[str, str] | None = None, *, strict: bool = True
) -> dict[str, Any]:
    """A kind's list filters given in `args` (the request's query string by default), checked.

    Strict (the API): a value it cannot use is a `BadParameter`. Lenient (a saved search made
    from a list page): such a value is dropped, a tag is first spelled as the pages spell it
    ("Gen AI" → "gen-ai"), and a filter missing the one it `requires` is dropped too.
    """
    args = request.args if args is None else args
    filters = tuple(filters)
    chosen: dict[str, Any] = {}
    for spec in filters:
        if not strict and spec.type == "tag" and args.get(spec.name):
            args = {**args, spec.name: normalise_tag(str(args[spec.name])[:40])}
        try:
            if spec.type == "choice":
                value = choice(spec.name, spec.vocabulary, args)
            elif spec.type == "tag":
                value = tag(spec.name, args)
            elif spec.type == "amount":
                value = amount(spec.name, args)
            else:
                value = flag(spec.name, args) or None
        except BadParameter:
            if strict:
                raise
            continue
        if value is not None:
            chosen[spec.name] = value
    for spec in filters:
        if spec.name in chosen and spec.requires and spec.requires not in chosen:
            if strict:
                raise BadParameter(spec.name, f"`{spec.name}` needs `{spec.requires}` too.")
            del chosen[spec.name]
    return chosen


def limit() -> int:
    """How many items a page holds."""
    value = ascii_int(request.args.get("limit", str(DEFAULT_LIMIT)), minimum=1, maximum=MAX_LIMIT)
    if value is None:
        raise BadParameter("limit", f"`limit` must be a whole number from 1 to {MAX_LIMIT}.")
    return value


def updated_since() -> datetime | None:
    """`updated_since` as an aware datetime (UTC when no offset is given)."""
    value = request.args.get("updated_since")
    if value is None or value == "":
        return None
    # An unencoded "+01:00" arrives as " 01:00".
    moment = utc_moment(value) or (utc_moment(value.replace(" ", "+")) if " " in value else None)
    if moment is None:
        raise BadParameter(
            "updated_since",
            "`updated_since` must be an ISO 8601 time between years 1 and 9999 in UTC, "
            "e.g. 2026-11-01T00:00:00Z.",
        )
    return moment


def utc_moment(text: str, *, naive_is_utc: bool = True) -> datetime | None:
    """An ISO 8601 time in ASCII as an aware UTC datetime; None when it is not one, or when
    it falls outside years 1–9999 once in UTC ("0001-01-01T00:00+01:00" is in year 0)."""
    if not text.isascii():  # fromisoformat takes any script's digits
        return None
    try:
        moment = datetime.fromisoformat(text.upper())  # RFC 3339 allows "t" and "z"
    except ValueError:
        return None
    if moment.tzinfo is None:
        if not naive_is_utc:
            return None
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def query_text() -> str:
    """The `q` of a search: required; words, phrases and prefixes within the search bounds."""
    text = one_line(request.args.get("q"), 200)
    if not text:
        raise BadParameter("q", "`q` is required: the words to search for.")
    bounded = bound_query(text)
    if bounded.simplified:  # the pages simplify it; an integration is told instead
        hint = f" For example: `{bounded.text}`." if bounded.text else ""
        raise BadParameter("q", f"{' '.join(bounded.notices)}{hint}")
    return text


def encode_cursor(mode: str, key: str | int, item_id: int) -> str:
    """An opaque token for the page after the item (`key`, `item_id`)."""
    raw = json.dumps([mode, key, item_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor(mode: str) -> tuple[str | int, int] | None:
    """The position `cursor` points after, for listing in `mode`; None on the first page."""
    value = request.args.get("cursor")
    if value is None or value == "":
        return None
    problem = BadParameter("cursor", "`cursor` is not one this API gave out: use the `next` link.")
    try:
        decoded = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise problem from None
    if not (isinstance(decoded, list) and len(decoded) == 3 and decoded[0] == mode):
        raise problem
    _mode, key, item_id = decoded
    if not isinstance(item_id, int) or isinstance(item_id, bool) or not 0 <= item_id < 2**31:
        raise problem
    if not isinstance(key, str | int) or isinstance(key, bool):
        raise problem
    return key, item_id
