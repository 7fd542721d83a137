"""Whole numbers read from URLs and forms: ASCII digits only, and within range."""

from __future__ import annotations

import re

# The largest value a database integer column holds (PostgreSQL's `integer`).
MAX_DATABASE_ID = 2**31 - 1
# The largest amount of money (a salary's minimum) read from a URL.
MAX_AMOUNT = 10**12
# `str.isdigit()` and `int()` also take "²", "٣" and "３": only 0-9 are digits here, so
# one number has one spelling and nothing reaches `int()` that it may refuse.
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def ascii_int(text: object, *, minimum: int = 0, maximum: int = MAX_DATABASE_ID) -> int | None:
    """`text` as an int when it is plain ASCII digits within [minimum, maximum], else None."""
    if not isinstance(text, str) or not ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None
