"""Page costs as ratios to the bare `/healthz`, measured in one run.

Builds a temporary SQLite board (demo data, then bulk-loaded roles), and measures each
page in-process through the Flask test client and, when gunicorn is installed, through
gunicorn over loopback. Ratios, not seconds: the machines are shared and noisy.

    python bench/run.py [--requests N] [--roles 10000,100000] [--quick] [--postgres URL]

Every page is measured rendered each time (PAGE_CACHE_SECONDS=0: what a signed-in member or
a page's first visitor waits for) and, through gunicorn, as configured (signed-out visitors
get kept copies; see aicb_board/page_cache.py). After the roles are loaded the search index
is rebuilt, so that /search finds the whole board.

A page written "PATH as NAME" is fetched by the demo member NAME, signed in through the
login form first (in-process: the test client keeps the cookie; served: the cookie is sent).
`seed demo` gives Priya a move, so her /mentors/ carries "Suggested for your move"; Daniel
has none, so his is the plain directory a signed-in member sees. Both are measured against
the anonymous /healthz of the same run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aicb_board import create_app  # noqa: E402
from aicb_board.config import Config  # noqa: E402
from aicb_board.seed import DEMO_PASSWORD  # noqa: E402

BASE_PAGES = ["/healthz", "/", "/auth/login"]
MENTOR_PAGES = [
    "/mentors/",
    "/mentors/?page=20",
    "/mentors/?to_function=product&language=en",
    "/mentors/?accepting=1&format=video&expertise=ai-strategy",
    "/api/v1/mentors",
    "/api/v1/mentors?to_function=product&accepting=1",
    "/mentors/ as daniel",  # signed in, no move: the plain directory
    "/mentors/ as priya",  # signed in, with a move: suggestions, then the directory
    "/mentors/match as priya",  # her move's form and its suggestions
]
# The demo members the signed-in pages are fetched as (`seed demo` makes them).
MEMBERS = {"priya": "priya@aicb-board.example", "daniel": "daniel@aicb-board.example"}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STORY_PAGES = [
    "/stories/",
    "/stories/?page=200",
    "/stories/?from_function=go-to-market&tag=career-change",
    "/api/v1/stories",
    "/api/v1/stories?updated_since=2020-01-01T00:00:00Z",
]
ROLE_PAGES = [
    "/",
    "/roles/",
    "/roles/?page=200",
    "/roles/?seniority=vp&workplace=remote&salary=1",
    "/roles/?tag=gen-ai&function=product",
    "/api/v1/roles",
    "/api/v1/roles?seniority=vp&workplace=remote",
    "/api/v1/roles?updated_since=2020-01-01T00:00:00Z&limit=100",
    "/search?q=product+strategy",
    "/search?q=ai+platform+director",
    "/roles/ as daniel",  # signed in: rendered for him, with the list's count kept
    "/roles/?seniority=vp&workplace=remote&salary=1 as daniel",
]


def flask_command(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "aicb_board", *args]
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=ROOT)


def prepare(folder: Path, database_url: str | None = None) -> dict[str, str]:
    """A migrated board with the demo data (SQLite in `folder`, or the PostgreSQL database at
    `database_url` with its search backend); returns the environment to serve it."""
    env = {
        **os.environ,
        "APP_ENV": "production",
        # Production answers only its own host: 127.0.0.1 for gunicorn, localhost in-process.
        "BASE_URL": "http://127.0.0.1",
        "EXTRA_TRUSTED_HOSTS": "localhost",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "INSTANCE_PATH": str(folder),
        "SESSION_COOKIE_SECURE": "0",
        "RATELIMIT_ENABLED": "0",
        "LOG_LEVEL": "WARNING",  # a line per request would bury the figures
    }
    if database_url:
        env.update(DATABASE_URL=database_url, SEARCH_BACKEND="postgres")
    flask_command(env, "db", "upgrade")
    flask_command(env, "seed", "demo")
    return env


def timings(fetch, pages: list[str], requests: int) -> dict[str, float]:
    """Median seconds per request for each page, the pages interleaved so noise is shared."""
    for page in pages:
        for _ in range(3):
            fetch(page)
    samples: dict[str, list[float]] = {page: [] for page in pages}
    for _ in range(requests):
        for page in pages:
            start = time.perf_counter()
            fetch(page)
            samples[page].append(time.perf_counter() - start)
    return {page: statistics.median(values) for page, values in samples.items()}


def split_page(page: str) -> tuple[str, str | None]:
    """A page's path and member: "/mentors/ as priya" → ("/mentors/", "priya"); else None."""
    path, _, member = page.partition(" as ")
    return path, member or None


