"""The kinds of member content: the one place where the rest of the board learns about each kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .moderation.models import Moderated


@dataclass(frozen=True)
class Kind:
    """How the engine handles one kind of content."""

    name: str  # "role": stored in events and revisions, used in URLs
    label: str  # "Role posting"
    model: type[Moderated]
    public_url: Callable[[Any], str]  # the published page
    manage_url: Callable[[Any], str]  # the author's own page (preview, edit, actions)
    edit_url: Callable[[Any], str]
    preview_template: str  # renders `item` as it looks when published
    field_labels: dict[str, str]
    # Called after each transition, to keep kind-specific fields right (e.g. expiry).
    after_transition: Callable[[Any, str], None] | None = None
    # The public pages for /sitemap.xml: (absolute URL, last modified).
    sitemap: Callable[[], Iterable[tuple[str, datetime]]] | None = None
    # What search indexes of a published item (see `search.documents.SearchDocument`).
    search_document: Callable[[Any], Any] | None = None
    # Whether a published item should be found (roles: only while open).
    searchable: Callable[[Any], bool] = lambda item: True


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Make a kind known to the engine."""
    KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> Kind | None:
    """The kind called `name`, if there is one."""
    return KINDS.get(name)


def kind_of(item: Moderated) -> Kind:
    """The kind an item belongs to."""
    return KINDS[item.kind]
