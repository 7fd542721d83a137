"""Schemathesis against the API served on loopback: no 500, nothing outside the document."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.serving import make_server

from aicb_board import create_app
from aicb_board.config import TestConfig
from aicb_board.extensions import db
from tests.conftest import _empty_tables

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def live_api(database_url, tmp_path_factory) -> Iterator[str]:
    """The board, with its demo content, served by a real HTTP server on 127.0.0.1."""
    config = TestConfig({"DATABASE_URL": database_url})
    config.API_RATE_LIMIT = "100000 per minute"
    app = create_app(config, instance_path=str(tmp_path_factory.mktemp("live")))
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # The document's server URL and every `next` link lead back to this server.
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    _empty_tables(app)


def test_the_api_holds_to_its_document(live_api):
    """Each operation with generated parameters: valid and invalid values, odd strings."""
    api = schemathesis.openapi.from_url(f"{live_api}/api/v1/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)  # fmt: skip
        def holds(case) -> None:
            case.call_and_validate(checks=CHECKS)

        holds()
