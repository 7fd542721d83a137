"""Mentors suggested for a member's move: who made a move like it, and can talk now.

`score` is the whole ranking of one mentor for one move, in points and in words; its
points are `WEIGHTS`, and nowhere else. `suggestions` narrows the board in SQL to bounded
sets of candidates (published, taking mentees, a shared language), one mentor move that fits
at a time, best moves first, scores them in Python and keeps the best.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from threading import Lock
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import ColumnElement, Select, bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from ..content import split_list
from ..database import utcnow
from ..extensions import db
from ..moderation.states import Status
from ..vocabulary import FUNCTIONS, family_of, function_word, related_functions
from . import choices, services
from .hours import WORKING_DAY_HOURS, difference_words, overlap_hours, time_difference
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
COMMON_LANGUAGE = "en"
# How many mentors of one tier of moves SQL hands to Python (the most recently updated):
# enough that the finer reasons (hours, industry, topics) choose among many, few enough to
# score in a few ms.
CANDIDATES = 200
ONCE_ACCEPTED = (RequestStatus.ACCEPTED, RequestStatus.COMPLETED, RequestStatus.ENDED)
LANGUAGE_NAMES = dict(choices.LANGUAGES)


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
            if mentor_from == mentor_to:
                return f"Also moved within {went_to}"
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


# One mentor -----------------------------------------------------------------------------


class Candidate(NamedTuple):
    """What scoring reads of a mentor, as `candidates` selects it (and their activity)."""

    id: int
    from_function: str
    to_function: str
    industries: str
    languages: str
    timezone: str
    expertise: str
    topics: str
    updated_at: datetime
    taken: int = 0  # accepted mentees now
    last_accepted: datetime | None = None  # when they last accepted a mentee


class Scorer:
    """Scores mentors for one move at one moment.

    What depends only on the member is read once, and what many mentors share (a move, a
    time zone) is worked out once per value: scoring a few hundred mentors takes a few ms.
    """

    def __init__(self, move: MemberMove, now: datetime) -> None:
        self.move, self.now = move, now
        self.spoken = move.listed("languages")
        self.industries = move.listed("industries")
        self.topics = move.listed("topics")
        self.zone = choices.current_zone(move.timezone)
        self._moves: dict[tuple[str, str], tuple[float, str]] = {}
        self._hours: dict[str, tuple[float, str] | None] = {}

    def score(self, profile: Any) -> Suggestion | None:
        """See `score`."""
        pair = (profile.from_function, profile.to_function)
        if pair not in self._moves:
            self._moves[pair] = move_points(self.move, *pair)
        points, words = self._moves[pair]
        if not points:
            return None
        reasons = [words]
        mentor_languages = split_list(profile.languages)
        shared_languages = [code for code in self.spoken if code in mentor_languages]
        if self.spoken and not shared_languages:
            return None

        hours = self._working_hours(profile.timezone)
        if hours is not None:
            points += hours[0]
            reasons.append(hours[1])

        beyond_common = [code for code in shared_languages if code != COMMON_LANGUAGE]
        if beyond_common:
            points += WEIGHTS["language"]
            reasons.append("speaks " + _and([LANGUAGE_NAMES[code] for code in beyond_common]))

        mentor_industries = split_list(profile.industries)
        industries = [tag for tag in self.industries if tag in mentor_industries]
        if industries:
            points += WEIGHTS["industry"] * min(len(industries), MAX_INDUSTRIES)
            reasons.append("also in " + _and([tag.replace("-", " ") for tag in industries]))

        topics = _topics_they_know(self.topics, profile) if self.topics else []
        if topics:
            points += WEIGHTS["topic"] * min(len(topics), MAX_TOPICS)
            reasons.append("can help with " + _and([tag.replace("-", " ") for tag in topics]))

        if _recently_active(profile, self.now):
            points += WEIGHTS["recent"]
            reasons.append(f"active in the last {RECENT_DAYS} days")
        return Suggestion(profile, points, reasons, getattr(profile, "taken", 0) or 0)

    def _working_hours(self, stored_zone: str) -> tuple[float, str] | None:
        """(points, words) for the hours shared with a mentor in `stored_zone`; None if
        either zone is not given."""
        if stored_zone not in self._hours:
            zone = choices.current_zone(stored_zone)
            self._hours[stored_zone] = (
                (
                    WEIGHTS["overlap_hour"] * overlap_hours(self.zone, zone, self.now),
                    difference_words(time_difference(self.zone, zone, self.now)),
                )
                if self.zone and zone
                else None
            )
        return self._hours[stored_zone]


def score(move: MemberMove, profile: Any, *, now: datetime) -> Suggestion | None:
    """`profile`'s points and reasons for `move`; None when it is no suggestion for it.

    No suggestion: a move that does not fit (`move_points`), or no language in common when
    the member named theirs. Whether the mentor takes mentees now is the caller's to check
    (`suggestions` asks SQL). `profile` is a MentorProfile or a `Candidate`; the reasons
    come in this order: the move, the time difference, languages, industries, topics, and
    recent activity (a profile change or an accepted mentee in the last RECENT_DAYS).
    """
    return Scorer(move, now).score(profile)


def _topics_they_know(wanted: list[str], profile: Any) -> list[str]:
    """The wanted topics among the mentor's expertise tags or in their topics' text."""
    expertise = split_list(profile.expertise)
    text = (profile.topics or "").lower()
    return [tag for tag in wanted if tag in expertise or tag.replace("-", " ") in text]


def _recently_active(profile: Any, now: datetime) -> bool:
    moments = [profile.updated_at, getattr(profile, "last_accepted", None)]
    latest = max((moment for moment in moments if moment is not None), default=None)
    return latest is not None and now - latest <= timedelta(days=RECENT_DAYS)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# The board ------------------------------------------------------------------------------

# The most a mentor can score beyond their move: a lower tier of moves is looked at only
# while it could still reach the suggestions found so far.
BEYOND_THE_MOVE = (
    WEIGHTS["industry"] * MAX_INDUSTRIES
    + WEIGHTS["language"]
    + WEIGHTS["overlap_hour"] * WORKING_DAY_HOURS
    + WEIGHTS["topic"] * MAX_TOPICS
    + WEIGHTS["recent"]
)


def fitting_moves(move: MemberMove) -> list[tuple[float, list[tuple[str, str]]]]:
    """The mentors' moves (from, to function) that fit `move`, grouped by points, best first."""
    return _tiers(move.from_function, move.to_function)


