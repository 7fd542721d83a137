"""The vocabularies of mentor profiles and requests."""

from __future__ import annotations

from zoneinfo import available_timezones

import pycountry

from ..roles.choices import FUNCTIONS  # one list of functions for roles, mentors and stories

FORMATS = [("video", "Video call"), ("async", "Async messages"), ("in-person", "In person")]
LANGUAGE_CODES = ["en", "es", "fr", "de", "pt", "it", "nl", "pl", "sv", "da", "no", "fi",
                  "hi", "zh", "ja", "ko", "ar", "he", "tr", "uk"]  # fmt: skip
LANGUAGES = [(code, pycountry.languages.get(alpha_2=code).name) for code in LANGUAGE_CODES]
TIMEZONES = sorted(zone for zone in available_timezones() if "/" in zone and "Etc" not in zone)
DECLINE_REASONS = [
    ("no-capacity", "I have no time for a new mentee right now"),
    ("not-a-fit", "My experience does not fit what you are looking for"),
    ("unclear", "The request is not clear enough for me to help"),
    ("other", "Another reason (see my message)"),
]
MAX_EXPERTISE, MAX_INDUSTRIES = 8, 5

__all__ = ["FUNCTIONS", "FORMATS", "LANGUAGES", "TIMEZONES", "DECLINE_REASONS"]


def label(choices: list[tuple[str, str]], value: str | None) -> str:
    """The label of `value` in a vocabulary ("" when unknown)."""
    return dict(choices).get(value or "", "")
