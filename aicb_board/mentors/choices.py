"""The vocabularies of mentor profiles and requests."""

from __future__ import annotations

from importlib.resources import files

import pycountry
from wtforms.fields.choices import SelectChoice

from ..vocabulary import FUNCTIONS

FORMATS = [("video", "Video call"), ("async", "Async messages"), ("in-person", "In person")]
LANGUAGE_CODES = ["en", "es", "fr", "de", "pt", "it", "nl", "pl", "sv", "da", "no", "fi",
                  "hi", "zh", "ja", "ko", "ar", "he", "tr", "uk"]  # fmt: skip
LANGUAGES = [(code, pycountry.languages.get(alpha_2=code).name) for code in LANGUAGE_CODES]
ZONE_DATA = files("tzdata") / "zoneinfo"


def _current_zones() -> list[str]:
    # zone.tab names each country's zones by their current names: no "US/Eastern", "GB",
    # "Asia/Calcutta" or "Etc/GMT+5" (UTC is added for those who keep it).
    lines = (ZONE_DATA / "zone.tab").read_text(encoding="utf-8").splitlines()
    zones = {line.split("\t")[2] for line in lines if line and not line.startswith("#")}
    return sorted(zones, key=lambda zone: (zone.split("/", 1)[0], zone))


def _aliases() -> dict[str, str]:
    # tzdata.zi's "L target alias" lines: every old name and the zone it now stands for.
    lines = (ZONE_DATA / "tzdata.zi").read_text(encoding="utf-8").splitlines()
    return {parts[2]: parts[1] for parts in map(str.split, lines) if parts[:1] == ["L"]}


TIMEZONES = ["UTC", *_current_zones()]
ZONE_ALIASES = _aliases()


def timezone_choices(blank: str) -> list[SelectChoice]:
    """The time zones as select choices in one group per region ("Europe"), UTC first."""
    leading = [SelectChoice("", blank), SelectChoice("UTC", "UTC")]
    return leading + [
        SelectChoice(zone, zone.partition("/")[2].replace("_", " "), optgroup=zone.split("/")[0])
        for zone in TIMEZONES[1:]
    ]


def current_zone(zone: str | None) -> str:
    """The current name of a stored zone ("US/Eastern" → "America/New_York"); "" if none."""
    seen = set()
    while zone and zone not in TIMEZONES and zone not in seen:
        seen.add(zone)
        zone = ZONE_ALIASES.get(zone)
    return zone if zone in TIMEZONES else ""


DECLINE_REASONS = [
    ("no-capacity", "I have no time for a new mentee right now"),
    ("not-a-fit", "My experience does not fit what you are looking for"),
    ("unclear", "The request is not clear enough for me to help"),
    ("other", "Another reason (see my message)"),
]
MAX_EXPERTISE, MAX_INDUSTRIES = 8, 5

__all__ = ["FUNCTIONS", "FORMATS", "LANGUAGES", "TIMEZONES", "DECLINE_REASONS", "current_zone"]


def label(choices: list[tuple[str, str]], value: str | None) -> str:
    """The label of `value` in a vocabulary ("" when unknown)."""
    return dict(choices).get(value or "", "")
