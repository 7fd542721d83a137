"""`flask roles expire`: close roles past their date and remind authors before."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .jobs import expire_roles


@click.group("roles", help="Role postings.")
def roles_cli() -> None:
    """`flask roles …`."""


@roles_cli.command("expire")
@with_appcontext
def expire_command() -> None:
    """Archive roles past their closing date; remind authors 5 days before."""
    archived, reminded = expire_roles()
    click.echo(f"Closed {archived} role(s); reminded the authors of {reminded}.")
