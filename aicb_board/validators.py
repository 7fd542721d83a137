"""Form helpers shared by every feature: input filters and validators."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ada_url import parse_url
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError


def options(pairs: Iterable[tuple[str, str]], *, blank: str | None = None) -> list[SelectChoice]:
    """Choices for a SelectField from (value, label) pairs, optionally led by an empty one."""
    leading = [SelectChoice("", blank)] if blank is not None else []
    return leading + [SelectChoice(value, label) for value, label in pairs]


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str | None, max_length: int) -> str:
    """Text typed in a search box: control characters gone, spaces collapsed, bounded."""
    return " ".join(CONTROL.sub(" ", text or "").split())[:max_length]


def strip(value):
    """Trim surrounding whitespace."""
    return value.strip() if isinstance(value, str) else value


def drop_format_characters(value):
    """Drop invisible format characters (zero-width spaces, bidi overrides: Unicode's Cf) from
    single-line text, so a name cannot be invisible or read backwards."""
    if not isinstance(value, str):
        return value
    return "".join(char for char in value if unicodedata.category(char) != "Cf")


def drop_nul(value):
    """Drop NUL characters from multi-line text: no database stores them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def no_control_characters(form, field) -> None:
    """Refuse invisible control characters in single-line text."""
    if field.data and any(ord(char) < 32 or ord(char) == 127 for char in field.data):
        raise ValidationError("Remove the invisible control characters.")


WEB_ADDRESS_ADVICE = "Enter a full web address starting with https:// (or http://)."
# Browsers drop tabs and newlines inside a URL and read "\\" as "/": a member's link must be
# exactly what a browser will open, so these are refused rather than quietly repaired.
NOT_IN_LINKS = re.compile(r"[\x00-\x20\x7f\\]")


def parse_web_url(text: str | None, *, schemes: frozenset[str] = frozenset({"http", "https"})):
    """A member's link parsed the way browsers parse it (WHATWG), or None when it is refused.

    Refused: anything but the given schemes, no host, a user name or password before the
    host ("https://evil.example\\@linkedin.com" is a link to evil.example), backslashes,
    spaces and control characters.
    """
    if not text or NOT_IN_LINKS.search(text):
        return None
    try:
        parts = parse_url(text)
    except ValueError:
        return None
    if parts["protocol"].rstrip(":") not in schemes or not parts["hostname"]:
        return None
    if parts["username"] or parts["password"]:
        return None
    return parts


# A scheme ("https:", "mailto:", "javascript:") at the start of a link, as RFC 3986 spells it.
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# What a member types for a site without its scheme: a host with a dot, then maybe a path.
BARE_HOST = re.compile(r"^[^\s/@:?#]+\.[^\s/@:?#]+(?:[/?#]\S*)?$")


def complete_web_address(value):
    """ "northwind.example/jobs" → "https://northwind.example/jobs": people type sites so.

    Only a bare host (with a dot, before any path) gains "https://"; anything with a scheme,
    or that is no host at all, is left as typed for the validators to judge.
    """
    if isinstance(value, str) and not SCHEME.match(value) and BARE_HOST.match(value):
        return f"https://{value}"
    return value


def web_url(form, field) -> None:
    """Accept only absolute http(s) links with a host and nothing a browser reads differently.

    A bare host ("northwind.example") is completed with https:// first, and kept so.
    """
    field.data = complete_web_address(field.data)
    if field.data and parse_web_url(field.data) is None:
        raise ValidationError(WEB_ADDRESS_ADVICE)
