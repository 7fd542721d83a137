"""Mentors suggested for a member's move: who made a move like it, and can talk now.

`score` is the whole ranking of one mentor for one move, in points and in words; its
points are `WEIGHTS`, and nowhere else. `suggestions` narrows the board in SQL to a bounded
set of candidates (published, taking mentees, a move that fits, a shared language), then
scores them in Python and keeps the best.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from ..content import split_list
from ..database import utcnow
from ..extensions import db
from ..moderation.states import Status
from ..vocabulary import family_of, function_word, related_functions
from . import choices, services
from .models import MemberMove, MentorProfile, MentorshipRequest
from .request_states import OPEN_STATUSES, RequestStatus

# The points of every reason, in one place. The move's points add up, so its tiers keep
# this order, all else equal (families: vocabulary.FUNCTION_FAMILIES):
#   same from- and to-function 100 > same to, related from 70 > same to 60
#   > related to, same from 45 > related to and from 40 > related to 30 > same from only 15.
# A mentor whose move fits in none of these ways (nor a shared starting function) is no
# suggestion at all. The rest (at most 65 points together) can lift a nearby move above a
# closer one only when it fits the member much better: industry, language, hours, topics.
WEIGHTS: dict[str, float] = {
    "same_target": 60,  # moved into the function the member is moving into
    "related_target": 30,  # moved into another function of its family
    "same_origin": 15,  # started in the member's function
    "related_origin": 10,  # started in another function of its family
    "same_move": 25,  # both the same: the exact move, on top of the two above
    "industry": 10,  # per shared industry, at most MAX_INDUSTRIES of them
    "language": 6,  # a shared language besides English (the board's common language)
    "overlap_hour": 2,  # per hour the two working days overlap (9 h at most: 18)
    "topic": 6,  # per topic the member wants help with that the mentor lists, at most MAX_TOPICS
    "recent": 3,  # profile updated or a mentee accepted in the last RECENT_DAYS: a tie-breaker
}
MAX_INDUSTRIES, MAX_TOPICS = 2, 3
RECENT_DAYS = 30
WORKING_HOURS = (time(9), time(18))  # local time, in the member's zone and the mentor's
COMMON_LANGUAGE = "en"
# How many candidates SQL hands to Python, best move and industry first: enough that the
# finer reasons (hours, topics) choose among many, few enough to score in a few ms.
CANDIDATES = 200
ONCE_ACCEPTED = (RequestStatus.ACCEPTED, RequestStatus.COMPLETED, RequestStatus.ENDED)


@dataclass(frozen=True)
class Suggestion:
    """A mentor suggested for a move: how many points, and why in words."""

    profile: Any  # a MentorProfile (while scoring: any row with its fields)
    score: float
    reasons: list[str]
    taken: int = 0  # accepted mentees, for the card's open spots

    @property
    def entry(self) -> services.DirectoryEntry:
        """The mentor as a directory card shows them."""
        return services.DirectoryEntry(self.profile, self.taken)

    @property
    def why(self) -> str:
        """The reasons in one line: "Also went from go-to-market to product · 2 h …"."""
        return " · ".join(self.reasons)


# The move -------------------------------------------------------------------------------


def move_points(move: MemberMove, mentor_from: str, mentor_to: str) -> tuple[float, str]:
    """How well a mentor's move (from → to function) fits the member's, and in words.

    (0, "") when it does not fit: neither the same or a related target, nor the same start.
    """
    same_to = mentor_to == move.to_function
    related_to = not same_to and mentor_to in related_functions(move.to_function)
    same_from = mentor_from == move.from_function
    related_from = not same_from and mentor_from in related_functions(move.from_function)
    if not (same_to or related_to or same_from):
        return 0, ""
    points = (
        WEIGHTS["same_target"] * same_to
        + WEIGHTS["related_target"] * related_to
        + WEIGHTS["same_origin"] * same_from
        + WEIGHTS["related_origin"] * related_from
        + WEIGHTS["same_move"] * (same_to and same_from)
    )
    return points, _move_words(move, mentor_from, mentor_to)


def _move_words(move: MemberMove, mentor_from: str, mentor_to: str) -> str:
    """The move's reason: "Also went from go-to-market to product", "Moved into design (…)"."""
    went_from, went_to = function_word(mentor_from), function_word(mentor_to)
    same_from = mentor_from == move.from_function
    if mentor_to == move.to_function:
        if same_from:
            return f"Also went from {went_from} to {went_to}"
        origin = f"from {went_from}"
        if mentor_from in related_functions(move.from_function):
            origin += f" ({family_of(mentor_from)}, like {function_word(move.from_function)})"
        return f"Also moved into {went_to}, {origin}"
    if mentor_to in related_functions(move.to_function):
        into = f"{went_to} ({family_of(mentor_to)}, like {function_word(move.to_function)})"
        if same_from:
            return f"Also started in {went_from}, then moved into {into}"
        return f"Moved into {into}"
    return f"Also started in {went_from}, then moved into {went_to}"


