"""Editing a published item shows the edit as it would look before it goes to review."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from aicb_board.auth.models import Role
from aicb_board.extensions import db
from aicb_board.moderation.models import Revision
from aicb_board.moderation.states import REVISION_PENDING
from tests.factories import (
    profile_form,
    published_profile,
    published_role,
    published_story,
    role_form,
    story_form,
)
from tests.support import post_form

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')

# kind: (factory, its form's fields, the edit page of item `id`, the field changed)
KINDS = {
    "role": (published_role, role_form, "/roles/{id}/edit", "title"),
    "story": (published_story, story_form, "/stories/{id}/edit", "title"),
    "mentor": (published_profile, profile_form, "/mentors/profile", "headline"),
}


def pending_edits(app, kind: str, item_id: int) -> list[dict]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Revision.data).where(
                    Revision.item_kind == kind,
                    Revision.item_id == item_id,
                    Revision.status == REVISION_PENDING,
                )
            )
        )


def carried(page: str) -> list[tuple[str, str]]:
    """The preview page's hidden fields, as a browser would send them back."""
    return [(name, html.unescape(value)) for name, value in HIDDEN.findall(page)]


@pytest.mark.parametrize("kind", KINDS)
def test_an_edit_of_a_published_item_is_previewed_then_sent(app, members, kind):
    publish, form, edit_page, field = KINDS[kind]
    members.add("author")
    members.add("mod", Role.MODERATOR)
    item_id = publish(app, members.author, members.mod)
    client = members.sign_in("author")
    edit = edit_page.format(id=item_id)
    changed = "Chief AI Officer <&> “quoted”"
    typed = {**form(), field: changed, "preview_edit": "1"}

    preview = post_form(client, edit, typed)
    assert preview.status_code == 200 and "Check your changes" in preview.text
    assert html.escape(changed, quote=False) in preview.text
    assert pending_edits(app, kind, item_id) == []  # nothing saved yet

    fields = carried(preview.text)
    again = client.post(edit, data=MultiDict([*fields, ("edit_again", "1")]))
    assert again.status_code == 200 and 'name="preview_edit"' in again.text
    assert pending_edits(app, kind, item_id) == []

    sent = client.post(edit, data=MultiDict([*fields, ("save", "1")]))
    assert sent.status_code == 302
    [waiting] = pending_edits(app, kind, item_id)
    assert waiting[field] == changed
