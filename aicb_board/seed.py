"""`flask seed demo`: sample accounts (and, as features land, content) for a demo board."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .auth import services as accounts
from .auth.models import Role, User
from .extensions import db
from .mentors.models import MentorProfile
from .mentors.seed import bulk_load_mentors, seed_demo_mentors, seed_demo_move
from .roles.seed import bulk_load_roles, seed_demo_roles
from .stories.seed import bulk_load_stories, seed_demo_stories
from .web import site_request_context

BENCH_AUTHOR = "bench@aicb-board.example"

# The documented demo sign-in (README); demo data is for development boards only.
DEMO_PASSWORD = "sideways-into-ai-demo"  # noqa: S105  # nosec B105
DEMO_ADMIN = "admin@aicb-board.example"

DEMO_PEOPLE = [
    (DEMO_ADMIN, "Avery Admin", Role.ADMIN, "Community lead, AI Career Boost", ""),
    (
        "mo@aicb-board.example",
        "Morgan Okafor",
        Role.MODERATOR,
        "Head of AI Product, formerly Director of Marketing",
        "Spent twelve years in B2B marketing before moving into AI product leadership.",
    ),
    (
        "priya@aicb-board.example",
        "Priya Raman",
        Role.MEMBER,
        "VP Product, exploring AI leadership roles",
        "Product leader in fintech, building a path into applied AI.",
    ),
    (
        "daniel@aicb-board.example",
        "Daniel Weiss",
        Role.MEMBER,
        "Principal PM, now AI Strategy Lead",
        "Moved from management consulting into AI strategy at a scale-up.",
    ),
    (
        "lucia@aicb-board.example",
        "Lucía Fernández",
        Role.MEMBER,
        "Director of Operations looking at AI transformation",
        "",
    ),
]


def seed_people() -> list[User]:
    """The demo accounts, created when missing; existing ones are left as they are."""
    people = []
    for email, name, role, headline, bio in DEMO_PEOPLE:
        user = accounts.find_user(email)
        if user is None:
            user = accounts.register(
                email=email, display_name=name, password=DEMO_PASSWORD, role=role, verified=True
            )
            user.headline, user.bio = headline, bio
        people.append(user)
    return people


def mentor_accounts() -> list[User]:
    """Members with a mentor profile: demo stories are theirs, so stories link to mentors."""
    query = select(User).join(MentorProfile, MentorProfile.author_id == User.id)
    return list(db.session.scalars(query.order_by(User.id)))


@click.group("seed", help="Load sample data.")
def seed_cli() -> None:
    """`flask seed …`."""


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the board has no accounts yet.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Create the demo accounts and content; running it again changes nothing."""
    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The board already has accounts: demo data left as it is.")
        return
    people = seed_people()
    with site_request_context():
        members = [person for person in people if person.role == Role.MEMBER]
        moderator = next(person for person in people if person.role == Role.MODERATOR)
        roles = seed_demo_roles(members, moderator)
        mentors = seed_demo_mentors(password=DEMO_PASSWORD, moderator=moderator, mentees=members)
        mentor_users = [
            u for u in db.session.scalars(select(User).where(User.email.like("%.mentor@%")))
        ]
        stories = seed_demo_stories(mentor_users or members, moderator)
        seed_demo_move(members[0])  # Priya: her move, so the directory suggests mentors
        db.session.commit()
    click.echo(
        f"Demo data is ready ({roles} new roles, {mentors} new mentors, {stories} new stories). "
        "Sign in at /auth/login as any of:"
    )
    for email, name, role, _headline, _bio in DEMO_PEOPLE:
        click.echo(f"  {email:<28} {role.value:<10} ({name})")
    click.echo("  …and the mentors, e.g. amara.mentor@aicb-board.example")
    click.echo(f"Password for every demo account: {DEMO_PASSWORD}")


@seed_cli.command("bench")
@click.option("--roles", "role_count", type=click.IntRange(min=0), default=0, help="Roles to add.")
@click.option(
    "--mentors", "mentor_count", type=click.IntRange(min=0), default=0, help="Mentors to add."
)
@click.option(
    "--stories", "story_count", type=click.IntRange(min=0), default=0, help="Stories to add."
)
@with_appcontext
def bench_command(role_count: int, mentor_count: int, story_count: int) -> None:
    """Bulk-load realistic published content for benchmarks and load tests."""
    author = accounts.find_user(BENCH_AUTHOR) or accounts.register(
        email=BENCH_AUTHOR, display_name="Benchmark Poster", password=DEMO_PASSWORD, verified=True
    )
    started = time.perf_counter()
    roles = bulk_load_roles(role_count, author)
    mentors = bulk_load_mentors(mentor_count, password_hash=author.password_hash)
    stories = bulk_load_stories(story_count, author)
    db.session.commit()
    click.echo(
        f"Added {roles} published roles, {mentors} mentor profiles and {stories} stories "
        f"in {time.perf_counter() - started:.1f} s."
    )
