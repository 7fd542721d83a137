"""With Redis storage, separate worker processes share one sign-in limit."""

import subprocess
import sys
import uuid

import pytest

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


def run_worker(database_url: str, storage: str, prefix: str, attempts: int, folder) -> list[int]:
    """Failed sign-ins from a separate process; the status of each answer."""
    result = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, storage, prefix, str(attempts), str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [int(line) for line in result.stdout.split()]


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis server on 127.0.0.1:6379")
def test_two_worker_processes_share_the_sign_in_limit(database_url, tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"
    assert run_worker(database_url, REDIS_URL, prefix, 3, tmp_path) == [422, 422, 422]
    # A second worker knows of the first one's failures: two more, then refused.
    assert run_worker(database_url, REDIS_URL, prefix, 3, tmp_path) == [422, 422, 429]


def test_unreachable_limit_storage_does_not_break_sign_in(database_url, tmp_path):
    # In its own process: a dead storage marks the shared limiter object for good.
    statuses = run_worker(database_url, "redis://127.0.0.1:1/0", "dead", 6, tmp_path)
    assert statuses == [422] * 5 + [429]  # answered, and still limited, in memory
