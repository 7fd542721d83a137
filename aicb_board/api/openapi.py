"""The OpenAPI 3.1 document of the API, built from the same vocabularies the API checks.

Every object schema forbids additional properties, so a response that grows a field the
document does not describe (a private one, say) fails the tests that validate responses.
"""

from __future__ import annotations

from typing import Any

from ..mentors import services as mentors
from ..roles import choices as role_choices
from ..roles import services as roles
from .params import MAX_LIMIT, TAG, TAG_LENGTH

REF = "#/components/schemas/"
JSON = "application/json"
PROBLEM = "application/problem+json"


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _nullable(kind: str, **more) -> dict[str, Any]:
    return {"type": [kind, "null"], **more}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
MOMENT = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
TAGS = {"type": "array", "items": STRING}


def _enum(vocabulary) -> dict[str, Any]:
    return {"type": "string", "enum": [value for value, _label in vocabulary]}


def _schemas() -> dict[str, Any]:
    common = {"id": INTEGER, "url": URL, "published_at": MOMENT, "updated_at": MOMENT}
    functions = _enum(role_choices.FUNCTIONS)
    return {
        "Text": _obj(
            {
                "markdown": {"type": "string", "description": "As the author wrote it."},
                "html": {"type": "string", "description": "Sanitised HTML, as the site shows it."},
            }
        ),
        "Salary": _obj(
            {
                "min": _nullable("integer"),
                "max": _nullable("integer"),
                "currency": STRING,
                "period": STRING,
            }
        ),
        "Role": _obj(
            {
                **common,
                "title": STRING,
                "company": STRING,
                "company_url": _nullable("string"),
                "location": _nullable("string"),
                "country": _nullable("string", description="ISO 3166-1 alpha-2"),
                "workplace": _enum(role_choices.WORKPLACES),
                "remote_region": _nullable("string"),
                "seniority": _enum(role_choices.SENIORITIES),
                "function": functions,
                "employment_type": _enum(role_choices.EMPLOYMENT_TYPES),
                "salary": {"oneOf": [_ref("Salary"), {"type": "null"}]},
                "description": _ref("Text"),
                "apply_url": _nullable("string"),
                "tags": TAGS,
                "closes_at": _nullable("string", format="date-time"),
            }
        ),
        "Mentor": _obj(
            {
                **common,
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
                "timezone": _nullable("string"),
                "bio": _ref("Text"),
                "topics": _ref("Text"),
                "accepting_mentees": BOOLEAN,
                "open_spots": {"type": "integer", "minimum": 0},
            }
        ),
        "Story": _obj(
            {
                **common,
                "slug": STRING,
                "title": STRING,
                "summary": STRING,
                "author": STRING,
                "from_role": STRING,
                "to_role": STRING,
                "from_function": functions,
                "to_function": functions,
                "industry": _nullable("string"),
                "months_taken": _nullable("integer"),
                "body": _ref("Text"),
                "tags": TAGS,
            }
        ),
        "SearchHit": _obj(
            {
                "kind": {"type": "string", "enum": ["role", "mentor", "story"]},
                "id": INTEGER,
                "url": URL,
                "title": STRING,
                "title_html": {"type": "string", "description": "Escaped, matches in <mark>."},
                "snippet_html": {"type": "string", "description": "Escaped, matches in <mark>."},
            }
        ),
        **{
            f"{name}List": _obj(
                {
                    "items": {"type": "array", "items": _ref(name)},
                    "next": _nullable("string", format="uri", description="The next page."),
                }
            )
            for name in ("Role", "Mentor", "Story")
        },
        "SearchResults": _obj(
            {
                "items": {"type": "array", "items": _ref("SearchHit")},
                "total": {"type": "integer", "minimum": 0},
                "counts": {
                    "type": "object",
                    "properties": {kind: INTEGER for kind in ("role", "mentor", "story")},
                    "additionalProperties": False,
                },
                "suggestion": _nullable("string", description="A corrected query."),
                "next": _nullable("string", format="uri"),
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
    return {"description": description, "content": {PROBLEM: {"schema": _ref("Problem")}}}


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
            "content": {JSON: {"schema": _ref(schema)}},
        },
        **ERRORS,
    }
    if one:
        responses["404"] = _problem("Nothing published has this id.")
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def document(site: str) -> dict[str, Any]:
    """The whole description, with `site` as the server."""
    role_filters = [
        _param(name, _enum(vocabulary), f"Only roles with this {name.replace('_', ' ')}.")
        for name, vocabulary in roles.FILTERS.items()
    ] + [
        _param("tag", TAG_PARAM, "Only roles with this tag."),
        _param("salary", FLAG, "1: only roles that show a salary."),
    ]
    mentor_filters = [
        _param(name, _enum(vocabulary), f"Only mentors with this {name.replace('_', ' ')}.")
        for name, vocabulary in mentors.CHOICE_FILTERS.items()
    ] + [
        _param(name, TAG_PARAM, f"Only mentors listing this {name}.")
        for name in mentors.LIST_FILTERS
    ] + [_param("accepting", FLAG, "1: only mentors taking mentees now.")]  # fmt: skip
    story_filters = [
        _param(name, _enum(role_choices.FUNCTIONS), f"Only stories with this {name}.")
        for name in ("from_function", "to_function")
    ] + [_param("tag", TAG_PARAM, "Only stories with this tag.")]
    search = _operation(
        "Search roles, mentors and stories", "SearchResults",
        [
            _param("q", {"type": "string", "minLength": 1, "maxLength": 200},
                   "Words; \"a phrase\"; a prefix such as strat*. At most 10 words and 3 "
                   "prefixes, each with 2 letters or more before the * (none inside quotes): "
                   "anything costlier is a 400 that says why.", required=True),
            _param("kind", {"type": "string", "enum": ["role", "mentor", "story"]},
                   "Only this kind."),
            PAGING[0], PAGING[1],
        ],
    )  # fmt: skip
    search["get"]["responses"]["503"] = _problem("Search is being repaired; retry later.")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AICB Board API",
            "version": "1.0.0",
            "description": "Published AI leadership roles, mentors and sideways-move stories, "
            "read-only. Only published items appear; emails and mentor contacts never do.",
        },
        "servers": [{"url": site.rstrip("/")}],
        "paths": {
            "/api/v1/roles": _operation(
                "Open roles, newest first", "RoleList", [*role_filters, *PAGING]
            ),
            "/api/v1/roles/{role_id}": _operation("One role", "Role", [_id("role_id")], one=True),
            "/api/v1/mentors": _operation(
                "Mentors, newest first", "MentorList", [*mentor_filters, *PAGING]
            ),
            "/api/v1/mentors/{profile_id}": _operation(
                "One mentor", "Mentor", [_id("profile_id")], one=True
            ),
            "/api/v1/stories": _operation(
                "Stories, newest first", "StoryList", [*story_filters, *PAGING]
            ),
            "/api/v1/stories/{story_id}": _operation(
                "One story", "Story", [_id("story_id")], one=True
            ),
            "/api/v1/search": search,
        },  # fmt: skip
        "components": {"schemas": _schemas()},
    }
