"""Demo roles for `seed demo`, and a fast bulk load for `seed bench --roles N`."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.states import Status
from .models import RolePosting
from .samples import sample_role

DEMO_PUBLISHED, DEMO_PENDING = 34, 4
BULK_CHUNK = 5_000


def seed_demo_roles(authors: list[User], moderator: User) -> int:
    """About 40 roles through the real moderation steps; none when demo roles exist."""
    author_ids = [author.id for author in authors]
    existing = db.session.scalar(
        select(func.count()).select_from(RolePosting).where(RolePosting.author_id.in_(author_ids))
    )
    if existing:
        return 0
    rng = random.Random(2026)  # noqa: S311 (sample data)  # nosec B311
    total = DEMO_PUBLISHED + DEMO_PENDING + 1
    for n in range(total):
        author = authors[n % len(authors)]
        # Written weeks ago, so the demo members can still post today (the daily cap counts
        # the roles a member created in the last day).
        created = utcnow() - timedelta(days=31 + n % 7)
        role = RolePosting(author_id=author.id, status=Status.DRAFT.value, created_at=created)
        role.apply(sample_role(rng, days_open=rng.randrange(10, 60)))
        db.session.add(role)
        db.session.flush()
        moderation.record_creation(role, author)
        moderation.transition(role, "submit", actor=author)
        if n < DEMO_PUBLISHED:
            moderation.transition(role, "approve", actor=moderator, seen_version=role.version)
            role.published_at = utcnow() - timedelta(hours=rng.randrange(1, 24 * 30))
        elif n == total - 1:
            moderation.transition(
                role,
                "request_changes",
                actor=moderator,
                seen_version=role.version,
                reason="Please add a salary range and who the role reports to.",
            )
    return total


def bulk_load_roles(count: int, author: User, *, seed: int = 7) -> int:
    """Insert `count` published roles at once (Core inserts in chunks), for benchmarks."""
    rng = random.Random(seed)  # noqa: S311 (sample data)  # nosec B311
    now = utcnow()
    table = RolePosting.__table__
    done = 0
    while done < count:
        rows = []
        for _ in range(min(BULK_CHUNK, count - done)):
            values = sample_role(rng, days_open=rng.randrange(5, 90))
            published = now - timedelta(minutes=rng.randrange(1, 60 * 24 * 40))
            values.update(
                author_id=author.id,
                status=Status.PUBLISHED.value,
                status_reason="",
                created_at=published,
                updated_at=published,
                submitted_at=published,
                published_at=published,
            )
            rows.append(values)
        db.session.execute(insert(table), rows)
        done += len(rows)
    return done
