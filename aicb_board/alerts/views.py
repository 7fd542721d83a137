"""`/me/alerts`: a member's saved searches; the Save form every list and search page carries;
each saved search's private feed (`/alerts/<token>/feed.atom`) and its mail's unsubscribe link
(`/alerts/unsubscribe/<token>`), both without signing in: the token is the proof."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..domain import DomainError
from ..extensions import csrf, db
from ..mail import bounced_too_often
from ..notifications.services import wants_mail
from ..web import require_valid
from . import criteria as reading
from . import digests, feeds, services
from .forms import PauseForm, SavedSearchForm
from .models import FREQUENCIES, SavedSearch
from .percolator import query_terms

bp = Blueprint("alerts", __name__, url_prefix="/me/alerts")
feeds_bp = Blueprint("alert_feeds", __name__)
mail_bp = Blueprint("alert_mail", __name__)


@bp.app_template_global()
def alert_criteria(scope: str) -> reading.Criteria | None:
    """What the page being shown would be saved as (its Save form's hidden fields); None for
    a search with no word an alert could look for ("the"), which could not be saved."""
    found = reading.from_args(scope, request.args)
    if found is not None and found.query and not query_terms(found.query):
        return None
    return found


@bp.app_template_global()
def alert_frequencies() -> list[tuple[str, str]]:
    """How often a member may hear of a saved search, (value, label)."""
    return FREQUENCIES


def _own(search_id: int) -> SavedSearch:
    """The signed-in member's saved search; 404 for anyone else's or none."""
    saved = services.owned(current_user.id, search_id)
    if saved is None:
        abort(404)
    return saved


def _mail_held_back() -> str:
    """Why the member's alerts cannot reach their inbox now, in words ("" when they can)."""
    if not current_user.is_verified:
        return (
            "Confirm your email address to get alerts by mail: until then, new matches "
            "show here, in your notifications and in each search's feed."
        )
    if bounced_too_often(current_user.email):
        return (
            "Mail to your address has bounced, so the board stopped mailing it. Confirm your "
            "address again (or change it in your account settings) to get alerts by mail."
        )
    if not wants_mail(current_user.id, "alert"):
        return (
            "You turned off alert mail in your account settings: new matches show here and "
            "in your notifications only."
        )
    return ""


def _index_page(editing: tuple[int, SavedSearchForm] | None = None, status: int = 200):
    searches = services.saved_searches(current_user.id)
    page = render_template(
        "alerts/index.html",
        mail_held_back=_mail_held_back(),
        searches=searches,
        recent=services.recent_matches(searches),
        editing=editing,
        limit=services.MAX_SAVED,
    )
    return page, status


@bp.get("")
@login_required
def index():
    """The member's saved searches, each with its latest matches and its private feed."""
    return _index_page()


@bp.post("")
@login_required
def create():
    """Save the list or search whose arguments the form carries."""
    found = reading.from_args(request.form.get("scope", ""), request.form, with_words=True)
    if found is None or (found.scope == reading.SEARCH and not found.query):
        raise DomainError("That page cannot be saved as an alert: no list or search.", status=400)
    form = SavedSearchForm()
    if not form.validate():
        return render_template("alerts/save.html", form=form, criteria=found), 422
    try:
        saved = services.save_search(
            user_id=current_user.id,
            criteria=found,
            name=form.name.data or "",
            frequency=form.frequency.data,
        )
    except services.AlreadySaved as already:
        flash(already.message, "info")
        return redirect(url_for("alerts.index"))
    except DomainError as refused:
        db.session.rollback()
        form.form_errors.append(refused.message)
        return render_template("alerts/save.html", form=form, criteria=found), refused.status
    db.session.commit()
    flash(f"Saved “{saved.name}”. New matches will appear here.", "success")
    return redirect(url_for("alerts.index"))


@bp.post("/<int:search_id>")
@login_required
def edit(search_id: int):
    """Rename a saved search, or change how often its alerts come."""
    saved = _own(search_id)
    form = SavedSearchForm()
    if not form.validate():
        return _index_page((saved.id, form), 422)
    services.update_search(saved, name=form.name.data or "", frequency=form.frequency.data)
    db.session.commit()
    flash(f"Saved your changes to “{saved.name}”.", "success")
    return redirect(url_for("alerts.index"))


@bp.post("/<int:search_id>/pause")
@login_required
def pause(search_id: int):
    """Pause a saved search (no matches, no mail) or resume it."""
    saved = _own(search_id)
    form = PauseForm()
    require_valid(form)
    services.set_paused(saved, form.action.data == "pause")
    db.session.commit()
    flash(f"“{saved.name}” is {'paused' if saved.paused else 'on again'}.", "success")
    return redirect(url_for("alerts.index"))


@bp.post("/<int:search_id>/delete")
@login_required
def delete(search_id: int):
    """Delete a saved search and its matches."""
    saved = _own(search_id)
    name = saved.name
    services.delete_search(saved)
    db.session.commit()
    flash(f"Deleted “{name}”.", "success")
    return redirect(url_for("alerts.index"))


@bp.post("/<int:search_id>/feed-token")
@login_required
def new_feed_token(search_id: int):
    """Give the private feed a new address (the old one stops working)."""
    saved = _own(search_id)
    services.renew_feed_token(saved)
    db.session.commit()
    flash(f"“{saved.name}” has a new feed address; the old one no longer works.", "success")
    return redirect(url_for("alerts.index"))


@feeds_bp.get("/alerts/<feed_token>/feed.atom")
def feed(feed_token: str):
    """A saved search's private feed: the newest 50 public items it matches."""
    saved = services.by_feed_token(feed_token)
    if saved is None:
        abort(404)
    response = current_app.response_class(
        feeds.saved_search_atom(saved), mimetype="application/atom+xml"
    )
    # The address is a secret: kept out of search engines and shared caches.
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@mail_bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail provider posts "List-Unsubscribe=One-Click", with no session
def unsubscribe(token: str):
    """Stop an alert's mail without signing in: GET asks (a link checker or a preview must
    not unsubscribe anyone), POST stops it (the page's button, or the one-click request)."""
    searches = digests.searches_for_token(token)
    if searches is None:
        abort(404)
    if request.method == "POST":
        digests.stop_mail(searches)
        db.session.commit()
        return render_template("alerts/unsubscribed.html", searches=searches)
    response = current_app.make_response(
        render_template("alerts/unsubscribe.html", searches=searches, token=token)
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response
