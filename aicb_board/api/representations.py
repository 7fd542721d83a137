"""What the API says about each published item: public fields only, never emails or contacts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..content import render_markdown, split_list
from ..kinds import KINDS
from ..mentors.models import MentorProfile
from ..mentors.services import DirectoryEntry
from ..roles.models import RolePosting
from ..stories.models import Story
from ..web import absolute_url


def stamp(moment: datetime | None) -> str | None:
    """A moment as ISO 8601 in UTC, with a Z."""
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def text(markdown: str | None) -> dict[str, str]:
    """A long text both ways: the author's Markdown and the sanitised HTML the site shows."""
    return {"markdown": markdown or "", "html": str(render_markdown(markdown))}


def _common(kind: str, item) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": absolute_url(KINDS[kind].public_url(item)),
        "published_at": stamp(item.published_at),
        "updated_at": stamp(item.updated_at),
    }


def role(item: RolePosting) -> dict[str, Any]:
    """A published role; how to apply is on its page (`url`) or at `apply_url`."""
    return {
        **_common("role", item),
        "title": item.title,
        "company": item.company,
        "company_url": item.company_url or None,
        "location": item.location or None,
        "country": item.country or None,
        "workplace": item.workplace,
        "remote_region": item.remote_region or None,
        "seniority": item.seniority,
        "function": item.function,
        "employment_type": item.employment_type,
        "salary": (
            {
                "min": item.salary_min,
                "max": item.salary_max,
                "currency": item.salary_currency,
                "period": item.salary_period,
            }
            if item.salary_min is not None or item.salary_max is not None
            else None
        ),
        "description": text(item.description),
        "apply_url": item.apply_url or None,
        "tags": split_list(item.tags),
        "closes_at": stamp(item.expires_at),
    }


def mentor(entry: DirectoryEntry) -> dict[str, Any]:
    """A published mentor profile; mentorship is asked for on its page (`url`)."""
    item: MentorProfile = entry.profile
    return {
        **_common("mentor", item),
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


def story(item: Story) -> dict[str, Any]:
    """A published sideways-move story."""
    return {
        **_common("story", item),
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "author": item.author.display_name,
        "from_role": item.from_role,
        "to_role": item.to_role,
        "from_function": item.from_function,
        "to_function": item.to_function,
        "industry": item.industry or None,
        "months_taken": item.months_taken,
        "body": text(item.body),
        "tags": split_list(item.tags),
    }
