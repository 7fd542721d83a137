"""Several gunicorn workers writing at once: every sign-up lands, none fails as "locked"."""

import http.cookiejar
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from aicb_board.auth.models import User
from tests.support import PASSWORD, csrf_from

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(make_app, database_url, tmp_path):
    """gunicorn with 3 workers on the test database; yields its base URL."""
    if not GUNICORN.exists() and not shutil.which("gunicorn"):
        pytest.skip("gunicorn is not installed")
    make_app()  # empties the tables after the test
    port = free_port()
    env = {
        "APP_ENV": "production",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SECRET_KEY": "worker-test-secret-key",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path),
        "SESSION_COOKIE_SECURE": "0",
        "RATELIMIT_ENABLED": "0",
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "PATH": "/usr/bin:/bin",
    }
    server = subprocess.Popen(
        [str(GUNICORN), "-w", "3", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)
    server.stderr.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_up(base: str, email: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(f"{base}/auth/register", timeout=30) as page:
        token = csrf_from(page.read().decode())
    form = {"csrf_token": token, "email": email, "display_name": "Load", "password": PASSWORD}
    try:
        with opener.open(
            f"{base}/auth/register", urllib.parse.urlencode(form).encode(), timeout=60
        ) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_concurrent_sign_ups_across_worker_processes(served, database_url):
    statuses: list[int] = []
    threads = [
        threading.Thread(
            target=lambda n=n: statuses.extend(
                sign_up(served, f"w{n}-{i}@example.com") for i in range(5)
            )
        )
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 40
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(User)) == 40
    engine.dispose()
