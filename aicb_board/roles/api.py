"""What the API says about roles: their filters, their schema and their representation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select

from ..api.representations import common, stamp, text
from ..api.schema import STRING, TAGS, TEXT, enum, nullable, obj, ref
from ..content import split_list
from ..kinds import Api, Filter
from . import choices, regions, services
from .models import RolePosting

FILTER_HELP = {
    "country": "Only roles based in this country, or remote and open to people there "
    "(a region holding it, or Worldwide).",
}
FILTERS = (
    *(
        Filter(
            name,
            "choice",
            FILTER_HELP.get(name, f"Only roles with this {name.replace('_', ' ')}."),
            vocabulary,
        )
        for name, vocabulary in services.FILTERS.items()
    ),
    Filter("tag", "tag", "Only roles with this tag."),
    Filter("salary", "flag", "1: only roles that show a salary."),
    Filter(
        "currency",
        "choice",
        "Only roles paying in this currency (no conversion between currencies).",
        services.CURRENCIES,
    ),
    Filter(
        "salary_min",
        "amount",
        "Only roles paying at least this much a year in `currency`: the salary's maximum (its "
        "minimum when it has none), per month ×12, per day ×220, per hour ×1,760. Roles "
        "without a salary are left out.",
        requires="currency",
    ),
)
SORTS = (
    (services.NEWEST, "newest first"),
    (services.CLOSING, "closing soonest first"),
    (
        services.SALARY,
        "highest yearly salary first (as stated: with `currency`, in that currency, else the "
        "number whatever its currency), roles without a salary last",
    ),
)


def role_filters(chosen: dict[str, Any]) -> services.RoleFilters:
    """The API's filters ({name: value}) as the list page's."""
    values = {name: value for name, value in chosen.items() if name in services.FILTERS}
    return services.RoleFilters(
        values,
        chosen.get("tag") or "",
        bool(chosen.get("salary")),
        chosen.get("salary_min"),
        chosen.get("currency") or "",
    )


def browse(chosen: dict[str, Any]) -> Select:
    """The open roles matching the API's filters."""
    return services.browse(role_filters(chosen))


def admits(role: RolePosting, chosen: dict[str, Any]) -> bool:
    """Whether an open role passes the API's filters, as `browse` would say."""
    return services.admits(role, role_filters(chosen))


def represent(roles: Sequence[RolePosting]) -> list[dict[str, Any]]:
    """Published roles; how to apply is on each one's page (`url`) or at `apply_url`."""
    return [_role(role) for role in roles]


def _role(item: RolePosting) -> dict[str, Any]:
    salary = None
    if item.salary_min is not None or item.salary_max is not None:
        salary = {"min": item.salary_min, "max": item.salary_max,
                  "currency": item.salary_currency, "period": item.salary_period}  # fmt: skip
    return {
        **common(item),
        "title": item.title,
        "company": item.company,
        "company_url": item.company_url or None,
        "location": item.location or None,
        "country": item.country or None,
        "workplace": item.workplace,
        "remote_region": item.remote_text or None,
        "remote_from": item.remote_codes,
        "seniority": item.seniority,
        "function": item.function,
        "employment_type": item.employment_type,
        "salary": salary,
        "description": text(item.description),
        "apply_url": item.apply_url or None,
        "tags": split_list(item.tags),
        "closes_at": stamp(item.expires_at),
    }


SALARY = obj({"min": nullable("integer"), "max": nullable("integer"),
              "currency": STRING, "period": STRING})  # fmt: skip


def properties() -> dict[str, Any]:
    """The OpenAPI properties of a role (beyond those every item has)."""
    return {
        "title": STRING,
        "company": STRING,
        "company_url": nullable("string"),
        "location": nullable("string"),
        "country": nullable("string", description="ISO 3166-1 alpha-2"),
        "workplace": enum(choices.WORKPLACES),
        "remote_region": nullable(
            "string", description="Where a remote role can be done from, in words."
        ),
        "remote_from": {
            "type": "array",
            "items": enum(regions.PLACES),
            "description": "Where a remote role can be done from: region codes (lower case: "
            + ", ".join(code for code, _label, _countries in regions.REGIONS)
            + ") and ISO 3166-1 alpha-2 country codes.",
        },
        "seniority": enum(choices.SENIORITIES),
        "function": enum(choices.FUNCTIONS),
        "employment_type": enum(choices.EMPLOYMENT_TYPES),
        "salary": {"oneOf": [ref("Salary"), {"type": "null"}]},
        "description": TEXT,
        "apply_url": nullable("string"),
        "tags": TAGS,
        "closes_at": nullable("string", format="date-time"),
    }


API = Api(
    summary="Open roles, newest first (or as `sort` says)",
    schema_name="Role",
    id_name="role_id",
    properties=properties,
    represent=represent,
    browse=browse,
    admits=admits,
    filters=FILTERS,
    sorts=SORTS,
    sort=services.sorted_by,
    schemas={"Salary": SALARY},
)
