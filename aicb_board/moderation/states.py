"""The moderation state machine: states, who acts, and the one table of transitions."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    """Where a moderated item stands."""

    DRAFT = "draft"
    PENDING = "pending"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    REJECTED = "rejected"
    ARCHIVED = "archived"
    REMOVED = "removed"
    HIDDEN = "hidden"  # published, then taken down until a moderator decides

    @property
    def label(self) -> str:
        """The status as members read it."""
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.PENDING: "Waiting for review",
    Status.CHANGES_REQUESTED: "Changes requested",
    Status.PUBLISHED: "Published",
    Status.REJECTED: "Rejected",
    Status.ARCHIVED: "Closed",
    Status.REMOVED: "Removed",
    Status.HIDDEN: "Hidden while reviewed",
}


class Actor(enum.StrEnum):
    """Who may take a transition."""

    AUTHOR = "author"
    MODERATOR = "moderator"
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    """One allowed move: from any of `sources` to `target`, taken by `actor`."""

    action: str
    sources: frozenset[Status]
    target: Status
    actor: Actor
    label: str
    needs_reason: bool = False
    tells_author: bool = True  # mail the author about it
    button: bool = True  # offered on its own on the review or submissions page


def _transition(action, sources, target, actor, label, **options) -> Transition:
    return Transition(action, frozenset(sources), target, actor, label, **options)


S = Status
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _transition("submit", {S.DRAFT}, S.PENDING, Actor.AUTHOR, "Submit for review",
                    tells_author=False),
        _transition("resubmit", {S.CHANGES_REQUESTED}, S.PENDING, Actor.AUTHOR,
                    "Resubmit for review", tells_author=False),
        _transition("approve", {S.PENDING}, S.PUBLISHED, Actor.MODERATOR, "Approve"),
        _transition("request_changes", {S.PENDING}, S.CHANGES_REQUESTED, Actor.MODERATOR,
                    "Request changes", needs_reason=True),
        _transition("reject", {S.PENDING}, S.REJECTED, Actor.MODERATOR, "Reject",
                    needs_reason=True),
        _transition("withdraw", {S.PENDING, S.CHANGES_REQUESTED, S.PUBLISHED}, S.ARCHIVED,
                    Actor.AUTHOR, "Withdraw", tells_author=False),
        _transition("expire", {S.PUBLISHED}, S.ARCHIVED, Actor.SYSTEM, "Expire"),
        _transition("remove", {S.PUBLISHED, S.HIDDEN}, S.REMOVED, Actor.MODERATOR, "Remove",
                    needs_reason=True),
        # Reports: enough members reported it; a moderator then removes it or shows it again.
        _transition("hide", {S.PUBLISHED}, S.HIDDEN, Actor.SYSTEM, "Hidden after reports",
                    tells_author=False),
        _transition("unhide", {S.HIDDEN}, S.PUBLISHED, Actor.MODERATOR, "Show again",
                    tells_author=False, button=False),  # by dismissing the reports
        # An author's suspension hides what they published and withdraws what waits.
        _transition("suspend_hide", {S.PUBLISHED}, S.HIDDEN, Actor.SYSTEM,
                    "Hidden: author suspended", tells_author=False),
        _transition("suspend_withdraw", {S.PENDING, S.CHANGES_REQUESTED}, S.ARCHIVED,
                    Actor.SYSTEM, "Withdrawn: author suspended", tells_author=False),
        _transition("reinstate_show", {S.HIDDEN}, S.PUBLISHED, Actor.SYSTEM,
                    "Shown again: author reinstated", tells_author=False),
        # Appeals: a different moderator than the one who decided.
        _transition("grant_appeal", {S.REJECTED, S.REMOVED}, S.PUBLISHED, Actor.MODERATOR,
                    "Appeal granted: published", button=False),  # by deciding the appeal
        _transition("restore", {S.REMOVED}, S.PUBLISHED, Actor.MODERATOR, "Restore"),
        _transition("renew", {S.ARCHIVED}, S.PENDING, Actor.AUTHOR, "Renew and resubmit",
                    tells_author=False),
    ]
}  # fmt: skip

# The actions of the author's and the moderator's buttons (the others come with reports,
# appeals and suspensions).
AUTHOR_ACTIONS = frozenset(
    a for a, t in TRANSITIONS.items() if t.actor == Actor.AUTHOR and t.button
)
MODERATOR_ACTIONS = frozenset(
    a for a, t in TRANSITIONS.items() if t.actor == Actor.MODERATOR and t.button
)

# Revisions: proposed edits to a published item, reviewed while the live version stays.
REVISION_PENDING, REVISION_APPROVED, REVISION_REJECTED, REVISION_DISCARDED = (
    "pending",
    "approved",
    "rejected",
    "discarded",
)
# A trusted member's edit: live at once, waiting for a moderator to look at it afterwards.
REVISION_TRUSTED = "trusted"
# Events that are about a revision rather than a change of state.
PROPOSE_REVISION, APPROVE_REVISION, REJECT_REVISION = (
    "propose_revision",
    "approve_revision",
    "reject_revision",
)
TRUSTED_EDIT = "trusted_edit"

ACTION_LABELS = {
    **{action: t.label for action, t in TRANSITIONS.items()},
    "create": "Created",
    "report": "Reported",
    "dismiss_reports": "Reports dismissed",
    "uphold_reports": "Reports upheld",
    "appeal": "Appealed",
    "deny_appeal": "Appeal denied",
    "claim": "Claimed for review",
    "approve_trusted_edit": "Trusted edit checked",
    "suspend": "Suspended",
    "reinstate": "Reinstated",
    "set_role": "Role changed",
    PROPOSE_REVISION: "Proposed an edit",
    APPROVE_REVISION: "Approved the edit",
    REJECT_REVISION: "Declined the edit",
    TRUSTED_EDIT: "Edited (trusted: live at once)",
}

# Reasons moderators can pick instead of writing one.
CANNED_REASONS = [
    "Please add the missing details (salary range, location or how to apply).",
    "This is not an AI leadership role or topic.",
    "Duplicate of something already on the board.",
    "Spam or advertising.",
    "Misleading or unverifiable information.",
    "Contains inappropriate language or personal attacks.",
    "Links are broken or point somewhere unsafe.",
]