# Working hours --------------------------------------------------------------------------


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


def _difference_words(hours: float) -> str:
    return "same time zone" if hours == 0 else f"{hours:g} h time difference"


# One mentor -----------------------------------------------------------------------------


def score(move: MemberMove, profile: Any, *, now: datetime) -> Suggestion | None:
    """`profile`'s points and reasons for `move`; None when it is no suggestion for it.

    No suggestion: a move that does not fit (`move_points`), or no language in common when
    the member named theirs. Whether the mentor takes mentees now is the caller's to check
    (`suggestions` asks SQL). `profile` is a MentorProfile, or a row with its fields and
    optionally `taken` and `last_accepted` (when they last accepted a mentee).
    """
    points, words = move_points(move, profile.from_function, profile.to_function)
    if not points:
        return None
    reasons = [words]
    spoken = move.listed("languages")
    shared_languages = [code for code in spoken if code in split_list(profile.languages)]
    if spoken and not shared_languages:
        return None

    member_zone = choices.current_zone(move.timezone)
    mentor_zone = choices.current_zone(profile.timezone)
    if member_zone and mentor_zone:
        points += WEIGHTS["overlap_hour"] * overlap_hours(member_zone, mentor_zone, now)
        reasons.append(_difference_words(time_difference(member_zone, mentor_zone, now)))

    beyond_common = [code for code in shared_languages if code != COMMON_LANGUAGE]
    if beyond_common:
        points += WEIGHTS["language"]
        names = [choices.label(choices.LANGUAGES, code) for code in beyond_common]
        reasons.append("speaks " + _and(names))

    industries = [tag for tag in move.listed("industries") if tag in split_list(profile.industries)]
    if industries:
        points += WEIGHTS["industry"] * min(len(industries), MAX_INDUSTRIES)
        reasons.append("also in " + _and([tag.replace("-", " ") for tag in industries]))

    topics = _topics_they_know(move.listed("topics"), profile)
    if topics:
        points += WEIGHTS["topic"] * min(len(topics), MAX_TOPICS)
        reasons.append("can help with " + _and([tag.replace("-", " ") for tag in topics]))

    if _recently_active(profile, now):
        points += WEIGHTS["recent"]
        reasons.append(f"active in the last {RECENT_DAYS} days")
    return Suggestion(profile, points, reasons, getattr(profile, "taken", 0) or 0)


def _topics_they_know(wanted: list[str], profile: Any) -> list[str]:
    """The wanted topics among the mentor's expertise tags or in their topics' text."""
    expertise = set(split_list(profile.expertise))
    text = (profile.topics or "").lower()
    return [tag for tag in wanted if tag in expertise or tag.replace("-", " ") in text]


def _recently_active(profile: Any, now: datetime) -> bool:
    moments = [profile.updated_at, getattr(profile, "last_accepted", None)]
    latest = max((moment for moment in moments if moment is not None), default=None)
    return latest is not None and now - latest <= timedelta(days=RECENT_DAYS)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# The board ------------------------------------------------------------------------------


