"""`flask mentorship expire`: expire unanswered requests, remind mentors on day 7;
`flask mentorship waitlist`: lapse waiting-list turns past 48 hours, offer open spots."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .jobs import expire_mentorships, mail_suggestions, waitlist_job


@click.group("mentorship", help="Mentorship requests.")
def mentorship_cli() -> None:
    """`flask mentorship …`."""


@mentorship_cli.command("expire")
@with_appcontext
def expire_command() -> None:
    """Expire requests pending 14 days; remind mentors of those pending 7 (run daily)."""
    expired, reminded = expire_mentorships()
    click.echo(f"Expired {expired} request(s); reminded the mentors of {reminded}.")


@mentorship_cli.command("suggest")
@with_appcontext
def suggest_command() -> None:
    """Mail the weekly mentor suggestions now (to members who asked, with someone new)."""
    click.echo(f"Mailed suggestions to {mail_suggestions()} member(s).")


@mentorship_cli.command("waitlist")
@with_appcontext
def waitlist_command() -> None:
    """Lapse waiting-list turns past 48 hours, and tell the next members (run hourly)."""
    lapsed, told = waitlist_job()
    click.echo(f"Lapsed {lapsed} turn(s); told {told} member(s) a spot opened.")
