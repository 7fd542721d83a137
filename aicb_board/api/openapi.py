"""The OpenAPI 3.1 document of the API, built from the same vocabularies the API checks.

Every object schema forbids additional properties, so a response that grows a field the
document does not describe (a private one, say) fails the tests that validate responses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..kinds import KINDS, Filter, Kind
from ..numbers import MAX_AMOUNT
from ..problems import PROBLEM_TYPE
from .params import MAX_LIMIT, TAG, TAG_LENGTH
from .schema import INTEGER, MOMENT, STRING, URL, enum, nullable, obj, ref

JSON = "application/json"
COMMON = {"id": INTEGER, "url": URL, "published_at": MOMENT, "updated_at": MOMENT}


def _listed_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.api is not None]


def _searched_names() -> list[str]:
    """The kinds search finds (a kind without a search document never is a hit)."""
    return [kind.name for kind in KINDS.values() if kind.search_document is not None]


def _schemas() -> dict[str, Any]:
    kinds = _listed_kinds()
    names = _searched_names()
    return {
        "Text": obj(
            {
                "markdown": {"type": "string", "description": "As the author wrote it."},
                "html": {"type": "string", "description": "Sanitised HTML, as the site shows it."},
            }
        ),
        **{kind.api.schema_name: obj({**COMMON, **kind.api.properties()}) for kind in kinds},
        **{name: schema for kind in kinds for name, schema in kind.api.schemas.items()},
        "SearchHit": obj(
            {
                "kind": {"type": "string", "enum": names},
                "id": INTEGER,
                "url": URL,
                "title": STRING,
                "title_html": {"type": "string", "description": "Escaped, matches in <mark>."},
                "snippet_html": {"type": "string", "description": "Escaped, matches in <mark>."},
            }
        ),
        **{
            f"{name}List": obj(
                {
                    "items": {"type": "array", "items": ref(name)},
                    "next": nullable("string", format="uri", description="The next page."),
                }
            )
            for name in (kind.api.schema_name for kind in kinds)
        },
        "SearchResults": obj(
            {
                "items": {"type": "array", "items": ref("SearchHit")},
                "total": {"type": "integer", "minimum": 0},
                "counts": {
                    "type": "object",
                    "properties": {name: INTEGER for name in names},
                    "additionalProperties": False,
                },
                "capped": {
                    "type": "array",
                    "items": {"type": "string", "enum": names},
                    "description": "Kinds with more matches than their count: counting "
                    "stopped there (at 1,000 on the PostgreSQL backend), and `total` is then "
                    "at least what it says.",
                },
                "suggestion": nullable("string", description="A corrected query."),
                "next": nullable("string", format="uri"),
            }
        ),
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details.",
            "properties": {
                "type": STRING,
                "title": STRING,
                "status": INTEGER,
                "detail": STRING,
                "instance": STRING,
                "request_id": {
                    "type": "string",
                    "description": "The request's id, as in the X-Request-ID header and the logs.",
                },
                "parameter": {"type": "string", "description": "The parameter at fault."},
            },
            "required": ["type", "title", "status", "detail"],
            "additionalProperties": False,
        },
    }


def _param(name: str, schema: dict[str, Any], description: str, required: bool = False):
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "description": description}  # fmt: skip


TAG_PARAM = {"type": "string", "maxLength": TAG_LENGTH, "pattern": "^" + TAG.pattern + "$"}
FLAG = {"type": "string", "enum": ["0", "1", "true", "false"]}
PAGING = [
    _param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20},
           "Items per page."),
    _param("cursor", {"type": "string"}, "Where the page starts: from a `next` link."),
    _param("updated_since", {"type": "string", "format": "date-time"},
           "Only items changed since then, oldest change first (for incremental sync)."),
]  # fmt: skip


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_TYPE: {"schema": ref("Problem")}}}


CACHING_HEADERS = {
    "ETag": {"schema": STRING, "description": "Send it back in If-None-Match."},
    "Last-Modified": {"schema": STRING, "description": "Send it back in If-Modified-Since."},
}
ERRORS = {
    "304": {"description": "Not modified: the copy you have (ETag, Last-Modified) is current."},
    "400": _problem("A parameter cannot be used; `parameter` names it."),
    "429": _problem("Too many requests from this address; retry later."),
}


def _operation(summary: str, schema: str, parameters: list, *, one: bool = False) -> dict:
    responses = {
        "200": {
            "description": "OK",
            "headers": CACHING_HEADERS,
            "content": {JSON: {"schema": ref(schema)}},
        },
        **ERRORS,
    }
    if one:
        responses["404"] = _problem("Nothing published has this id.")
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


AMOUNT = {"type": "integer", "minimum": 0, "maximum": MAX_AMOUNT}


def _filter_param(spec: Filter) -> dict[str, Any]:
    if spec.type == "choice":
        schema = enum(spec.vocabulary)
    else:
        schema = {"tag": TAG_PARAM, "amount": AMOUNT}.get(spec.type, FLAG)
    needs = f" Needs `{spec.requires}`." if spec.requires else ""
    return _param(spec.name, schema, spec.description + needs)


def _sort_param(sorts: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """The `sort` parameter of a kind that has orders besides newest first."""
    if not sorts:
        return []
    orders = "; ".join(f"`{name}`: {description}" for name, description in sorts)
    return [
        _param(
            "sort",
            {**enum(sorts), "default": sorts[0][0]},
            f"The order: {orders}. Any but the first is paged by position (an item added or "
            "removed meanwhile may shift the next page by one), and not with `updated_since`.",
        )
    ]


def _paths_of(kind: Kind) -> dict[str, Any]:
    """The list and item paths of one kind."""
    api = kind.api
    filters = [_filter_param(spec) for spec in api.filters]
    return {
        f"/api/v1/{kind.plural}": _operation(
            api.summary, f"{api.schema_name}List", [*filters, *_sort_param(api.sorts), *PAGING]
        ),
        f"/api/v1/{kind.plural}/{{{api.id_name}}}": _operation(
            f"One {kind.label.lower()}", api.schema_name, [_id(api.id_name)], one=True
        ),
    }


def document(site: str) -> dict[str, Any]:
    """The whole description, with `site` as the server."""
    kinds = _listed_kinds()
    what = ", ".join(kind.plural for kind in kinds)
    search = _operation(
        f"Search {what}", "SearchResults",
        [
            _param("q", {"type": "string", "minLength": 1, "maxLength": 200},
                   "Words; \"a phrase\"; a prefix such as strat*. At most 10 words and 3 "
                   "prefixes, each with 2 letters or more before the * (none inside quotes): "
                   "anything costlier is a 400 that says why.", required=True),
            _param("kind", {"type": "string", "enum": _searched_names()},
                   "Only this kind."),
            PAGING[0], PAGING[1],
        ],
    )  # fmt: skip
    search["get"]["responses"]["503"] = _problem("Search is being repaired; retry later.")
    paths = {path: item for kind in kinds for path, item in _paths_of(kind).items()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AICB Board API",
            "version": "1.0.0",
            "description": f"The board's published {what}, read-only. Only published items "
            "appear; emails and mentor contacts never do.",
        },
        "servers": [{"url": site.rstrip("/")}],
        "paths": {**paths, "/api/v1/search": search},
        "components": {"schemas": _schemas()},
    }
