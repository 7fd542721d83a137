"""What the API says about stories: their filters, their schema and their representation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select

from ..api.representations import common, text
from ..api.schema import STRING, TAGS, TEXT, enum, nullable
from ..content import split_list
from ..kinds import Api, Filter
from ..vocabulary import FUNCTIONS
from . import services
from .models import Story

FILTERS = (
    *(
        Filter(name, "choice", f"Only stories with this {name}.", FUNCTIONS)
        for name in services.FUNCTION_FILTERS
    ),
    Filter("tag", "tag", "Only stories with this tag."),
)


def story_filters(chosen: dict[str, Any]) -> services.StoryFilters:
    """The API's filters ({name: value}) as the list page's."""
    values = {name: value for name, value in chosen.items() if name != "tag"}
    return services.StoryFilters(values, chosen.get("tag") or "")


def browse(chosen: dict[str, Any]) -> Select:
    """The published stories matching the API's filters."""
    return services.browse(story_filters(chosen))


def admits(story: Story, chosen: dict[str, Any]) -> bool:
    """Whether a published story passes the API's filters, as `browse` would say."""
    return services.admits(story, story_filters(chosen))


def represent(stories: Sequence[Story]) -> list[dict[str, Any]]:
    """Published sideways-move stories."""
    return [_story(story) for story in stories]


def _story(item: Story) -> dict[str, Any]:
    return {
        **common(item),
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


def properties() -> dict[str, Any]:
    """The OpenAPI properties of a story (beyond those every item has)."""
    functions = enum(FUNCTIONS)
    return {
        "slug": STRING,
        "title": STRING,
        "summary": STRING,
        "author": STRING,
        "from_role": STRING,
        "to_role": STRING,
        "from_function": functions,
        "to_function": functions,
        "industry": nullable("string"),
        "months_taken": nullable("integer"),
        "body": TEXT,
        "tags": TAGS,
    }


API = Api(
    summary="Stories, newest first",
    schema_name="Story",
    id_name="story_id",
    properties=properties,
    represent=represent,
    browse=browse,
    admits=admits,
    filters=FILTERS,
)
