"""Thank-you notes as a kind of moderated content: the one queue, log and reports read them.

A note has no page of its own: it shows on its mentor's page (the public URL is an anchor
there). Search, the API and the sitemap leave it out: it has no search document, no API and
an empty sitemap. The mentee writes it from /mentorship/, not through the author pages.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..kinds import Authoring, Kind
from ..moderation.states import Status
from .thanks import ThankYouNote, check_author_step
from .thanks_views import ThankYouForm, bp


def public_notes():
    """Every published note, newest first (withdrawn ones never)."""
    return (
        select(ThankYouNote)
        .where(ThankYouNote.status == Status.PUBLISHED, ThankYouNote.withdrawn_at.is_(None))
        .order_by(ThankYouNote.published_at.desc(), ThankYouNote.id.desc())
    )


def _on_mentorship_page(note: ThankYouNote) -> str:
    return url_for("mentorship.index", _anchor=f"thanks-{note.id}")


THANKS_KIND = Kind(
    name=ThankYouNote.kind,
    label="Thank-you note",
    plural="thank-you-notes",
    plural_label="Thank-you notes",
    model=ThankYouNote,
    blueprint=bp,
    public_url=lambda note: url_for(
        "mentors.detail", profile_id=note.mentor_id, _anchor=f"thanks-{note.id}"
    ),
    manage_url=_on_mentorship_page,
    edit_url=_on_mentorship_page,
    preview_template="thanks/_note.html",
    field_labels={"body": "Note"},
    public_items=public_notes,
    authoring=Authoring(form=ThankYouForm, form_template="thanks/_note.html"),
    check_author_step=check_author_step,
    sitemap=lambda: [],
    search_document=None,
    searchable=lambda _note: False,
    tags_field=None,
    api=None,
)
