"""Telling people what moderation decided: authors and reporters are notified.

The moderation engine announces its decisions (`moderation.signals`); this module
listens and notifies (`notifications.notify`: the page's entry and, by the member's
choice, the mail), in the same transaction as the decision.
"""

from __future__ import annotations

from flask import render_template

from .auth.models import User
from .extensions import db
from .kinds import kind_of
from .moderation import signals
from .moderation.models import Moderated
from .moderation.services import APPEAL_DAYS
from .moderation.states import ACTION_LABELS, APPROVE_REVISION, REJECT_REVISION
from .notifications.services import notify, site_path
from .web import absolute_url

# What the author reads in their inbox: what happened, in their words ({what} is e.g.
# "role posting “Head of AI”").
SUBJECTS = {
    "approve": "Your {what} is live",
    "request_changes": "Changes requested on your {what}",
    "reject": "Your {what} was not accepted",
    "remove": "Your {what} was removed from the board",
    "restore": "Your {what} is back on the board",
    "expire": "Your {what} has closed",
    "grant_appeal": "Your appeal was granted: your {what} is live",
    "deny_appeal": "Your appeal about your {what} was declined",
    APPROVE_REVISION: "Your edit to your {what} is live",
    REJECT_REVISION: "Your edit to your {what} was declined",
}


def decision_subject(item: Moderated, action: str) -> str:
    """The subject of the mail telling the author about `action` on `item`."""
    what = f"{kind_of(item).label.lower()} “{item.display_title[:80]}”"
    default = "News about your {what}: " + ACTION_LABELS.get(action, action).lower()
    return SUBJECTS.get(action, default).format(what=what)


def tell_author(item: Moderated, *, action: str, reason: str) -> None:
    """Tell the author what was decided, and why; the link is the item's manage page."""
    author = db.session.get(User, item.author_id)
    kind = kind_of(item)
    manage = site_path(kind.manage_url(item))  # a full URL when no request is under way
    notify(
        author,
        # A closing date passing is no one's decision: it is told with the closing reminders.
        topic="reminder" if action == "expire" else "decision",
        subject=decision_subject(item, action),
        link=manage,
        body=render_template(
            "mail/moderation_decision.txt",
            author=author,
            item=item,
            kind=kind,
            action=action,
            outcome=ACTION_LABELS.get(action, action),
            reason=reason,
            appeal_days=APPEAL_DAYS,
            link=absolute_url(manage),
        ),
    )


def tell_reporters(item: Moderated, *, reporters: list[User], upheld: bool) -> None:
    """Tell each member who reported `item` what the moderators decided.

    The link is the item's page while it stays on the board, else the home page.
    """
    kind = kind_of(item)
    public = not upheld and item.state in kind.public_states
    link = site_path(kind.public_url(item)) if public else "/"
    for reporter in reporters:
        notify(
            reporter,
            topic="report",
            subject=f"Your report of “{item.display_title[:80]}”",
            link=link,
            body=render_template(
                "mail/report_outcome.txt",
                reporter=reporter,
                item=item,
                kind=kind,
                upheld=upheld,
                link=absolute_url(link),
            ),
        )


def connect() -> None:
    """Listen to moderation's decisions (connecting twice changes nothing)."""
    signals.decided.connect(tell_author)
    signals.reports_resolved.connect(tell_reporters)
