"""Load and faults: gunicorn with several workers under many concurrent visitors.

For a bounded time, visitors register (and follow the link mailed to confirm their
address, read from the outbox table), write and submit stories, ask mentors for
mentorship and search, while a moderator approves what arrives. Halfway through, one
worker is killed with SIGKILL; later (Whoosh only) the search index is deleted under the
running board. Afterwards every accepted write must be in the database, every published
item in the search index (after the queue is applied, and a reindex where the index was
deleted), and no answer may have been a 5xx or a "database is locked".

    python bench/load.py [--seconds 20] [--postgres URL]   # SQLite, then PostgreSQL

Prints requests/s and latency percentiles; exits 1 when anything was lost or failed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import itertools
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_PASSWORD = "sideways-into-ai-demo"  # noqa: S105 (the demo accounts' published password)
MODERATOR = "mo@aicb-board.example"
# WTForms writes `name … type … value`; hand-written forms (a review page's) `name … value`.
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
VERIFY_LINK = re.compile(r"https?://[^/\s]+(/auth/verify/\S+)")
WORDS = ["strategy", "product", "director", "ai", "marketing", "head", "platform", "data"]
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Tally:
    """What the visitors saw, shared by their threads."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    dropped: int = 0  # connections cut (the killed worker's requests)
    submitted: set[int] = field(default_factory=set)
    approved: set[int] = field(default_factory=set)
    asked: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1


class Visitor:
    """One browser: its own cookies, forms sent with their CSRF token."""

    def __init__(self, base: str, tally: Tally) -> None:
        self.base, self.tally = base, tally
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:  # noqa: S310
                status, text, location = response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
            location = error.headers.get("Location", "")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            with self.tally.lock:
                self.tally.dropped += 1
            return 0, "", ""
        self.tally.record(status, time.perf_counter() - started)
        return status, text, location

    def form(self, page: str, data: dict, action: str | None = None) -> tuple[int, str, str]:
        status, text, _ = self.request(page)
        token = CSRF.search(text)
        if status != 200 or token is None:
            return status, text, ""
        return self.request(action or page, {"csrf_token": token.group(1), **data})

    def action(self, path: str) -> tuple[int, str, str]:
        return self.form("/auth/login", {}, action=path)

    def decide(self, review: str, action: str) -> tuple[int, str, str]:
        """A moderator's decision, sent with the version their review page showed."""
        status, text, _ = self.request(review)
        token, version = CSRF.search(text), VERSION.search(text)
        if status != 200 or token is None or version is None:
            return status, text, ""
        return self.request(action, {"csrf_token": token.group(1), "version": version.group(1)})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def story_form(number: int) -> dict:
    return {
        "title": f"Load test move number {number} into AI product",
        "summary": "From running a regional sales team to leading an AI product line.",
        "from_role": "Regional Sales Director", "to_role": "Head of AI Product",
        "from_function": "go-to-market", "to_function": "product", "industry": "SaaS",
        "months_taken": "14", "tags": "career-change, ai-product",
        "body": "## Where I started\n\nTwelve years of enterprise sales, the last five leading a "
                "region.\n\n## The move\n\nI volunteered to sell our first AI pilot, learned how "
                "evaluation works from the engineers, and asked to own the roadmap of the next one."
                "\n\n> Start with one project you can own end to end.",
        "preview": "Save and preview",
    }  # fmt: skip


class Mailbox:
    """Reads the board's outbox table, as a member reads their mail."""

    def __init__(self, database_url: str) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(database_url)

    def verification_path(self, email: str) -> str:
        """The path of the newest confirmation link mailed to `email` ("" when none came)."""
        from sqlalchemy import text

        with self.engine.connect() as connection:
            body = connection.scalar(
                text("SELECT body FROM outbox_messages WHERE recipient = :to ORDER BY id DESC"),
                {"to": email},
            )
        found = VERIFY_LINK.search(body or "")
        return found.group(1) if found else ""


