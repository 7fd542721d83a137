"""`flask search reindex|sync|status`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..extensions import db
from ..kinds import KINDS
from ..moderation.states import Status
from ..page_cache import pages_changed
from . import queue
from .backends import backend, coverage


@click.group("search", help="The search index.")
def search_cli() -> None:
    """`flask search …`."""


def _all_documents():
    for kind in KINDS.values():
        if kind.search_document is None:
            continue
        query = select(kind.model).where(kind.model.status == Status.PUBLISHED)
        for item in db.session.scalars(query.execution_options(yield_per=500)):
            document = queue.document_for(item)
            if document is not None:
                yield document


@search_cli.command("reindex")
@click.option("--if-needed", is_flag=True,
              help="Only when the index is missing, incomplete or outdated.")  # fmt: skip
@with_appcontext
def reindex_command(if_needed: bool) -> None:
    """Rebuild the index from the database."""
    if if_needed and not backend().needs_rebuild():
        click.echo("The index is current.")
        return
    total = sum(
        db.session.scalar(
            select(func.count()).select_from(k.model).where(k.model.status == Status.PUBLISHED)
        )
        for k in KINDS.values()
        if k.search_document
    )
    with click.progressbar(length=total, label="Indexing") as bar:
        done = backend().rebuild(_all_documents(), progress=lambda count: bar.update(1))
    pages_changed()  # search pages kept before the rebuild may miss what it found
    click.echo(f"Indexed {done} document(s).")


@search_cli.command("sync")
@with_appcontext
def sync_command() -> None:
    """Apply every queued change to the index."""
    applied = 0
    while queue.queue_length():
        step = queue.apply_pending()
        if step == 0:
            raise click.ClickException("The index is busy; try again in a moment.")
        applied += step
    click.echo(f"Applied {applied} change(s); the queue is empty.")


@search_cli.command("status")
@with_appcontext
def status_command() -> None:
    """Documents per kind in the index against published items in the database."""
    waiting = queue.queue_length()  # first: it reads in a session of its own
    for name, indexed, published in coverage():
        click.echo(f"{name:<8} index {indexed:>7}   published {published:>7}")
    click.echo(f"queue    {waiting} change(s) waiting")
    if backend().needs_rebuild():
        click.echo("The index is missing, incomplete or outdated: run `flask search reindex`.")
