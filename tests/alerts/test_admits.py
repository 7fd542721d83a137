"""Each kind's `admits` (a filter check in Python, for alerts) says exactly what its `browse`
(the list's query) says, for every public item of a varied board and many filter
combinations: the two can never drift apart."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.kinds import kind_named
from aicb_board.mentors.models import MentorProfile, MentorshipRequest
from aicb_board.mentors.request_states import RequestStatus
from aicb_board.roles import choices
from tests.factories import published_profile, published_story
from tests.roles.conftest import insert_role

TAGS = ["gen-ai", "llm-products", "fintech", "career-change", "ai-product"]
ROLE_SHAPES = [
    {"workplace": "remote", "country": "", "remote_from": "emea"},
    {"workplace": "remote", "country": "US", "remote_from": "north-america,GB"},
    {"workplace": "remote", "country": "", "remote_from": "worldwide"},
    {"workplace": "remote", "country": "DE", "remote_from": ""},
    {"workplace": "hybrid", "country": "DE", "remote_from": ""},
    {"workplace": "onsite", "country": "GB", "remote_from": "europe"},  # not remote: ignored
]
SALARIES = [
    {},
    {"salary_min": 150000, "salary_max": 210000, "salary_currency": "USD", "salary_period": "year"},
    {"salary_min": 18000, "salary_currency": "USD", "salary_period": "month"},
    {"salary_max": 900, "salary_currency": "EUR", "salary_period": "day"},
    {"salary_min": 120, "salary_max": 140, "salary_currency": "GBP", "salary_period": "hour"},
    {"salary_max": 250000, "salary_currency": "EUR", "salary_period": ""},
]


def add_roles(app, author_id: int, rng: random.Random) -> None:
    """Sixty roles of every shape, and a few that are not public (closed, expired)."""
    with app.app_context():
        for number in range(60):
            insert_role(
                author_id,
                title=f"Role {number}",
                seniority=rng.choice(choices.SENIORITIES)[0],
                function=rng.choice(choices.FUNCTIONS)[0],
                employment_type=rng.choice(choices.EMPLOYMENT_TYPES)[0],
                tags=",".join(rng.sample(TAGS, rng.randint(0, 3))),
                **ROLE_SHAPES[number % len(ROLE_SHAPES)],
                **SALARIES[number % len(SALARIES)],
            )
        insert_role(author_id, title="Expired", expires_at=utcnow() - timedelta(days=1))
        insert_role(author_id, title="Closed", status="archived")
        db.session.commit()


def combinations(kind, rng: random.Random, extra: list[dict]) -> list[dict]:
    """Each filter value alone, then random combinations of two or three filters."""

    def values(spec) -> list:
        if spec.type == "choice":
            return [value for value, _label in spec.vocabulary]
        if spec.type == "tag":
            return TAGS + ["ai-strategy", "en", "video", "fintech", "nothing-like-it"]
        if spec.type == "flag":
            return [True]
        return [0, 100000, 200000, 216000, 250000, 400000]

    singles = [{spec.name: value} for spec in kind.api.filters for value in values(spec)]
    combined = []
    for _ in range(150):
        specs = rng.sample(kind.api.filters, min(len(kind.api.filters), rng.randint(2, 3)))
        chosen = {spec.name: rng.choice(values(spec)) for spec in specs}
        for spec in specs:  # a filter that requires another gets it
            if spec.requires and spec.requires not in chosen:
                required = next(each for each in kind.api.filters if each.name == spec.requires)
                chosen[spec.requires] = rng.choice(values(required))
        combined.append(chosen)
    return singles + combined + extra


def assert_agree(app, kind_name: str, chosen_list: list[dict]) -> int:
    """For each combination, browse's items are exactly the public items admits lets in."""
    checked = 0
    with app.app_context():
        kind = kind_named(kind_name)
        public = list(db.session.scalars(kind.public_items()).unique())
        assert len(public) >= 3
        for chosen in chosen_list:
            browsed = set(db.session.scalars(
                kind.api.browse(chosen).with_only_columns(kind.model.id)))  # fmt: skip
            admitted = {item.id for item in public if kind.api.admits(item, chosen)}
            assert browsed == admitted, chosen
            checked += bool(browsed)
    return checked


def test_roles_admits_agrees_with_browse(app, make_user):
    rng = random.Random(17)  # noqa: S311 (test data)
    add_roles(app, make_user().id, rng)
    with app.app_context():
        kind = kind_named("role")
        extra = [
            {"country": "GB", "workplace": "remote"}, {"country": "FR"}, {"country": "US"},
            {"currency": "USD", "salary_min": 216000}, {"currency": "EUR", "salary_min": 198000},
            {"salary": True, "tag": "gen-ai"}, {"currency": "GBP"},
        ]  # fmt: skip
        chosen_list = combinations(kind, rng, extra)
    # Many combinations find roles, so the agreement is not only on empty answers.
    assert assert_agree(app, "role", chosen_list) > 100


def test_mentors_and_stories_admits_agrees_with_browse(app, members):
    moderator = members.moderator
    rng = random.Random(5)  # noqa: S311 (test data)
    mentors = [members.add(f"mentor{number}") for number in range(5)]
    shapes = [
        {},
        {"to_function": "strategy", "languages": ["en"], "formats": ["async"]},
        {"from_function": "operations", "expertise": "fintech, ai-strategy", "accepting": ""},
        {"capacity": "1", "industries": "healthcare"},
        {"paused_until": (utcnow() + timedelta(days=9)).date().isoformat()},
    ]
    ids = [published_profile(app, mentor, moderator, **shape) for mentor, shape in
           zip(mentors, shapes, strict=True)]  # fmt: skip
    with app.app_context():  # the mentor of capacity 1 is full
        full = db.session.get(MentorProfile, ids[3])
        db.session.add(MentorshipRequest(
            mentor_id=full.id, mentee_id=mentors[0].id, status=RequestStatus.ACCEPTED.value,
            goals="g", format="video", mentee_slot=1, seat=1))  # fmt: skip
        db.session.commit()
    writer = members.add("writer")
    for number, tags in enumerate(["career-change, fintech", "gen-ai", ""]):
        published_story(
            app, writer, moderator, title=f"A story number {number} about a move",
            tags=tags, from_function=rng.choice(["go-to-market", "operations", "product"]),
        )  # fmt: skip
    with app.app_context():
        mentor_combos = combinations(kind_named("mentor"), rng, [{"accepting": True}])
        story_combos = combinations(kind_named("story"), rng, [])
    assert assert_agree(app, "mentor", mentor_combos) > 10
    assert assert_agree(app, "story", story_combos) > 5
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(MentorshipRequest)) == 1