def writer(
    base: str, tally: Tally, stop: float, number: int, mentors: list[int], mailbox: Mailbox
) -> None:
    """Registers and confirms the address, writes and submits stories, asks a mentor, searches."""
    visitor = Visitor(base, tally)
    email = f"load-{os.getpid()}-{number}-{random.randrange(10**9)}@example.com"  # noqa: S311
    visitor.form("/auth/register", {"email": email, "display_name": f"Load {number}",
                                    "password": f"{DEMO_PASSWORD}-{number}",
                                    "confirm": f"{DEMO_PASSWORD}-{number}"})  # fmt: skip
    for _attempt in range(3):  # again if the killed worker cut the answer
        link = mailbox.verification_path(email)
        if not link or visitor.form(link, {})[0] == 302:  # open it, press "Confirm…"
            break
    if mentors:
        status, _text, _ = visitor.form(
            f"/mentors/{random.choice(mentors)}/request",  # noqa: S311
            {"goals": "Moving from sales leadership into AI product; want a sounding board.",
             "context": "Ten years of enterprise sales.", "format": "video"},
        )  # fmt: skip
        if status == 302:
            with tally.lock:
                tally.asked += 1
    for round_ in itertools.count():
        if time.monotonic() > stop:
            return
        status, _text, location = visitor.form("/stories/new", story_form(number * 1000 + round_))
        if status == 302 and location.startswith("/stories/"):
            story_id = int(location.split("/")[2])
            if visitor.action(f"/me/submissions/story/{story_id}/submit")[0] == 302:
                with tally.lock:
                    tally.submitted.add(story_id)
        visitor.request(f"/search?q={random.choice(WORDS)}")  # noqa: S311


def moderator(base: str, tally: Tally, stop: float) -> None:
    """Approves every story that waits, as it arrives."""
    visitor = Visitor(base, tally)
    visitor.form("/auth/login", {"email": MODERATOR, "password": DEMO_PASSWORD})
    while time.monotonic() < stop:
        _status, text, _ = visitor.request("/moderation/?category=new&kind=story")
        waiting = [int(found) for found in re.findall(r"/moderation/story/(\d+)", text)]
        for story_id in waiting[:10]:
            review = f"/moderation/story/{story_id}"
            if visitor.decide(review, f"{review}/approve")[0] == 302:
                with tally.lock:
                    tally.approved.add(story_id)
        time.sleep(0.2)


def reader(base: str, tally: Tally, stop: float) -> None:
    """Browses and searches."""
    visitor = Visitor(base, tally)
    pages = ["/", "/roles/", "/mentors/", "/stories/", "/api/v1/roles", "/api/v1/stories"]
    while time.monotonic() < stop:
        visitor.request(random.choice(pages))  # noqa: S311
        visitor.request(f"/search?q={random.choice(WORDS)}+{random.choice(WORDS)}")  # noqa: S311


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "flask", "--app", "aicb_board", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def workers_of(master: int) -> list[int]:
    """The worker processes gunicorn's master started (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry.name))
    return found


@contextmanager
def served(env: dict, log: Path):
    """gunicorn with 3 workers; yields (base URL, master process)."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [str(gunicorn), "-w", "3", "-b", f"127.0.0.1:{port}", "--timeout", "60", "wsgi:app"],
            env={**env, "BASE_URL": f"http://127.0.0.1:{port}"},
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        try:
            yield base, server
        finally:
            server.terminate()
            server.wait(timeout=20)


