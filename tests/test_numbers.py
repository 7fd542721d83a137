"""Numbers from URLs and forms: ASCII digits within range, or nothing."""

import pytest

from aicb_board.numbers import MAX_DATABASE_ID, ascii_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("42", 42), ("007", 7), (str(MAX_DATABASE_ID), MAX_DATABASE_ID)],
)
def test_plain_digits_in_range_are_numbers(text, expected):
    assert ascii_int(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "²", "12²", "٣", "３", "१२", "-1", "+1", " 1", "1 ", "1\n", "1.0", "1_000", "0x10",
        str(MAX_DATABASE_ID + 1), "9" * 23, "9" * 5000, None, 12,
    ],
)  # fmt: skip
def test_anything_else_is_none(text):
    assert ascii_int(text) is None


def test_bounds_are_the_callers():
    assert ascii_int("0", minimum=1) is None
    assert ascii_int("101", maximum=100) is None
    assert ascii_int("100", minimum=1, maximum=100) == 100
