"""Form helpers shared by every feature: input filters and validators."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

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


def drop_nul(value):
    """Drop NUL characters from multi-line text: no database stores them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def no_control_characters(form, field) -> None:
    """Refuse invisible control characters in single-line text."""
    if field.data and any(ord(char) < 32 or ord(char) == 127 for char in field.data):
        raise ValidationError("Remove the invisible control characters.")


def web_url(form, field) -> None:
    """Accept only absolute http(s) links with a host."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme not in {"http", "https"} or not parts.hostname or " " in field.data:
        raise ValidationError("Enter a full web address starting with https:// (or http://).")