def run(label: str, env: dict, folder: Path, seconds: float, index_faults: bool) -> bool:
    """One load run; True when nothing was lost or failed."""
    flask(env, "db", "upgrade")
    flask(env, "seed", "demo")
    mentors = [int(m) for m in re.findall(r"/mentors/(\d+)", _get(env, "/mentors/"))][:5]
    tally = Tally()
    mailbox = Mailbox(env["DATABASE_URL"])
    log = folder / f"gunicorn-{label}.log"
    with served(env, log) as (base, server):
        started = time.monotonic()
        stop = started + seconds
        threads = [
            *(threading.Thread(target=writer, args=(base, tally, stop, n, mentors, mailbox))
              for n in range(6)),
            threading.Thread(target=moderator, args=(base, tally, stop)),
            *(threading.Thread(target=reader, args=(base, tally, stop)) for _ in range(3)),
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        time.sleep(seconds / 2)
        killed = workers_of(server.pid)[:1]
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        if index_faults:
            time.sleep(seconds / 4)
            shutil.rmtree(Path(env["INSTANCE_PATH"]) / "search-index", ignore_errors=True)
        for thread in threads:
            thread.join()
        mailbox.engine.dispose()
        took = time.monotonic() - started
        status, page, _ = Visitor(base, tally).request("/search?q=load")
        searched_after = (status, "may be missing" in page)
    return report(label, env, tally, took, log, killed, index_faults, searched_after)


def _get(env: dict, path: str) -> str:
    from aicb_board import create_app
    from aicb_board.config import Config

    app = create_app(Config(env), instance_path=env["INSTANCE_PATH"])
    return app.test_client().get(path).get_data(as_text=True)


def report(label, env, tally, took, log, killed, index_faults, searched_after) -> bool:
    from sqlalchemy import func, select

    from aicb_board import create_app
    from aicb_board.config import Config
    from aicb_board.extensions import db
    from aicb_board.moderation.models import ModerationEvent
    from aicb_board.search import queue
    from aicb_board.search.backends import backend
    from aicb_board.stories.models import Story

    total = sum(tally.statuses.values())
    ordered = sorted(tally.latencies)
    server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    log_text = log.read_text()
    locked = log_text.count("database is locked")
    print(f"\n{label}: {total} requests in {took:.0f} s = {total / took:.0f} requests/s; "
          f"p50 {statistics.median(ordered) * 1000:.0f} ms, "
          f"p99 {ordered[int(len(ordered) * 0.99)] * 1000:.0f} ms")  # fmt: skip
    print(f"  statuses {dict(sorted(tally.statuses.items()))}; cut by the killed worker "
          f"{killed}: {tally.dropped}; 'database is locked' in the log: {locked}")  # fmt: skip
    if server_errors:  # what the board logged about them, to find the cause
        for line in log_text.splitlines():
            if not line.startswith("{") or '"level": "ERROR"' in line or '"status": 5' in line:
                print(f"  log: {line[:2000]}")
    app = create_app(Config(env), instance_path=env["INSTANCE_PATH"])
    ok = server_errors == 0 and locked == 0
    with app.app_context():
        waiting = queue.queue_length()  # first: it reads in a session of its own
        stored = {
            story.id: story.status
            for story in db.session.scalars(select(Story).where(Story.id.in_(tally.submitted)))
        }
        missing = tally.submitted - set(stored)
        unpublished = {i for i in tally.approved if stored.get(i) != "published"}
        published = db.session.scalar(
            select(func.count()).select_from(Story).where(Story.status == "published")
        )
        # Half-written: a story in review or published without the audit events that got
        # it there (a state and its event are written in one transaction).
        logged = {
            (event.item_id, event.action)
            for event in db.session.scalars(
                select(ModerationEvent).where(ModerationEvent.item_kind == "story")
            )
        }
        half_written = [
            story_id for story_id, status in stored.items()
            if (status in {"pending", "published"} and (story_id, "submit") not in logged)
            or (status == "published" and (story_id, "approve") not in logged)
        ]  # fmt: skip
        db.session.remove()
    print(f"  stories submitted {len(tally.submitted)}, approved {len(tally.approved)}, "
          f"mentorship requests {tally.asked}; missing from the database: {len(missing)}, "
          f"approved but not published: {len(unpublished)}; queue left: {waiting}; "
          f"without their audit events: {len(half_written)}")  # fmt: skip
    if index_faults:
        status, warned = searched_after
        print(f"  search with the index deleted: {status}, says results may be missing: {warned}"
              "; reindexing")  # fmt: skip
        ok = ok and status == 200 and warned
        flask(env, "search", "reindex")
    elif waiting:
        flask(env, "search", "sync")
    with app.app_context():
        indexed = backend().count().get("story", 0)
    print(f"  published stories {published}, in the search index {indexed}")
    ok = ok and not missing and not unpublished and not half_written and indexed == published
    # A moderator who approved nothing proves nothing about publishing under load.
    ok = ok and bool(tally.approved)
    # A writer who could not confirm their address is refused (403) and proves nothing.
    refused = tally.statuses.get(403, 0)
    ok = ok and not refused
    if refused:
        print(f"  refused (403), e.g. writers without a confirmed address: {refused}")
    print(f"  {'OK' if ok else 'FAILED'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--postgres", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES),
        help="a PostgreSQL server to create a temporary database on ('' to skip)",
    )  # fmt: skip
    args = parser.parse_args()
    # Production answers only its own host: 127.0.0.1 for gunicorn, localhost in-process.
    base_env = {**os.environ, "APP_ENV": "production", "SESSION_COOKIE_SECURE": "0",
                "BASE_URL": "http://127.0.0.1", "EXTRA_TRUSTED_HOSTS": "localhost",
                "SECRET_KEY": "load-test-secret-key-not-for-production",
                "RATELIMIT_ENABLED": "0", "MAIL_SERVER": ""}  # fmt: skip
    results = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = Path(folder) / "sqlite"
        sqlite.mkdir()
        env = {**base_env, "INSTANCE_PATH": str(sqlite),
               "DATABASE_URL": f"sqlite:///{sqlite / 'board.sqlite3'}"}  # fmt: skip
        results.append(run("SQLite, Whoosh", env, Path(folder), args.seconds, index_faults=True))
        if args.postgres:
            from tests.support import temporary_postgres_database

            postgres = Path(folder) / "postgres"
            postgres.mkdir()
            with temporary_postgres_database(args.postgres) as url:
                env = {**base_env, "INSTANCE_PATH": str(postgres), "DATABASE_URL": url,
                       "SEARCH_BACKEND": "postgres"}  # fmt: skip
                results.append(run("PostgreSQL, PostgreSQL search", env, Path(folder),
                                   args.seconds, index_faults=False))  # fmt: skip
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
