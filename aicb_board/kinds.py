"""The kinds of member content: the one place where the rest of the board learns about each.

Each kind (roles, mentor profiles, stories, any later one) declares one `Kind` in its own
package: its model and pages, how its author writes it, what the public sees of it, what
search finds it by and what the API says about it. The app factory registers the kinds
its settings name (`CONTENT_KINDS`); the moderation queue, search, the API, its OpenAPI
document, the sitemap and the author's pages read everything from here and never name a
kind themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from flask import Blueprint, Flask, current_app, url_for
from sqlalchemy import Select, func, select
from werkzeug.local import LocalProxy

from .extensions import db
from .web import absolute_url

if TYPE_CHECKING:  # the registry sits below moderation: moderation reads it
    from flask_wtf import FlaskForm

    from .auth.models import User
    from .moderation.models import Moderated


@dataclass(frozen=True)
class Filter:
    """One filter of a kind's public list, as its page and the API take it from the URL."""

    name: str  # the URL parameter
    # "choice": a value of `vocabulary`; "tag": one tag; "flag": "1" (or "true") narrows;
    # "amount": a whole number from 0 (a salary's minimum).
    type: Literal["choice", "tag", "flag", "amount"]
    description: str  # for the API's description ("Only roles with this seniority.")
    vocabulary: Sequence[tuple[str, str]] = ()
    requires: str = ""  # another filter this one means nothing without (a currency)


@dataclass(frozen=True)
class Api:
    """What `/api/v1/<plural>` says about a kind (the API itself never names one)."""

    summary: str  # "Open roles, newest first"
    schema_name: str  # "Role": the OpenAPI schema of one item
    id_name: str  # "role_id": the item's id in the document's paths
    # The OpenAPI properties of one item beyond id, url, published_at and updated_at.
    properties: Callable[[], dict[str, Any]]
    # A page of items as the API shows them (a page at a time, so a kind may load what
    # its items need in one query, e.g. mentors' open spots).
    represent: Callable[[Sequence[Any]], list[dict[str, Any]]]
    # The public items matching the chosen filters ({name: value}, values already checked).
    browse: Callable[[dict[str, Any]], Select]
    filters: tuple[Filter, ...] = ()
    # The orders `sort` may name, (name, description); the first is the default (newest
    # first, paged by a cursor on publication). `sort(query, name)` puts `browse`'s answer
    # in any other, which the API pages by position.
    sorts: Sequence[tuple[str, str]] = ()
    sort: Callable[[Select, str], Select] | None = None
    # Further schemas the item's properties refer to ({"Salary": {...}}).
    schemas: dict[str, Any] = field(default_factory=dict)
    # When the kind's public answers last changed (None: the newest `updated_at`); with an
    # item, when that one did. A kind whose public fields depend on other tables says so.
    changed: Callable[[Any | None], datetime | None] | None = None
    # Whether one public item passes the chosen filters, exactly as `browse` would say (saved
    # searches check each new item against thousands of them, which a query each cannot do);
    # None: alerts ask the database with `browse` instead.
    admits: Callable[[Any, dict[str, Any]], bool] | None = None


@dataclass(frozen=True)
class Authoring:
    """How the author writes an item: the one author flow (`authoring.py`) reads this."""

    form: type[FlaskForm]  # its `item_data()` is what the author wrote
    form_template: str  # the form's fields, inside the shared page
    # Makes a new draft (kind-specific rules: duplicates, slugs); default: the plain model.
    # Called as create(author=..., data=...).
    create: Callable[..., Moderated] | None = None
    # Checks an edit before it is saved (e.g. spam rules); raises a DomainError to refuse.
    check_edit: Callable[[Moderated, User, dict[str, Any]], None] | None = None
    # Kind-specific words and buttons on the manage page (a template included there).
    manage_template: str | None = None
    # One per author (a mentor profile): its pages have no id in the URL.
    one_per_author: bool = False
    created_message: str = "It is saved as a draft. Check it, then submit it for review."


