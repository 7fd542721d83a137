"""Role postings as a kind of moderated content."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask import url_for

from ..authoring import add_author_pages
from ..content import plain_text
from ..extensions import db
from ..kinds import Authoring, Kind
from ..moderation.states import Status
from ..search.documents import SearchDocument
from . import services
from .api import API
from .forms import RoleForm
from .models import RolePosting, role_slug
from .views import bp

FIELD_LABELS = {
    "title": "Title",
    "company": "Company",
    "company_url": "Company website",
    "workplace": "Workplace",
    "location": "City or region",
    "country": "Country",
    "remote_from": "Remote from",
    "remote_region": "Remote from (as first typed)",
    "seniority": "Seniority",
    "function": "Function",
    "employment_type": "Employment type",
    "salary_min": "Salary from",
    "salary_max": "Salary to",
    "salary_currency": "Currency",
    "salary_period": "Salary period",
    "description": "Description",
    "apply_url": "Apply link",
    "apply_email": "Apply email",
    "tags": "Tags",
    "expires_at": "Closes on",
}


def sitemap() -> Iterator[tuple[str, datetime]]:
    """The open roles' pages, newest first."""
    query = services.open_roles().with_only_columns(
        RolePosting.id, RolePosting.title, RolePosting.company, RolePosting.updated_at
    )
    for role_id, title, company, updated in db.session.execute(query):
        slug = role_slug(title, company)
        yield url_for("roles.detail", role_id=role_id, slug=slug, _external=True), updated


def search_document(role: RolePosting) -> SearchDocument:
    """What search finds a role by."""
    return SearchDocument(
        kind="role",
        item_id=role.id,
        title=role.title,
        summary=services.summary(role, 300),
        body=plain_text(role.description),
        tags=role.tag_list,
        people=f"{role.company} {role.label('seniority')} {role.label('function')}",
        filters={
            **{name: getattr(role, name) for name in ("seniority", "function", "workplace")},
            "country": sorted(services.countries_of(role)),
        },
    )


ROLE_KIND = Kind(
    name=RolePosting.kind,
    label="Role posting",
    plural="roles",
    plural_label="Roles",
    model=RolePosting,
    blueprint=bp,
    public_url=lambda role: url_for("roles.detail", role_id=role.id, slug=role.slug),
    manage_url=lambda role: url_for("roles.manage", item_id=role.id),
    edit_url=lambda role: url_for("roles.edit", item_id=role.id),
    preview_template="roles/_role.html",
    field_labels=FIELD_LABELS,
    public_items=services.open_roles,
    authoring=Authoring(
        form=RoleForm,
        form_template="roles/form.html",
        manage_template="roles/manage.html",
        create=services.create_role,
        check_edit=services.check_edit,
        created_message="Your role is saved as a draft. Check it, then submit it for review.",
    ),
    # A closed role keeps its page, with a banner.
    public_states=frozenset({Status.PUBLISHED, Status.ARCHIVED}),
    after_transition=services.after_transition,
    sitemap=sitemap,
    search_document=search_document,
    searchable=lambda role: role.is_open,
    similar_by=("function", "seniority"),
    byline=lambda role: f"{role.company} · {role.place}",
    api=API,
)
add_author_pages(ROLE_KIND)
