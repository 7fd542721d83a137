"""Demo stories for `seed demo`, and a bulk load for `seed bench --stories N`."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from ..auth.models import User
from ..content import slugify
from ..database import utcnow
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.states import Status
from .models import Story
from .samples import DEMO_STORIES, demo_story, sample_story
from .services import create_story

BULK_CHUNK = 5_000


def seed_demo_stories(authors: list[User], moderator: User) -> int:
    """The demo stories, published through review; none when stories exist."""
    if db.session.scalar(select(func.count()).select_from(Story)):
        return 0
    for index in range(len(DEMO_STORIES)):
        author = authors[index % len(authors)]
        story = create_story(author=author, data=demo_story(index))
        moderation.transition(story, "submit", actor=author)
        moderation.transition(story, "approve", actor=moderator, seen_version=story.version)
        story.published_at = utcnow() - timedelta(days=3 * (len(DEMO_STORIES) - index))
    return len(DEMO_STORIES)


def bulk_load_stories(count: int, author: User, *, seed: int = 5) -> int:
    """Insert `count` published stories at once, for benchmarks."""
    rng = random.Random(seed)  # noqa: S311 (sample data)  # nosec B311
    batch = utcnow().strftime("%Y%m%d%H%M%S")
    now = utcnow()
    done = 0
    while done < count:
        rows = []
        for number in range(done, done + min(BULK_CHUNK, count - done)):
            values = sample_story(rng, number)
            moment = now - timedelta(minutes=rng.randrange(1, 60 * 24 * 365))
            values.update(
                slug=f"{slugify(values['title'], max_length=60)}-{batch}-{number}",
                author_id=author.id, status=Status.PUBLISHED.value, status_reason="",
                created_at=moment, updated_at=moment, submitted_at=moment, published_at=moment,
            )  # fmt: skip
            rows.append(values)
        db.session.execute(insert(Story.__table__), rows)
        done += len(rows)
    return done
