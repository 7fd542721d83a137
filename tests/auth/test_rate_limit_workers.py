"""With Redis storage, separate worker processes share one sign-in limit."""

import subprocess
import sys
import uuid

import pytest

from tests.conftest import AuthActions

REDIS_URL = "redis://127.0.0.1:6379/15"

WORKER = """
import sys
from aicb_board import create_app
from aicb_board.config import TestConfig
from tests.support import csrf_token

database_url, storage, prefix, attempts = sys.argv[1:5]
config = TestConfig({"DATABASE_URL": database_url})
config.RATELIMIT_STORAGE_URI = storage
config.RATELIMIT_KEY_PREFIX = prefix
app = create_app(config, instance_path=sys.argv[5])
for _ in range(int(attempts)):
    client = app.test_client()
    data = {"csrf_token": csrf_token(client, "/auth/login"),
            "email": "target@example.com", "password": "a-wrong-guess-123"}
    print(client.post("/auth/login", data=data).status_code)
"""


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis server on 127.0.0.1:6379")
def test_two_worker_processes_share_the_sign_in_limit(database_url, tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"

    def worker(attempts: int) -> list[int]:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                WORKER,
                database_url,
                REDIS_URL,
                prefix,
                str(attempts),
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return [int(line) for line in result.stdout.split()]

    assert worker(3) == [422, 422, 422]
    # A second worker knows of the first one's failures: two more, then refused.
    assert worker(3) == [422, 422, 429]


def test_unreachable_limit_storage_does_not_break_sign_in(make_app, make_user):
    app = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    make_user("ada@example.com")
    assert AuthActions(app.test_client()).login().status_code == 302
