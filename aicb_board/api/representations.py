"""What the API says about every published item: the parts common to all kinds.

Each kind says the rest (its `Api.represent`): public fields only, never emails or contacts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..content import render_markdown
from ..kinds import kind_of
from ..moderation.models import Moderated
from ..web import absolute_url


def stamp(moment: datetime | None) -> str | None:
    """A moment as ISO 8601 in UTC, with a Z."""
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def text(markdown: str | None) -> dict[str, str]:
    """A long text both ways: the author's Markdown and the sanitised HTML the site shows."""
    return {"markdown": markdown or "", "html": str(render_markdown(markdown))}


def common(item: Moderated) -> dict[str, Any]:
    """What every item has: its id, public page, and when it was published and changed."""
    return {
        "id": item.id,
        "url": absolute_url(kind_of(item).public_url(item)),
        "published_at": stamp(item.published_at),
        "updated_at": stamp(item.updated_at),
    }
