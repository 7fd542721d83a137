"""The author's pages, once for every kind: write, edit, manage; and what the public may open.

A kind mounts them on its blueprint with `add_author_pages` (`/new`, `/<id>/edit`,
`/<id>/manage`; a kind with one item per author, `/profile` and `/profile/manage`). The
pages read everything kind-specific from the kind's `Authoring`: the form, its template
(which extends `authoring/form.html`), how a draft is made, and what the manage page adds.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .content import split_list
from .domain import DomainError
from .extensions import db
from .kinds import Kind, kind_of
from .moderation import queries as moderation_queries
from .moderation import services as moderation
from .moderation.models import Moderated
from .moderation.states import Actor, Status
from .permissions import own_or_404, verified_required, writes
from .web import render_form


def public_or_abort(item: Moderated | None) -> Moderated:
    """The item if the public may open its page: 410 once removed, 404 for anything else."""
    if item is None:
        abort(404)
    if item.state == Status.REMOVED:
        abort(410)
    if item.state not in kind_of(item).public_states:
        abort(404)
    return item


def add_author_pages(kind: Kind) -> None:
    """Mount the author's pages for `kind` on its blueprint (once, when the kind is defined)."""
    bp = kind.blueprint
    if kind.authoring.one_per_author:

        @verified_required
        def write_own():
            """Write one's only item of this kind, or edit it."""
            return write(kind, own_item(kind, current_user))

        @login_required
        def manage_own():
            """The author's page for their only item (the form, until they write it)."""
            item = own_item(kind, current_user)
            return manage(kind, item) if item else redirect(url_for(f"{bp.name}.edit"))

        bp.add_url_rule("/profile", "edit", write_own, methods=["GET", "POST"])
        bp.add_url_rule("/profile/manage", "manage", manage_own)
        return

    @verified_required
    def new():
        """Write a new item; it is saved as a draft to preview and submit."""
        return write(kind, None)

    @login_required
    def edit(item_id: int):
        """Edit one's item: in place while unpublished; for review once published."""
        return write(kind, own_or_404(kind.model, item_id))

    @login_required
    def manage_item(item_id: int):
        """The author's page for an item: how it looks, its status, history and actions."""
        return manage(kind, own_or_404(kind.model, item_id))

    bp.add_url_rule("/new", "new", new, methods=["GET", "POST"])
    bp.add_url_rule("/<int:item_id>/edit", "edit", edit, methods=["GET", "POST"])
    bp.add_url_rule("/<int:item_id>/manage", "manage", manage_item)


def own_item(kind: Kind, user) -> Moderated | None:
    """The member's only item of a one-per-author kind, whatever its state (locked to write)."""
    model = kind.model
    query = select(model).where(model.author_id == user.id)
    return db.session.scalar(query.with_for_update() if writes() else query)


def new_draft(kind: Kind, *, author, data: dict[str, Any]) -> Moderated:
    """A new draft of `kind`, by the kind's own rules when it has them."""
    if kind.authoring.create is not None:
        return kind.authoring.create(author=author, data=data)
    return moderation.create_draft(kind.model, author=author, data=data)


def save(kind: Kind, item: Moderated | None, data: dict[str, Any]):
    """Create or edit; returns the item and what the author is told."""
    if item is None:
        return new_draft(kind, author=current_user, data=data), kind.authoring.created_message
    if kind.authoring.check_edit is not None:
        kind.authoring.check_edit(item, current_user, data)
    before = item.state
    revision = moderation.save_edit(item, data, actor=current_user)
    return item, moderation.edit_outcome(before, revision)


MAX_SUGGESTIONS = 30
SUGGESTIONS_FROM = 2000  # the most recently published items whose tags are counted


def popular_values(model: type[Moderated], field: str) -> list[str]:
    """The values most used in a comma-stored field (tags, expertise) of published items.

    Offered as the author types, so one idea keeps one spelling ("ai-strategy", not also
    "strategy") and the directory's filters do not split.
    """
    column = getattr(model, field)
    stored = db.session.scalars(
        select(column)
        .where(model.status == Status.PUBLISHED, column != "")
        .order_by(model.published_at.desc())
        .limit(SUGGESTIONS_FROM)
    )
    counts = Counter(value for joined in stored for value in split_list(joined))
    return [value for value, _count in counts.most_common(MAX_SUGGESTIONS)]


def write(kind: Kind, item: Moderated | None):
    """The form to write a new item or edit one (a published one's edit waits for review)."""
    if item is not None:
        moderation.check_editable(item)
    form = kind.authoring.form()
    waiting = moderation.pending_revision(item) if item is not None else None
    if request.method == "GET" and item is not None:
        form.fill_from(item.with_revision(waiting.data) if waiting else item)
    if form.validate_on_submit() and "edit_again" not in request.form:
        if item is not None and item.state == Status.PUBLISHED and "preview_edit" in request.form:
            return _preview_edit(kind, item, form.item_data())
        try:
            item, message = save(kind, item, form.item_data())
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(_after_saving(kind, form, item))
    return render_form(
        kind.authoring.form_template,
        form,
        kind=kind,
        item=item,
        waiting=waiting,
        suggest=lambda field: popular_values(kind.model, field),
    )


# The preview's own buttons, not fields of the edit it carries on.
PREVIEW_BUTTONS = {"csrf_token", "preview_edit", "save", "edit_again"}


def _preview_edit(kind: Kind, item: Moderated, data: dict[str, Any]) -> str:
    """A published item's edit as it would look, before it goes to review (nothing saved).

    The page carries what was typed on, to send it for review or to keep editing.
    """
    typed = [(name, value) for name, values in request.form.lists()
             if name not in PREVIEW_BUTTONS for value in values]  # fmt: skip
    return render_template(
        "authoring/preview_edit.html",
        kind=kind,
        item=item,
        preview=item.with_revision(item.to_plain(data)),
        typed=typed,
    )


def _after_saving(kind: Kind, form, item: Moderated) -> str:
    """ "Save draft" keeps editing an unpublished item; the other buttons show it."""
    keep_editing = getattr(form, "save", None)
    if keep_editing is not None and keep_editing.data and item.state != Status.PUBLISHED:
        return kind.edit_url(item)
    return kind.manage_url(item)


def manage(kind: Kind, item: Moderated):
    """The author's page for an item: how it looks, its status, reasons, history, actions."""
    waiting = moderation.pending_revision(item)
    return render_template(
        kind.authoring.manage_template or "authoring/manage.html",
        kind=kind,
        item=item,
        waiting=waiting,
        waiting_preview=item.with_revision(waiting.data) if waiting else None,
        history=moderation_queries.author_history(item),
        actions=moderation.available_actions(item, current_user, Actor.AUTHOR),
    )
