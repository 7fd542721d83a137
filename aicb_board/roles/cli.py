"""`flask roles expire`: close roles past their date and remind authors before."""

from __future__ import annotations

import click
from flask import url_for
from flask.cli import with_appcontext

from ..extensions import db
from ..web import site_request_context
from . import services


@click.group("roles", help="Role postings.")
def roles_cli() -> None:
    """`flask roles …`."""


@roles_cli.command("expire")
@with_appcontext
def expire_command() -> None:
    """Archive roles past their closing date; remind authors 5 days before."""
    with site_request_context():
        archived, reminded = services.expire_roles(
            renew_link=lambda role: url_for("roles.manage", role_id=role.id, _external=True)
        )
        db.session.commit()
    click.echo(f"Closed {archived} role(s); reminded the authors of {reminded}.")
