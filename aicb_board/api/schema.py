"""Building blocks of the OpenAPI document, for the API and for each kind's own schema."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

REF = "#/components/schemas/"
STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
MOMENT = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
TAGS = {"type": "array", "items": STRING}


def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """An object schema that forbids properties it does not describe."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def nullable(kind: str, **more) -> dict[str, Any]:
    """A value of type `kind`, or null."""
    return {"type": [kind, "null"], **more}


def ref(name: str) -> dict[str, str]:
    """A reference to a schema of the document's components."""
    return {"$ref": REF + name}


def enum(vocabulary: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """One of the stored values of a vocabulary of (value, label) pairs."""
    return {"type": "string", "enum": [value for value, _label in vocabulary]}


TEXT = ref("Text")  # a long text, both as Markdown and as sanitised HTML
