"""Alert matching: newly published roles against thousands of saved searches.

Builds a temporary SQLite board (migrated), saves a realistic mix of searches — mostly role
lists filtered by function, seniority, workplace, country, salary and tag, some mentor and
story lists, and 1–3 word searches with or without a kind — publishes roles in bulk, queues
them as moderation would, and times `alerts.matching.match_pending`. Runs the full size and
half of it, to show the cost grows about linearly. Reported, never asserted (the target: the
full size under 60 s).

    python bench/alerts.py [--items 1000] [--searches 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from aicb_board import create_app  # noqa: E402
from aicb_board.alerts import matching  # noqa: E402
from aicb_board.alerts.models import AlertMatch, AlertQueue, SavedSearch  # noqa: E402
from aicb_board.auth.models import User  # noqa: E402
from aicb_board.config import Config  # noqa: E402
from aicb_board.database import utcnow  # noqa: E402
from aicb_board.extensions import db  # noqa: E402
from aicb_board.mentors.choices import FORMATS, LANGUAGES  # noqa: E402
from aicb_board.roles import choices  # noqa: E402
from aicb_board.roles.models import RolePosting  # noqa: E402
from aicb_board.roles.samples import TAGS, TITLES  # noqa: E402
from aicb_board.roles.seed import bulk_load_roles  # noqa: E402
from aicb_board.vocabulary import FUNCTIONS  # noqa: E402

PER_MEMBER = 20  # saved searches per member (the board allows 50)
COUNTRIES = ["US", "GB", "DE", "FR", "NL", "CA", "SG", "IN", "ES", "SE", "CH", "AU", "IE"]
TITLE_WORDS = {word.lower() for title, _s, _f in TITLES for word in title.split() if len(word) > 2}
WORDS = sorted(TITLE_WORDS | {"platform", "evaluation", "strategy", "fintech", "agents",
                              "governance", "llm", "transformation", "healthcare", "startup",
                              "enterprise", "remote"})  # fmt: skip


def role_list(rng: random.Random) -> dict:
    """A role list's filters: function or seniority, and one to three of workplace, country,
    salary, tag and employment type, as members filter."""
    pool = {
        "function": lambda: rng.choice(FUNCTIONS)[0],
        "seniority": lambda: rng.choice(choices.SENIORITIES)[0],
        "workplace": lambda: rng.choice(choices.WORKPLACES)[0],
        "country": lambda: rng.choice(COUNTRIES),
        "tag": lambda: rng.choice(TAGS),
        "salary": lambda: True,
        "employment_type": lambda: rng.choice(choices.EMPLOYMENT_TYPES)[0],
    }
    # A member looks for their function or their level, and narrows by one to three more.
    first = rng.choice(["function", "seniority"])
    others = rng.sample(sorted(set(pool) - {first}), rng.randint(1, 3))
    chosen = {name: pool[name]() for name in [first, *others]}
    if rng.random() < 0.25:
        chosen.update(currency=rng.choice(["USD", "EUR", "GBP"]),
                      salary_min=rng.randrange(100, 300, 10) * 1000)  # fmt: skip
    return chosen


def saved_search(rng: random.Random) -> tuple[str | None, str, dict]:
    """(kind, query, filters) of one saved search: 70 % role lists, 10 % mentor and story
    lists, 20 % searches of 1–3 words (half of them of roles)."""
    draw = rng.random()
    if draw < 0.70:
        return "role", "", role_list(rng)
    if draw < 0.75:
        return "mentor", "", {"to_function": rng.choice(FUNCTIONS)[0],
                              rng.choice(["language", "format"]): rng.choice(
                                  [LANGUAGES[0][0], LANGUAGES[3][0], FORMATS[0][0]])}  # fmt: skip
    if draw < 0.80:
        return "story", "", {"tag": rng.choice(["career-change", "ai-product", "gen-ai"])}
    query = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
    if rng.random() < 0.5:
        return "role", query, ({"function": rng.choice(FUNCTIONS)[0]} if rng.random() < 0.3
                               else {})  # fmt: skip
    return None, query, {}


def build(app, items: int, searches: int) -> None:
    """Members, their saved searches (made a day ago) and `items` roles, queued now."""
    rng = random.Random(11)  # noqa: S311 (sample data)  # nosec B311
    day_ago = utcnow() - timedelta(days=1)
    with app.app_context():
        members = -(-searches // PER_MEMBER)
        db.session.execute(insert(User), [
            {"email": f"member{n}@bench.example", "display_name": f"Member {n}",
             "password_hash": "x", "role": "member", "created_at": day_ago,
             "password_changed_at": day_ago, "email_verified_at": day_ago}
            for n in range(members + 1)
        ])  # fmt: skip
        ids = db.session.scalars(select(User.id).order_by(User.id)).all()
        author, people = db.session.get(User, ids[0]), ids[1:]
        rows = []
        for number in range(searches):
            kind, query, filters = saved_search(rng)
            rows.append({
                "user_id": people[number // PER_MEMBER], "name": f"Search {number}",
                "kind": kind, "query": query, "filters": json.dumps(filters, sort_keys=True),
                "frequency": "daily", "paused": False, "feed_token": f"token-{number}",
                "created_at": day_ago, "updated_at": day_ago,
            })  # fmt: skip
        db.session.execute(insert(SavedSearch), rows)
        bulk_load_roles(items, author)
        now = utcnow()
        db.session.execute(insert(AlertQueue), [
            {"kind": "role", "item_id": role_id, "queued_at": now}
            for role_id in db.session.scalars(select(RolePosting.id).order_by(RolePosting.id))
        ])  # fmt: skip
        db.session.commit()


def run(items: int, searches: int) -> tuple[float, int]:
    """Seconds `match_pending` takes for `items` queued roles and `searches` saved searches,
    and the matches recorded."""
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ, "APP_ENV": "development", "BASE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'alerts.sqlite3'}",
            "INSTANCE_PATH": folder, "SECRET_KEY": "bench-secret-key-not-for-production",
        }  # fmt: skip
        app = create_app(Config(env), instance_path=folder)
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        build(app, items, searches)
        with app.app_context():
            started = time.perf_counter()
            handled = matching.match_pending()
            seconds = time.perf_counter() - started
            assert handled == items, (handled, items)
            matched = db.session.scalar(select(func.count()).select_from(AlertMatch))
            db.session.remove()
            db.engine.dispose()
        return seconds, matched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=10000)
    options = parser.parse_args()
    sizes = [(options.items // 2, options.searches // 2), (options.items, options.searches)]
    print(f"{'items':>6} {'searches':>9} {'seconds':>8} {'matches':>8} {'per item':>9}")
    for items, searches in sizes:
        seconds, matched = run(items, searches)
        print(f"{items:>6} {searches:>9} {seconds:>8.2f} {matched:>8} "
              f"{1000 * seconds / items:>6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
