"""Page cost as a ratio to the bare `/healthz`, measured in one run.

In-process through the Flask test client, and through gunicorn over loopback when gunicorn
is installed. Ratios, not seconds: the machines are shared and noisy. Usage:

    python bench/run.py [--requests N] [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aicb_board import create_app  # noqa: E402
from aicb_board.config import Config  # noqa: E402

PAGES = ["/healthz", "/", "/auth/login"]


def prepare(folder: Path) -> dict[str, str]:
    """A migrated SQLite board with the demo data; returns the environment to serve it."""
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "INSTANCE_PATH": str(folder),
        "SESSION_COOKIE_SECURE": "0",
    }
    flask = [sys.executable, "-m", "flask", "--app", "aicb_board"]
    for command in (["db", "upgrade"], ["seed", "demo"]):
        subprocess.run([*flask, *command], env=env, check=True, capture_output=True, cwd=ROOT)
    return env


def timings(fetch, pages: list[str], requests: int) -> dict[str, float]:
    """Median seconds per request for each page, the pages interleaved so noise is shared."""
    for page in pages:
        for _ in range(10):
            fetch(page)
    samples: dict[str, list[float]] = {page: [] for page in pages}
    for _ in range(requests):
        for page in pages:
            start = time.perf_counter()
            fetch(page)
            samples[page].append(time.perf_counter() - start)
    return {page: statistics.median(values) for page, values in samples.items()}


def in_process(env: dict[str, str], requests: int) -> dict[str, float]:
    os.environ.update(env)
    client = create_app(Config(env), instance_path=env["INSTANCE_PATH"]).test_client()

    def fetch(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        response.close()

    return timings(fetch, PAGES, requests)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def through_gunicorn(env: dict[str, str], requests: int) -> dict[str, float] | None:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        return None
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def fetch(path: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 200, (path, response.status)

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
        return timings(fetch, PAGES, requests)
    finally:
        server.terminate()
        server.wait(timeout=10)


def report(title: str, results: dict[str, float]) -> None:
    base = results["/healthz"]
    print(f"\n{title}")
    print(f"  {'page':<14}{'× /healthz':>12}")
    for page, seconds in results.items():
        print(f"  {page:<14}{seconds / base:>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="a few requests: checks it runs")
    args = parser.parse_args()
    requests = 20 if args.quick else args.requests
    with tempfile.TemporaryDirectory() as folder:
        env = prepare(Path(folder))
        report(f"In-process (Flask test client), median of {requests}", in_process(env, requests))
        served = through_gunicorn(env, requests)
        if served is None:
            print("\ngunicorn is not installed: skipped the served measurement.")
        else:
            report(f"Through gunicorn (2 workers, loopback), median of {requests}", served)


if __name__ == "__main__":
    main()
