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
    WITHDRAWN = "withdrawn"  # taken back before a moderator approved it: never public

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
    Status.WITHDRAWN: "Withdrawn",
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
        _transition("resubmit", {S.CHANGES_REQUESTED, S.WITHDRAWN}, S.PENDING, Actor.AUTHOR,
                    "Resubmit for review", tells_author=False),
        _transition("approve", {S.PENDING}, S.PUBLISHED, Actor.MODERATOR, "Approve"),
        _transition("request_changes", {S.PENDING}, S.CHANGES_REQUESTED, Actor.MODERATOR,
                    "Request changes", needs_reason=True),
        _transition("reject", {S.PENDING}, S.REJECTED, Actor.MODERATOR, "Reject",
                    needs_reason=True),
        # Taken back before approval it was never public, so it goes where the public never
        # looks; taken down after approval it is closed (a role's page stays, as approved).
        _transition("withdraw", {S.PENDING, S.CHANGES_REQUESTED}, S.WITHDRAWN, Actor.AUTHOR,
                    "Withdraw", tells_author=False),
        _transition("close", {S.PUBLISHED}, S.ARCHIVED, Actor.AUTHOR, "Withdraw",
                    tells_author=False),
        _transition("expire", {S.PUBLISHED}, S.ARCHIVED, Actor.SYSTEM, "Expire"),
        _transition("remove", {S.PUBLISHED, S.HIDDEN, S.ARCHIVED}, S.REMOVED, Actor.MODERATOR,
                    "Remove", needs_reason=True),
        # Reports: enough members reported it; a moderator then removes it or shows it again.
        _transition("hide", {S.PUBLISHED}, S.HIDDEN, Actor.SYSTEM, "Hidden after reports",
                    tells_author=False),
        _transition("unhide", {S.HIDDEN}, S.PUBLISHED, Actor.MODERATOR, "Show again",
                    tells_author=False, button=False),  # by dismissing the reports
        # An author's suspension hides what they published, withdraws what waits and takes
        # closed items (a role's closed page) off the board: nothing of theirs stays public.
        _transition("suspend_hide", {S.PUBLISHED}, S.HIDDEN, Actor.SYSTEM,
                    "Hidden: author suspended", tells_author=False),
        _transition("suspend_withdraw", {S.PENDING, S.CHANGES_REQUESTED, S.ARCHIVED},
                    S.WITHDRAWN, Actor.SYSTEM, "Withdrawn: author suspended",
                    tells_author=False),
        _transition("reinstate_show", {S.HIDDEN}, S.PUBLISHED, Actor.SYSTEM,
                    "Shown again: author reinstated", tells_author=False),
        # Appeals: a different moderator than the one who decided.
        _transition("grant_appeal", {S.REJECTED, S.REMOVED}, S.PUBLISHED, Actor.MODERATOR,
                    "Appeal granted: published", button=False),  # by deciding the appeal
        _transition("restore", {S.REMOVED}, S.PUBLISHED, Actor.MODERATOR, "Restore"),
        _transition("renew", {S.ARCHIVED}, S.PENDING, Actor.AUTHOR, "Renew and resubmit",
                    tells_author=False),
        # Editing a closed item: the new text is not approved, so it leaves the public.
        _transition("edit_closed", {S.ARCHIVED}, S.PENDING, Actor.AUTHOR,
                    "Edited after closing: back to review", tells_author=False, button=False),
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
# Each edit is its own revision: a newer edit supersedes a waiting one, never rewrites it.
REVISION_PENDING, REVISION_APPROVED, REVISION_REJECTED, REVISION_DISCARDED = (
    "pending",
    "approved",
    "rejected",
    "discarded",
)
REVISION_SUPERSEDED = "superseded"
# A trusted member's edit: live at once, waiting for a moderator to look at it afterwards.
REVISION_TRUSTED = "trusted"
# The text of an item not yet public, as its author saved it (creation or a later edit):
# the history a moderator's stale decision is compared against.
REVISION_SAVED = "saved"
# Events that are about a revision rather than a change of state.
PROPOSE_REVISION, APPROVE_REVISION, REJECT_REVISION = (
    "propose_revision",
    "approve_revision",
    "reject_revision",
)
TRUSTED_EDIT = "trusted_edit"
EDIT = "edit"
# The events that give an item a new version of its text.
TEXT_CHANGES = frozenset({EDIT, APPROVE_REVISION, TRUSTED_EDIT})

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
    EDIT: "Edited",
    "close": "Withdrawn after publication (closed)",
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
