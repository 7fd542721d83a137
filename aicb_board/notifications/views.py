"""`/me/notifications`: the member's notifications, opening one, marking them all read;
and the account page's "Mail me about" choices, which post here."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..auth.forms import AccountForm
from ..extensions import db
from ..pagination import paginate
from . import services
from .forms import MailPreferencesForm

bp = Blueprint("notifications", __name__, url_prefix="/me/notifications")
PER_PAGE = 20


@bp.app_template_global()
def unread_notifications() -> int:
    """The signed-in member's unread count, for the header (one count on an index).

    A function the layout calls, not a context processor: mail rendered during a request
    (a moderator's decision) never pays for a count it does not show.
    """
    # current_user is None when a template renders outside a request (mail from the CLI).
    if current_user and current_user.is_authenticated:
        return services.unread_count(current_user.id)
    return 0


@bp.get("")
@login_required
def index():
    """The member's notifications, newest first, the unread ones marked."""
    page = paginate(services.listing(current_user.id), per_page=PER_PAGE)
    return render_template("notifications/index.html", page=page)


@bp.post("/<int:notification_id>/open", endpoint="open")
@login_required
def open_notification(notification_id: int):
    """Mark a notification read and go where it points (a path on this site only)."""
    notification = services.find(current_user.id, notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    target = services.safe_link(notification)
    db.session.commit()
    return redirect(target or url_for("notifications.index"))


@bp.post("/read")
@login_required
def read_all():
    """Mark every notification of the member read."""
    marked = services.mark_all_read(current_user.id)
    db.session.commit()
    flash("All notifications marked as read." if marked else "Nothing was unread.", "success")
    return redirect(url_for("notifications.index"))


@bp.app_template_global()
def mail_preferences_form() -> MailPreferencesForm:
    """The account page's "Mail me about" checkboxes, ticked as the signed-in member chose."""
    return MailPreferencesForm(
        formdata=None, data={"topics": services.mailed_topics(current_user.id)}
    )


@bp.post("/mail")
@login_required
def mail_preferences():
    """Save which topics the member wants mail about (the page records every topic anyway)."""
    form = MailPreferencesForm()
    if form.validate():
        services.set_mailed_topics(current_user.id, form.topics.data or [])
        db.session.commit()
        flash("Your mail settings are saved.", "success")
        return redirect(url_for("auth.account") + "#mail")
    # Only a forged or stale form gets here (the page offers only known topics): the account
    # page again, the boxes as saved, the refusal beside them.
    shown = mail_preferences_form()
    shown.topics.errors = ["Choose from the topics listed."]
    page = render_template("auth/account.html", form=AccountForm(obj=current_user), mail_form=shown)
    return page, 422
