"""Demo mentors and requests for `seed demo`, and a bulk load for `seed bench --mentors N`."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from ..auth import services as accounts
from ..auth.models import Role, User
from ..database import utcnow
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.states import Status
from . import moves, requests
from .models import AVAILABILITY_FIELDS, MentorProfile, MentorshipRequest
from .samples import NAMES, sample_profile

BULK_CHUNK = 2_000


def _demo_email(name: str) -> str:
    return name.split()[0].lower().replace("í", "i") + ".mentor@aicb-board.example"


def seed_demo_mentors(*, password: str, moderator: User, mentees: list[User]) -> int:
    """About 15 published mentor profiles, and requests in every state; none when they exist."""
    if db.session.scalar(select(func.count()).select_from(MentorProfile)):
        return 0
    rng = random.Random(15)  # noqa: S311 (sample data)  # nosec B311
    profiles = []
    for name in NAMES:
        mentor = accounts.find_user(_demo_email(name)) or accounts.register(
            email=_demo_email(name),
            display_name=name,
            password=password,
            role=Role.MEMBER,
            verified=True,
        )
        sample = sample_profile(rng, name)
        availability = {field: sample[field] for field in AVAILABILITY_FIELDS}
        profile = MentorProfile(author_id=mentor.id, status=Status.DRAFT.value, **availability)
        profile.apply(sample)
        profile.accepting = True
        db.session.add(profile)
        db.session.flush()
        moderation.record_creation(profile, mentor)
        moderation.transition(profile, "submit", actor=mentor)
        moderation.transition(profile, "approve", actor=moderator, seen_version=profile.version)
        profiles.append((mentor, profile))
    _seed_requests(profiles, mentees)
    return len(profiles)


def _seed_requests(profiles: list[tuple[User, MentorProfile]], mentees: list[User]) -> None:
    """One story per state: accepted, pending, completed, declined, cancelled, expired, ended."""
    priya, daniel, lucia = mentees[:3]
    (m1, p1), (m2, p2), (m3, p3), (m4, p4), (m5, p5) = profiles[:5]

    def ask(mentee: User, profile: MentorProfile, goals: str) -> MentorshipRequest:
        return requests.send_request(
            mentee=mentee, profile=profile, goals=goals, context="", format="video"
        )

    accepted = ask(priya, p1, "Move from VP Product in fintech into a Head of AI role.")
    requests.act(accepted, "accept", actor=m1)
    ask(priya, p2, "Understand how to talk about models with engineering teams.")
    done = ask(daniel, p1, "Prepare for AI strategy interviews at scale-ups.")
    requests.act(done, "accept", actor=m1)
    requests.act(done, "complete", actor=daniel, note="Landed the role. Thank you!")
    requests.leave_feedback(done, actor=daniel, rating=5, note="Practical and generous.")
    declined = ask(daniel, p3, "Learn how to hire a first ML team.")
    requests.act(
        declined, "decline", actor=m3, note="Try someone from engineering.", reason="not-a-fit"
    )
    cancelled = ask(lucia, p2, "Plan an AI transformation roadmap for operations.")
    requests.act(cancelled, "cancel", actor=lucia)
    expired = ask(lucia, p4, "Find a first AI project in a logistics company.")
    expired.created_at = utcnow() - timedelta(days=15)
    requests.act(expired, "expire", actor=None, note="No answer within 14 days.")
    ended = ask(lucia, p5, "Review my AI leadership CV.")
    requests.act(ended, "accept", actor=m5)
    requests.act(ended, "end", actor=m5, note="We agreed to pause for now.")
    ask(daniel, p5, "Talk through a Chief AI Officer offer.")


DEMO_MOVE = {
    "from_function": "product",
    "from_role": "VP Product",
    "to_function": "product",
    "industries": "fintech",
    "languages": "en,hi",
    "timezone": "Europe/London",
    "topics": "ai-strategy,hiring",
}


def seed_demo_move(member: User) -> bool:
    """A demo member's own move, so /mentors/ shows suggestions to them; kept if they have one."""
    if moves.move_of(member) is not None:
        return False
    moves.save_move(member, DEMO_MOVE)
    return True


def bulk_load_mentors(count: int, *, password_hash: str, seed: int = 11) -> int:
    """Insert `count` members with published profiles at once, for benchmarks."""
    rng = random.Random(seed)  # noqa: S311 (sample data)  # nosec B311
    batch = utcnow().strftime("%Y%m%d%H%M%S%f")
    now = utcnow()
    done = 0
    while done < count:
        size = min(BULK_CHUNK, count - done)
        users = [
            {"email": f"bench-mentor-{batch}-{done + n}@aicb-board.example",
             "display_name": f"{rng.choice(NAMES)} {done + n}", "password_hash": password_hash,
             "role": "member", "headline": "", "linkedin_url": "", "bio": "",
             "session_version": 1, "created_at": now, "password_changed_at": now,
             "email_verified_at": now,
             "last_login_at": now - timedelta(hours=rng.randrange(1, 24 * 60))}
            for n in range(size)
        ]  # fmt: skip
        new_ids = db.session.scalars(
            insert(User.__table__).returning(User.__table__.c.id, sort_by_parameter_order=True),
            users,
        ).all()
        profiles = []
        for user, user_id in zip(users, new_ids, strict=True):
            values = sample_profile(rng, user["display_name"])
            moment = now - timedelta(hours=rng.randrange(1, 24 * 90))
            values.update(
                author_id=user_id, status=Status.PUBLISHED.value, status_reason="",
                created_at=moment, updated_at=moment, submitted_at=moment, published_at=moment,
            )  # fmt: skip
            profiles.append(values)
        db.session.execute(insert(MentorProfile.__table__), profiles)
        done += size
    return done