@dataclass(frozen=True)
class Kind:
    """Everything the board needs to know about one kind of member content."""

    name: str  # "role": stored in events, revisions and the search index
    label: str  # "Role posting"
    plural: str  # "roles": its path in the API and the sitemap
    plural_label: str  # "Roles": search's tabs
    model: type[Moderated]
    blueprint: Blueprint  # its pages (an `index` among them), mounted by the app factory
    public_url: Callable[[Any], str]  # the published page
    manage_url: Callable[[Any], str]  # the author's own page (preview, edit, actions)
    edit_url: Callable[[Any], str]
    preview_template: str  # renders `item` as it looks when published
    field_labels: dict[str, str]
    # The public items, newest first (roles: published and not past closing).
    public_items: Callable[[], Select]
    authoring: Authoring
    # States whose page the public may open (the rest are 404, and "removed" is 410).
    public_states: frozenset[str] = frozenset({"published"})
    # Refuses an author's transition the kind does not allow now (raises a DomainError): a
    # thank-you note goes to review only once its mentor agreed. None: the table decides.
    check_author_step: Callable[[Any, str], None] | None = None
    # Called after each transition, to keep kind-specific fields right (e.g. expiry).
    after_transition: Callable[[Any, str], None] | None = None
    # The public pages for /sitemap.xml, (absolute URL, last modified); default: every
    # public item's page.
    sitemap: Callable[[], Iterable[tuple[str, datetime]]] | None = None
    # What search indexes of a published item (see `search.documents.SearchDocument`).
    search_document: Callable[[Any], Any] | None = None
    # Whether a published item should be found (roles: only while open).
    searchable: Callable[[Any], bool] = lambda item: True
    # Who or what is behind an item, under its title among search results.
    byline: Callable[[Any], str] = lambda item: item.author.display_name
    # The search filters an item shares with the similar items its page shows (roles:
    # function and seniority); none: its page shows no similar items.
    similar_by: tuple[str, ...] = ()
    # The comma-separated column search's popular tags are counted from.
    tags_field: str | None = "tags"
    api: Api | None = None

    def list_url(self) -> str:
        """The kind's public list (its blueprint's `index` page)."""
        return url_for(f"{self.blueprint.name}.index")

    def sitemap_entries(self) -> Iterable[tuple[str, datetime]]:
        """The kind's public pages for the sitemap."""
        if self.sitemap is not None:
            return self.sitemap()
        return self._every_public_page()

    def _every_public_page(self) -> Iterator[tuple[str, datetime]]:
        for item in db.session.scalars(self.public_items()):
            yield absolute_url(self.public_url(item)), item.updated_at

    def newest_change(self) -> datetime | None:
        """The latest `updated_at` of the kind's items (a removal changes it too)."""
        return db.session.scalar(select(func.max(self.model.updated_at)))


def _registry() -> dict[str, Kind]:
    return current_app.extensions["content_kinds"]


# The current app's kinds by name, in the order its settings list them.
KINDS: dict[str, Kind] = LocalProxy(_registry)  # type: ignore[assignment]


def register_kinds(app: Flask, kinds: Iterable[Kind]) -> None:
    """Make `kinds` this app's kinds of content, and mount their pages."""
    registry = app.extensions.setdefault("content_kinds", {})
    for kind in kinds:
        registry[kind.name] = kind
        app.register_blueprint(kind.blueprint)


def kind_named(name: str) -> Kind | None:
    """The kind called `name`, if there is one."""
    return _registry().get(name)


def kind_by_plural(plural: str) -> Kind | None:
    """The kind whose path is `plural` ("roles"), if there is one."""
    return next((kind for kind in _registry().values() if kind.plural == plural), None)


def kind_of(item: Moderated) -> Kind:
    """The kind an item belongs to."""
    return _registry()[item.kind]