@lru_cache(maxsize=128)
def _tiers(origin: str, target: str) -> list[tuple[float, list[tuple[str, str]]]]:
    move = MemberMove(from_function=origin, to_function=target)
    tiers: dict[float, list[tuple[str, str]]] = {}
    for mentor_from, _label in FUNCTIONS:
        for mentor_to, _label in FUNCTIONS:
            points, _words = move_points(move, mentor_from, mentor_to)
            if points:
                tiers.setdefault(points, []).append((mentor_from, mentor_to))
    return sorted(tiers.items(), reverse=True)


def suggestions(move: MemberMove, limit: int = 6, now: datetime | None = None) -> list[Suggestion]:
    """The best `limit` mentors for `move` who can take a mentee now, best first.

    The ranking (`rank`) is kept for RANKING_TTL per member, move and state of the mentors'
    profiles (any profile published, edited or withdrawn reranks); what changes from one
    page to the next — a seat taken, a pause, a request the member sent — is checked afresh
    on every page, for the few mentors ranked, so a suggestion is never a mentor who cannot
    take the member now.
    """
    if limit < 1:
        return []
    now = now or utcnow()
    ranking = _rankings().get(_ranking_key(move, limit), now)
    if ranking is None:
        ranked = rank(move, limit * SPARE, now)
        ranking = [(each.profile.id, each.score, each.reasons) for each in ranked]
        _rankings().put(_ranking_key(move, limit), ranking, now)
    return _still_open(move, ranking, now)[:limit]


# A ranking is kept this long; it holds this many times the suggestions shown, so a few
# mentors filling up meanwhile still leave enough to show.
RANKING_TTL = timedelta(minutes=10)
SPARE = 2
RANKINGS_KEPT = 2048
# What of a move its ranking reads.
MOVE_FIELDS = ("from_function", "to_function", "industries", "languages", "timezone", "topics")


class _Rankings:
    """The kept rankings of one app, the oldest dropped first beyond RANKINGS_KEPT."""

    def __init__(self) -> None:
        self.kept: OrderedDict[tuple, tuple[datetime, list]] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple, now: datetime) -> list | None:
        with self.lock:
            found = self.kept.get(key)
            if found is None or not timedelta(0) <= now - found[0] <= RANKING_TTL:
                return None
            return found[1]

    def put(self, key: tuple, ranking: list, now: datetime) -> None:
        with self.lock:
            self.kept[key] = (now, ranking)
            self.kept.move_to_end(key)
            while len(self.kept) > RANKINGS_KEPT:
                self.kept.popitem(last=False)


def _rankings() -> _Rankings:
    return current_app.extensions.setdefault("aicb_mentor_rankings", _Rankings())


def _ranking_key(move: MemberMove, limit: int) -> tuple:
    """What a ranking depends on beyond the clock: the member, their move, and the newest
    change to any profile (read from the `(updated_at, id)` index: publishing or editing one
    reranks; one leaving the board is dropped by `_still_open`)."""
    newest = db.session.scalar(select(func.max(MentorProfile.updated_at)))
    asked_for = tuple(getattr(move, name) for name in MOVE_FIELDS)
    return (move.user_id, asked_for, limit, newest)