def suggestions(move: MemberMove, limit: int = 6, now: datetime | None = None) -> list[Suggestion]:
    """The best `limit` mentors for `move` who can take a mentee now, best first.

    Ties keep the older profile first (lower id), so the order never changes by chance.
    """
    now = now or utcnow()
    rows = db.session.execute(candidates(move, now.date())).all()
    scored = [found for row in rows if (found := score(move, row, now=now)) is not None]
    scored.sort(key=lambda found: (-found.score, found.profile.id))
    chosen = scored[:limit]
    profiles = {
        profile.id: profile
        for profile in db.session.scalars(
            select(MentorProfile)
            .where(MentorProfile.id.in_([found.profile.id for found in chosen]))
            .options(selectinload(MentorProfile.author))
        )
    }
    return [replace(found, profile=profiles[found.profile.id]) for found in chosen]


def _lists(column: ColumnElement[str], value: str) -> ColumnElement[bool]:
    """Whether a comma-stored column holds `value`."""
    return ("," + column + ",").contains(f",{value},", autoescape=True)


def candidates(move: MemberMove, today: date) -> Select:
    """The mentors worth scoring for `move`: the SQL half of `suggestions`.

    Published, accepting, not paused, a seat open; a move that fits; a shared language if
    the member named theirs; not the member, nor a mentor they already asked. At most
    `CANDIDATES`, ordered by the move's and industries' points, then the latest change.
    """
    profile = MentorProfile
    taken = services.taken_by_mentor()
    taken_count = func.coalesce(taken.c.taken, 0)
    accepted = (
        select(MentorshipRequest.mentor_id, func.max(MentorshipRequest.decided_at).label("at"))
        .where(MentorshipRequest.status.in_(ONCE_ACCEPTED))
        .group_by(MentorshipRequest.mentor_id)
        .subquery()
    )
    asked = select(MentorshipRequest.mentor_id).where(
        MentorshipRequest.mentee_id == move.user_id, MentorshipRequest.status.in_(OPEN_STATUSES)
    )
    target, origin = move.to_function, move.from_function
    near_target, near_origin = related_functions(target), related_functions(origin)
    rough = (
        case((profile.to_function == target, WEIGHTS["same_target"]),
             (profile.to_function.in_(near_target), WEIGHTS["related_target"]), else_=0)
        + case((profile.from_function == origin, WEIGHTS["same_origin"]),
               (profile.from_function.in_(near_origin), WEIGHTS["related_origin"]), else_=0)
        + case((and_(profile.to_function == target, profile.from_function == origin),
                WEIGHTS["same_move"]), else_=0)
    )  # fmt: skip
    for tag in move.listed("industries"):
        rough = rough + case((_lists(profile.industries, tag), WEIGHTS["industry"]), else_=0)
    query = (
        select(
            profile.id,
            profile.from_function,
            profile.to_function,
            profile.industries,
            profile.languages,
            profile.timezone,
            profile.expertise,
            profile.topics,
            profile.updated_at,
            taken_count.label("taken"),
            accepted.c.at.label("last_accepted"),
        )
        .outerjoin(taken, taken.c.mentor_id == profile.id)
        .outerjoin(accepted, accepted.c.mentor_id == profile.id)
        .where(
            profile.status == Status.PUBLISHED,
            services.available_now(taken_count, today),
            or_(
                profile.to_function == target,
                profile.to_function.in_(near_target),
                profile.from_function == origin,
            ),
            profile.author_id != move.user_id,
            profile.id.not_in(asked),
        )
        .order_by(rough.desc(), profile.updated_at.desc(), profile.id)
        .limit(CANDIDATES)
    )
    spoken = move.listed("languages")
    if spoken:
        query = query.where(or_(*(_lists(profile.languages, code) for code in spoken)))
    return query