def login_form(html: str, member: str) -> bytes:
    """The sign-in form's fields for a demo member, as a browser would post them."""
    fields = {"csrf_token": CSRF.search(html).group(1), "email": MEMBERS[member],
              "password": DEMO_PASSWORD}  # fmt: skip
    return urllib.parse.urlencode(fields).encode()


def in_process(env: dict[str, str], pages: list[str], requests: int) -> dict[str, float]:
    app = create_app(Config(env), instance_path=env["INSTANCE_PATH"])
    clients = {None: app.test_client()}
    for member in {split_page(page)[1] for page in pages} - {None}:
        client = clients[member] = app.test_client()
        html = client.get("/auth/login").get_data(as_text=True)
        response = client.post(
            "/auth/login",
            data=login_form(html, member),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 302, (member, response.status_code)

    def fetch(page: str) -> None:
        path, member = split_page(page)
        response = clients[member].get(path)
        assert response.status_code == 200, (page, response.status_code)
        response.close()

    return timings(fetch, pages, requests)


def first_link(env: dict[str, str], page: str, pattern: str) -> str:
    """The first link matching `pattern` on `page` (a role's or a mentor's page)."""
    client = create_app(Config(env), instance_path=env["INSTANCE_PATH"]).test_client()
    html = client.get(page).get_data(as_text=True)
    return re.search(pattern, html, re.S).group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def through_gunicorn(env: dict[str, str], pages: list[str], requests: int):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        return None
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        env={**env, "BASE_URL": f"http://127.0.0.1:{port}"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    cookies: dict[str | None, str] = {None: ""}

    def request(method: str, path: str, cookie: str, body: bytes | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        return response, content

    def sign_in(member: str) -> str:
        """The session cookie of `member`, signed in through the login form."""
        response, html = request("GET", "/auth/login", "")
        cookie = session_cookie(response, "")
        response, _ = request("POST", "/auth/login", cookie, login_form(html.decode(), member))
        assert response.status == 302, (member, response.status)
        return session_cookie(response, cookie)

    def fetch(page: str) -> None:
        path, member = split_page(page)
        response, _ = request("GET", path, cookies[member])
        assert response.status == 200, (page, response.status)

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for member in {split_page(page)[1] for page in pages} - {None}:
            cookies[member] = sign_in(member)
        measured = timings(fetch, pages, requests)
        print(f"  (gunicorn workers' memory after the run: {worker_memory(server.pid)})")
        return measured
    finally:
        server.terminate()
        server.wait(timeout=10)


def worker_memory(master: int) -> str:
    """The resident memory of each worker gunicorn's master `master` started (from /proc)."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0")) == master:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return ", ".join(f"{size:.0f} MB" for size in sorted(sizes)) or "unknown"


def session_cookie(response, before: str) -> str:
    """The Cookie header after `response`: its Set-Cookie values over the ones `before`."""
    jar = dict(part.split("=", 1) for part in before.split("; ") if "=" in part)
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        jar[name] = value
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def report(title: str, results: dict[str, float]) -> None:
    base = results["/healthz"]
    print(f"\n{title}")
    print(f"  {'page':<60}{'× /healthz':>12}")
    for page, seconds in results.items():
        print(f"  {page:<60}{seconds / base:>12.1f}")


def report_served(title: str, rendered: dict[str, float], kept: dict[str, float]) -> None:
    """Each page rendered every time, and as signed-out visitors get it (kept copies), each
    against the /healthz of its own server: its cost (× /healthz) and its throughput's share
    of /healthz's (1 ÷ cost)."""
    print(f"\n{title}")
    print(f"  {'page':<60}{'rendered ×':>11}{'share':>7}{'kept ×':>9}{'share':>7}")
    for page in rendered:
        cost, kept_cost = rendered[page] / rendered["/healthz"], kept[page] / kept["/healthz"]
        print(f"  {page:<60}{cost:>11.1f}{1 / cost:>7.2f}{kept_cost:>9.1f}{1 / kept_cost:>7.2f}")


def measure(env: dict[str, str], label: str, pages: list[str], requests: int) -> None:
    """In-process and through gunicorn with every page rendered (PAGE_CACHE_SECONDS=0), then
    through gunicorn as configured (kept copies for signed-out visitors)."""
    rendering = {**env, "PAGE_CACHE_SECONDS": "0"}
    report(f"{label} — in-process, rendered every time, median of {requests}",
           in_process(rendering, pages, requests))  # fmt: skip
    rendered = through_gunicorn(rendering, pages, requests)
    if rendered is None:
        print("  (gunicorn is not installed: no served measurement)")
        return
    kept = through_gunicorn(env, pages, requests)
    report_served(f"{label} — gunicorn, 2 workers, loopback, median of {requests}", rendered, kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--roles", default="10000,100000", help="role counts to measure at")
    parser.add_argument("--mentors", default="1000,10000", help="mentor counts to measure at")
    parser.add_argument("--stories", default="10000", help="story counts to measure at")
    parser.add_argument("--quick", action="store_true", help="few requests, small boards")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default="",
        help="a PostgreSQL server to build the board on (a temporary database, "
        "with the PostgreSQL search backend); SQLite and Whoosh by default",
    )
    args = parser.parse_args()
    requests = 10 if args.quick else args.requests
    role_targets = [1000] if args.quick else [int(n) for n in args.roles.split(",")]
    mentor_targets = [200] if args.quick else [int(n) for n in args.mentors.split(",")]
    story_targets = [500] if args.quick else [int(n) for n in args.stories.split(",")]
    with tempfile.TemporaryDirectory() as folder, board_database(args.postgres) as url:
        env = prepare(Path(folder), url)
        print(f"Board on {'PostgreSQL' if url else 'SQLite'}")
        measure(env, "Demo board", BASE_PAGES, requests)
        scenarios = [
            ("mentors", mentor_targets, MENTOR_PAGES, "/mentors/", r'href="(/mentors/\d+)"'),
            (
                "stories",
                story_targets,
                STORY_PAGES,
                "/stories/",
                r'class="story-card card">.*?href="(/stories/[a-z0-9-]+)"',
            ),
            ("roles", role_targets, ROLE_PAGES, "/roles/", r'href="(/roles/\d+-[a-z0-9-]+)"'),
        ]
        for kind, targets, kind_pages, listing, link in scenarios:
            loaded = 0
            for target in targets:
                started = time.perf_counter()
                flask_command(env, "seed", "bench", f"--{kind}", str(target - loaded))
                took = time.perf_counter() - started
                print(f"\n[loaded {target - loaded:,} {kind} in {took:.0f} s]")
                if url:
                    vacuum(url)
                loaded = target
                if kind == "roles":  # what /search finds: everything loaded so far
                    started = time.perf_counter()
                    flask_command(env, "search", "reindex")
                    print(f"[indexed for search in {time.perf_counter() - started:.0f} s]")
                item = first_link(env, listing, link)
                pages = ["/healthz", *kind_pages, item, f"{item} as daniel"]
                measure(env, f"{loaded:,} published {kind}", pages, requests)


def vacuum(url: str) -> None:
    """What autovacuum does minutes after a bulk load: statistics for the planner, and the
    visibility map that lets counts and deep pages read the indexes alone. Measured without
    it, a freshly loaded table costs a deep page 5 × its first page."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


@contextmanager
def board_database(postgres: str):
    """A temporary PostgreSQL database on `postgres` (dropped after), or None for SQLite."""
    if not postgres:
        yield None
        return
    from tests.support import temporary_postgres_database

    with temporary_postgres_database(postgres) as url:
        yield url


if __name__ == "__main__":
    main()