def _still_open(move: MemberMove, ranking: list, now: datetime) -> list[Suggestion]:
    """The ranked mentors who can take the member now, as suggestions (fresh profiles)."""
    ids = [profile_id for profile_id, _score, _reasons in ranking]
    if not ids:
        return []
    profiles = {
        profile.id: profile
        for profile in db.session.scalars(
            select(MentorProfile)
            .where(MentorProfile.id.in_(ids), MentorProfile.status == Status.PUBLISHED)
            .options(selectinload(MentorProfile.author))
        )
    }
    taken = services.taken_seats(list(profiles))
    asked = set(
        db.session.scalars(
            select(MentorshipRequest.mentor_id).where(
                MentorshipRequest.mentee_id == move.user_id,
                MentorshipRequest.status.in_(OPEN_STATUSES),
            )
        )
    )
    found = []
    for profile_id, score, reasons in ranking:
        profile = profiles.get(profile_id)
        if profile is None or profile_id in asked:
            continue
        seats = taken.get(profile_id, 0)
        if profile.accepting and not profile.is_paused(now.date()) and seats < profile.capacity:
            found.append(Suggestion(profile, score, reasons, seats))
    return found


def rank(move: MemberMove, limit: int, now: datetime) -> list[Suggestion]:
    """The best `limit` mentors for `move` who can take a mentee now, best first, scored
    afresh.

    Moves are read tier by tier, best first (`fitting_moves`), each tier's most recently
    updated `CANDIDATES` at most, and scored in Python; a tier is left unread once even its
    best possible mentor could not reach the suggestions already found. Ties keep the
    older profile first (lower id), so the order never changes by chance.
    """
    scorer = Scorer(move, now)
    found: list[Suggestion] = []
    query = candidates(move, now)
    for points, pairs in fitting_moves(move):
        if len(found) >= limit and points + BEYOND_THE_MOVE < found[limit - 1].score:
            break
        rows = [
            row
            for origin, target in pairs
            for row in db.session.execute(query, {"origin": origin, "target": target})
        ]
        rows = sorted(rows, key=lambda row: (row.updated_at, row.id), reverse=True)[:CANDIDATES]
        for row in rows:
            suggestion = scorer.score(Candidate(*row))
            if suggestion is not None:
                found.append(suggestion)
        found.sort(key=lambda suggestion: (-suggestion.score, suggestion.profile.id))
    return found[:limit]  # each with its candidate row: `suggestions` loads the profiles


def _lists(column: ColumnElement[str], value: str) -> ColumnElement[bool]:
    """Whether a comma-stored column holds `value`."""
    return ("," + column + ",").contains(f",{value},", autoescape=True)


def candidates(move: MemberMove, now: datetime) -> Select:
    """The mentors worth scoring among those who made one move, given when it runs as the
    parameters `origin` and `target` (their from- and to-function).

    Published, accepting, not paused, a seat open; a shared language if the member named
    theirs; not the member, nor a mentor they already asked. The `CANDIDATES` most recently
    updated, read in the order of the (to, from, updated) index: one move at a time, so the
    database reads that index's range and stops, even for a move nobody made.
    """
    profile = MentorProfile
    # Read per mentor through the requests' mentor index, for the rows the range gives.
    seats_taken = (
        select(func.count())
        .where(
            MentorshipRequest.mentor_id == profile.id,
            MentorshipRequest.status == RequestStatus.ACCEPTED,
        )
        .scalar_subquery()
    )
    last_accepted = (
        select(func.max(MentorshipRequest.decided_at))
        .where(
            MentorshipRequest.mentor_id == profile.id,
            MentorshipRequest.status.in_(ONCE_ACCEPTED),
        )
        .scalar_subquery()
    )
    asked = select(MentorshipRequest.mentor_id).where(
        MentorshipRequest.mentee_id == move.user_id, MentorshipRequest.status.in_(OPEN_STATUSES)
    )
    query = (
        select(
            *(getattr(profile, name) for name in Candidate._fields[:9]),
            seats_taken.label("taken"),
            last_accepted.label("last_accepted"),
        )
        .where(
            profile.status == Status.PUBLISHED,
            services.available_now(seats_taken, now.date()),
            profile.from_function == bindparam("origin"),
            profile.to_function == bindparam("target"),
            profile.author_id != move.user_id,
            profile.id.not_in(asked),
        )
        .order_by(profile.updated_at.desc(), profile.id.desc())
        .limit(CANDIDATES)
    )
    if move.listed("languages"):
        spoken = move.listed("languages")
        query = query.where(or_(*(_lists(profile.languages, code) for code in spoken)))
    return query
