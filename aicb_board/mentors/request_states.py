"""The mentorship request state machine: statuses, who acts, and the one table of moves.

The same shape as moderation's (`moderation/states.py`). The stored values are the
enum's values, so the column stays a plain string and compares equal to the enum.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RequestStatus(enum.StrEnum):
    """Where a mentorship request stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    COMPLETED = "completed"
    ENDED = "ended"

    @property
    def label(self) -> str:
        """The status as members read it."""
        return STATUS_LABELS[self]


STATUS_LABELS = {
    RequestStatus.PENDING: "Waiting for the mentor",
    RequestStatus.ACCEPTED: "Accepted",
    RequestStatus.DECLINED: "Declined",
    RequestStatus.CANCELLED: "Cancelled",
    RequestStatus.EXPIRED: "Expired",
    RequestStatus.COMPLETED: "Completed",
    RequestStatus.ENDED: "Ended",
}
# Requests that are still running: they hold a pair, a mentee's slot, a mentor's seat.
OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.ACCEPTED)
# A mentorship that took place and is over: it has a closing note and takes feedback.
CLOSED_STATUSES = frozenset({RequestStatus.COMPLETED, RequestStatus.ENDED})


class Party(enum.StrEnum):
    """Who may take a move: one side of the request, either side, or the board itself."""

    MENTOR = "mentor"
    MENTEE = "mentee"
    EITHER = "either"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    """One allowed move: from any of `sources` to `target`, taken by `actor`."""

    action: str
    sources: frozenset[RequestStatus]
    target: RequestStatus
    actor: Party
    label: str
    needs_reason: bool = False  # a decline reason from the list (`choices.DECLINE_REASONS`)
    takes_seat: bool = False  # one of the mentor's seats, or refused when none is free
    withdraws_others: bool = False  # the mentee's other pending requests are withdrawn


def _transition(action, sources, target, actor, label, **options) -> Transition:
    return Transition(action, frozenset(sources), target, actor, label, **options)


S = RequestStatus
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _transition("accept", {S.PENDING}, S.ACCEPTED, Party.MENTOR, "Accept",
                    takes_seat=True, withdraws_others=True),
        _transition("decline", {S.PENDING}, S.DECLINED, Party.MENTOR, "Decline",
                    needs_reason=True),
        _transition("cancel", {S.PENDING}, S.CANCELLED, Party.MENTEE, "Cancel request"),
        # The mentee found a mentor elsewhere (another request of theirs was accepted).
        _transition("withdraw", {S.PENDING}, S.CANCELLED, Party.SYSTEM, "Withdrawn"),
        _transition("expire", {S.PENDING}, S.EXPIRED, Party.SYSTEM, "Expired"),
        _transition("complete", {S.ACCEPTED}, S.COMPLETED, Party.EITHER, "Mark as completed"),
        _transition("end", {S.ACCEPTED}, S.ENDED, Party.EITHER, "End the mentorship"),
    ]
}  # fmt: skip
