"""What the API says about mentors: their filters, their schema and their representation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from ..api.representations import common, text
from ..api.schema import BOOLEAN, STRING, TAGS, TEXT, enum, nullable
from ..content import split_list
from ..extensions import db
from ..kinds import Api, Filter
from . import choices, services
from .models import MentorProfile, MentorshipRequest

FILTERS = (
    *(
        Filter(name, "choice", f"Only mentors with this {name.replace('_', ' ')}.", vocabulary)
        for name, vocabulary in services.CHOICE_FILTERS.items()
    ),
    *(Filter(name, "tag", f"Only mentors listing this {name}.") for name in services.LIST_FILTERS),
    Filter("accepting", "flag", "1: only mentors taking mentees now."),
)


def mentor_filters(chosen: dict[str, Any]) -> services.MentorFilters:
    """The API's filters ({name: value}) as the directory's."""
    values = {name: value for name, value in chosen.items() if name != "accepting"}
    return services.MentorFilters(values, bool(chosen.get("accepting")))


def browse(chosen: dict[str, Any]) -> Select:
    """The directory's mentors matching the API's filters."""
    return services.directory(mentor_filters(chosen))


def admits(profile: MentorProfile, chosen: dict[str, Any]) -> bool:
    """Whether a published profile passes the API's filters, as `browse` would say."""
    return services.admits(profile, mentor_filters(chosen))


def represent(profiles: Sequence[MentorProfile]) -> list[dict[str, Any]]:
    """Published mentor profiles; mentorship is asked for on each one's page (`url`)."""
    return [_mentor(entry) for entry in services.entries(list(profiles))]


def _mentor(entry: services.DirectoryEntry) -> dict[str, Any]:
    item = entry.profile
    return {
        **common(item),
        "name": item.author.display_name,
        "headline": item.headline,
        "from_role": item.from_role,
        "to_role": item.to_role,
        "from_function": item.from_function,
        "to_function": item.to_function,
        "industries": split_list(item.industries),
        "expertise": split_list(item.expertise),
        "languages": split_list(item.languages),
        "formats": split_list(item.formats),
        "timezone": item.timezone or None,
        "bio": text(item.bio),
        "topics": text(item.topics),
        "accepting_mentees": entry.available,
        "open_spots": entry.spots_open,
    }


def changed(profile: MentorProfile | None) -> datetime | None:
    """Profiles change by edits and by requests accepted or closed (open spots)."""
    requests_changed = select(
        func.max(func.coalesce(MentorshipRequest.closed_at, MentorshipRequest.decided_at))
    )
    if profile is not None:
        requests_changed = requests_changed.where(MentorshipRequest.mentor_id == profile.id)
        edited = profile.updated_at
    else:
        edited = db.session.scalar(select(func.max(MentorProfile.updated_at)))
    moments = [moment for moment in (edited, db.session.scalar(requests_changed)) if moment]
    return max(moments) if moments else None


def properties() -> dict[str, Any]:
    """The OpenAPI properties of a mentor (beyond those every item has)."""
    functions = enum(choices.FUNCTIONS)
    return {
        "name": STRING,
        "headline": STRING,
        "from_role": STRING,
        "to_role": STRING,
        "from_function": functions,
        "to_function": functions,
        "industries": TAGS,
        "expertise": TAGS,
        "languages": TAGS,
        "formats": TAGS,
        "timezone": nullable("string"),
        "bio": TEXT,
        "topics": TEXT,
        "accepting_mentees": BOOLEAN,
        "open_spots": {"type": "integer", "minimum": 0},
    }


API = Api(
    summary="Mentors, newest first",
    schema_name="Mentor",
    id_name="profile_id",
    properties=properties,
    represent=represent,
    browse=browse,
    admits=admits,
    filters=FILTERS,
    changed=changed,
)
