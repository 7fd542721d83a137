"""A fourth kind of content that exists only in the tests: field notes.

Everything a kind needs is here and in templates/ beside it: a model, a form, its pages,
its search document and what the API says about it. Nothing outside this folder names
it; an app whose CONTENT_KINDS lists `NOTE_KIND` has it on the board.
"""

from __future__ import annotations

from typing import ClassVar

from flask import Blueprint, render_template, url_for
from flask_wtf import FlaskForm
from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from aicb_board.api.representations import common
from aicb_board.api.schema import STRING
from aicb_board.authoring import add_author_pages, public_or_abort
from aicb_board.extensions import db
from aicb_board.kinds import Api, Authoring, Kind
from aicb_board.moderation.models import Moderated
from aicb_board.moderation.states import Status
from aicb_board.search.documents import SearchDocument


class Note(Moderated, db.Model):
    """A short field note from a member's move."""

    __tablename__ = "test_field_notes"
    __table_args__ = (Moderated.status_constraint(),)
    kind: ClassVar[str] = "note"
    editable_fields: ClassVar[tuple[str, ...]] = ("title", "body")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text, default="")


# The migrations do not know this table: the test creates it, and drops it after.
db.metadata.remove(Note.__table__)


class NoteForm(FlaskForm):
    """What the author writes."""

    title = StringField("Title", validators=[DataRequired(), Length(max=120)])
    body = TextAreaField("Note", validators=[DataRequired(), Length(max=5000)])

    def item_data(self) -> dict[str, str]:
        return {"title": self.title.data.strip(), "body": self.body.data.strip()}

    def fill_from(self, note: Note) -> None:
        self.title.data, self.body.data = note.title, note.body


bp = Blueprint("notes", __name__, url_prefix="/notes", template_folder="templates")


def published_notes():
    return (
        select(Note)
        .where(Note.status == Status.PUBLISHED)
        .order_by(Note.published_at.desc(), Note.id.desc())
    )


@bp.get("/")
def index():
    return render_template("notes/index.html", notes=db.session.scalars(published_notes()))


@bp.get("/<int:note_id>")
def detail(note_id: int):
    note = public_or_abort(db.session.get(Note, note_id))
    return render_template("notes/detail.html", item=note)


def search_document(note: Note) -> SearchDocument:
    return SearchDocument(
        kind=Note.kind, item_id=note.id, title=note.title, summary=note.body[:200], body=note.body
    )


NOTE_KIND = Kind(
    name=Note.kind,
    label="Field note",
    plural="notes",
    plural_label="Field notes",
    model=Note,
    blueprint=bp,
    public_url=lambda note: url_for("notes.detail", note_id=note.id),
    manage_url=lambda note: url_for("notes.manage", item_id=note.id),
    edit_url=lambda note: url_for("notes.edit", item_id=note.id),
    preview_template="notes/_note.html",
    field_labels={"title": "Title", "body": "Note"},
    public_items=published_notes,
    authoring=Authoring(form=NoteForm, form_template="notes/form.html"),
    search_document=search_document,
    tags_field=None,
    api=Api(
        summary="Field notes, newest first",
        schema_name="Note",
        id_name="note_id",
        properties=lambda: {"title": STRING, "body": STRING},
        represent=lambda notes: [
            {**common(note), "title": note.title, "body": note.body} for note in notes
        ],
        browse=lambda _chosen: published_notes(),
    ),
)
add_author_pages(NOTE_KIND)
