"""Mentor profiles as a kind of moderated content."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask import url_for
from sqlalchemy import select

from ..authoring import add_author_pages
from ..content import plain_text
from ..extensions import db
from ..kinds import Authoring, Kind
from ..moderation.states import Status
from ..search.documents import SearchDocument, author_of
from . import services
from .api import API
from .forms import ProfileForm
from .models import MentorProfile
from .views import bp

FIELD_LABELS = {
    "headline": "Headline",
    "from_role": "From",
    "to_role": "To",
    "from_function": "From function",
    "to_function": "To function",
    "industries": "Industries",
    "expertise": "Expertise",
    "bio": "About",
    "topics": "Topics",
    "formats": "Formats",
    "timezone": "Time zone",
    "languages": "Languages",
    "contact": "Contact",
    "linkedin_url": "LinkedIn",
}


def sitemap() -> Iterator[tuple[str, datetime]]:
    """The published profiles' pages."""
    rows = db.session.execute(
        select(MentorProfile.id, MentorProfile.updated_at).where(
            MentorProfile.status == Status.PUBLISHED
        )
    )
    for profile_id, updated in rows:
        yield url_for("mentors.detail", profile_id=profile_id, _external=True), updated


def search_document(profile: MentorProfile) -> SearchDocument:
    """What search finds a mentor by (never the contact)."""
    author = author_of(profile)
    return SearchDocument(
        kind="mentor",
        item_id=profile.id,
        title=f"{profile.from_role} → {profile.to_role}",
        summary=profile.headline,
        body=f"{plain_text(profile.bio)} {profile.topics}",
        tags=profile.listed("expertise") + profile.listed("industries"),
        people=f"{author.display_name} {profile.from_role} {profile.to_role} {profile.move}",
        filters={"from_function": profile.from_function, "to_function": profile.to_function},
    )


MENTOR_KIND = Kind(
    name=MentorProfile.kind,
    label="Mentor profile",
    plural="mentors",
    plural_label="Mentors",
    model=MentorProfile,
    blueprint=bp,
    public_url=lambda profile: url_for("mentors.detail", profile_id=profile.id),
    manage_url=lambda profile: url_for("mentors.manage"),
    edit_url=lambda profile: url_for("mentors.edit"),
    preview_template="mentors/_profile.html",
    field_labels=FIELD_LABELS,
    public_items=services.published_profiles,
    authoring=Authoring(
        form=ProfileForm,
        form_template="mentors/form.html",
        manage_template="mentors/manage.html",
        create=services.create_profile,
        one_per_author=True,
        created_message="Your profile is saved as a draft. Check it, then submit it for review.",
    ),
    sitemap=sitemap,
    search_document=search_document,
    similar_by=("to_function", "from_function"),
    tags_field="expertise",
    api=API,
)
add_author_pages(MENTOR_KIND)
