"""Operator commands: `flask users create-admin EMAIL`, `set-role EMAIL ROLE`, `verify EMAIL`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..domain import DomainError
from ..extensions import db
from . import services
from .models import Role


@click.group("users", help="Manage member accounts.")
def users_cli() -> None:
    """`flask users …`."""


@users_cli.command("create-admin")
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="The admin's password (asked for when left out).",
)
@click.option("--name", "display_name", default=None, help="Display name (default: from EMAIL).")
@with_appcontext
def create_admin_command(email: str, password: str, display_name: str | None) -> None:
    """Create an admin account."""
    name = display_name or email.split("@")[0][:80] or "Admin"
    try:
        user = services.register(
            email=email, display_name=name, password=password, role=Role.ADMIN, verified=True
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Created admin {user.email}.")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@with_appcontext
def set_role_command(email: str, role: str) -> None:
    """Give the account registered with EMAIL a role."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No account is registered with {email}.")
    try:
        services.set_role(user, Role(role))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"{user.email} is now {role}.")


@users_cli.command("verify")
@click.argument("email")
@with_appcontext
def verify_command(email: str) -> None:
    """Confirm the address of the account registered with EMAIL (support, when mail bounces)."""
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"No account is registered with {email}.")
    changed = services.verify_email(user)
    db.session.commit()
    click.echo(f"{user.email} is {'now' if changed else 'already'} confirmed.")
