"""Test data made the way members make it: each kind's own form turns the fields into
model values, its create service saves the draft, the moderation service submits and
approves it. Each factory commits and returns the item's id.

Fields are given as a member types them into the form (`salary_min="90000"`,
`tags="a, b"`); the defaults are what the form tests post (`role_form`, `story_form`,
`profile_form`), so a factory's item is the one the HTTP journey would make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from aicb_board.auth.models import User
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mentors.forms import ProfileForm
from aicb_board.mentors.services import create_profile
from aicb_board.moderation import services as moderation
from aicb_board.moderation.models import Moderated
from aicb_board.roles.forms import RoleForm
from aicb_board.roles.services import create_role
from aicb_board.stories.forms import StoryForm
from aicb_board.stories.services import create_story
from aicb_board.web import site_request_context


def role_form(**overrides) -> dict:
    """What a member types to post a good role."""
    data = {
        "title": "Head of AI Product",
        "company": "Northwind Analytics",
        "company_url": "https://northwind.example",
        "workplace": "hybrid",
        "location": "Berlin",
        "country": "DE",
        "remote_region": "",
        "seniority": "head-of",
        "function": "product",
        "employment_type": "full-time",
        "salary_min": "180000",
        "salary_max": "220000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "description": "Lead the **AI product** portfolio: LLM features, evaluation, and a team "
        "of six PMs. You have led product at Director level or above.",
        "apply_url": "https://northwind.example/jobs/42",
        "apply_email": "",
        "tags": "Gen AI, LLM products",
        "expires_at": (utcnow() + timedelta(days=30)).date().isoformat(),
        "preview": "Save and preview",
    }
    data.update(overrides)
    return data


BODY = (
    "## Where I started\n\nI ran B2B marketing for twelve years and explained our AI features "
    "to customers better than anyone.\n\n## The turn\n\n- I took on our first LLM launch\n"
    "- I learned evaluation from the engineers\n\n> Find one AI project inside your company.\n\n"
    "More at [my site](https://example.com/story)."
)


def story_form(**overrides) -> dict:
    """What a member types to tell their story."""
    data = {
        "title": "From marketing director to Head of AI Product",
        "summary": "Twelve years in marketing, then a sideways move into AI product.",
        "from_role": "Director of Marketing",
        "to_role": "Head of AI Product",
        "from_function": "go-to-market",
        "to_function": "product",
        "industry": "B2B SaaS",
        "months_taken": "18",
        "body": BODY,
        "tags": "career-change, AI Product",
        "preview": "Save and preview",
    }
    data.update(overrides)
    return data


def profile_form(**overrides) -> dict:
    """What an alumna types to offer mentorship."""
    data = {
        "headline": "I moved from marketing to AI product in 18 months.",
        "from_role": "Director of Marketing",
        "to_role": "Head of AI Product",
        "from_function": "go-to-market",
        "to_function": "product",
        "industries": "fintech, b2b saas",
        "expertise": "ai-strategy, llm products, positioning",
        "bio": "Twelve years in B2B marketing, then a sideways move into **AI product**. "
        "I help leaders tell their story.",
        "topics": "Positioning your experience\nFirst 90 days",
        "formats": ["video", "async"],
        "timezone": "Europe/Berlin",
        "languages": ["en", "de"],
        "capacity": "2",
        "accepting": "y",
        "paused_until": "",
        "contact": "https://cal.example/alumna",
        "linkedin_url": "https://www.linkedin.com/in/alumna",
    }
    data.update(overrides)
    return data


@dataclass(frozen=True)
class Recipe:
    """How one kind is made: its form, the form's defaults, and its create service."""

    form: type[FlaskForm]
    defaults: Callable[..., dict]
    create: Callable[..., Moderated]


ROLE = Recipe(RoleForm, role_form, create_role)
STORY = Recipe(StoryForm, story_form, create_story)
PROFILE = Recipe(ProfileForm, profile_form, create_profile)


def draft_role(app: Flask, author: User, **fields) -> int:
    """`author` saves a role as a draft (only they see it); its id."""
    return make(app, ROLE, author, fields)


def published_role(app: Flask, author: User, moderator: User, **fields) -> int:
    """`author` posts a role and `moderator` approves it: it is on /roles/; its id."""
    return make(app, ROLE, author, fields, approved_by=moderator)


def draft_story(app: Flask, author: User, **fields) -> int:
    """`author` saves a story as a draft; its id."""
    return make(app, STORY, author, fields)


def published_story(app: Flask, author: User, moderator: User, **fields) -> int:
    """`author` writes a story and `moderator` approves it: it is at /stories/<slug>; its id."""
    return make(app, STORY, author, fields, approved_by=moderator)


def draft_profile(app: Flask, author: User, **fields) -> int:
    """`author` saves their mentor profile as a draft; its id."""
    return make(app, PROFILE, author, fields)


def published_profile(app: Flask, author: User, moderator: User, **fields) -> int:
    """`author` offers mentorship and `moderator` approves it: they are a mentor; its id."""
    return make(app, PROFILE, author, fields, approved_by=moderator)


def make(
    app: Flask, recipe: Recipe, author: User, fields: dict, *, approved_by: User | None = None
) -> int:
    """Create a `recipe` item from form `fields`; submitted and approved when `approved_by`."""
    with writing(app):
        writer = db.session.get(User, author.id)
        item = recipe.create(author=writer, data=filled(recipe, fields).item_data())
        if approved_by is not None:
            moderator = db.session.get(User, approved_by.id)
            moderation.transition(item, "submit", actor=writer)
            moderation.transition(item, "approve", actor=moderator, seen_version=item.version)
        return item.id


def filled(recipe: Recipe, fields: dict) -> FlaskForm:
    """The kind's form, filled in with its defaults and `fields`, and valid."""
    form = recipe.form(formdata=MultiDict(recipe.defaults(**fields)), meta={"csrf": False})
    assert form.validate(), form.errors
    return form


@contextmanager
def writing(app: Flask) -> Iterator[None]:
    """What a request that writes has: the app, a request on BASE_URL (the mail's links),
    and one commit at the end, which applies the search queue and nudges the mail."""
    with app.app_context(), site_request_context():
        yield
        db.session.commit()
