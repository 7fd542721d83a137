"""Working hours across time zones, for mentor matching: how many hours two working days
share, and how far apart two clocks are, both at a given moment (so daylight saving is right).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

WORKING_HOURS = (time(9), time(18))  # local time, in the member's zone and the mentor's
WORKING_DAY_HOURS = WORKING_HOURS[1].hour - WORKING_HOURS[0].hour


@lru_cache(maxsize=4096)
def _working_day(zone: str, day: date) -> tuple[datetime, datetime]:
    """`zone`'s working hours on `day`, in UTC (DST as it is on that day)."""
    start, end = (datetime.combine(day, moment, ZoneInfo(zone)) for moment in WORKING_HOURS)
    return start.astimezone(UTC), end.astimezone(UTC)


def overlap_hours(member_zone: str, mentor_zone: str, now: datetime) -> float:
    """Hours the member's working day (today, in their zone) shares with the mentor's.

    The mentor's day before and after count too: Sydney's morning is Los Angeles' evening.
    """
    today = now.astimezone(ZoneInfo(member_zone)).date()
    start, end = _working_day(member_zone, today)
    best = 0.0
    for shift in (-1, 0, 1):
        other_start, other_end = _working_day(mentor_zone, today + timedelta(days=shift))
        shared = (min(end, other_end) - max(start, other_start)).total_seconds() / 3600
        best = max(best, shared)
    return best


def time_difference(member_zone: str, mentor_zone: str, now: datetime) -> float:
    """Hours between the two zones' clocks at `now` (always ≥ 0)."""
    offsets = [now.astimezone(ZoneInfo(zone)).utcoffset() for zone in (member_zone, mentor_zone)]
    return abs((offsets[1] - offsets[0]).total_seconds()) / 3600


def difference_words(hours: float) -> str:
    """The difference as a suggestion's reason: "2 h time difference", "same time zone"."""
    return "same time zone" if hours == 0 else f"{hours:g} h time difference"
