"""`flask alerts send --frequency …`: what the schedule runs, run now."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .jobs import send_alerts
from .models import DAILY, INSTANT, WEEKLY


@click.group("alerts", help="Saved searches' alerts.")
def alerts_cli() -> None:
    """`flask alerts …`."""


@alerts_cli.command("send")
@click.option(
    "--frequency", type=click.Choice([INSTANT, DAILY, WEEKLY]), required=True,
    help="Which alerts' digests to send.",
)  # fmt: skip
@with_appcontext
def send_command(frequency: str) -> None:
    """Match what was published since the last run, then send the due digests."""
    matched, sent = send_alerts(frequency)
    click.echo(
        f"Matched {matched} new item(s); wrote {sent} {frequency} digest(s), one per member."
    )
