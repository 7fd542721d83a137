"""Search tests run against every backend: Whoosh always, PostgreSQL when it is the database."""

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.roles.conftest import people  # noqa: F401 - a fixture, shared


@pytest.fixture(params=["whoosh", "postgres"])
def app(make_app, request):
    """The application with each search backend."""
    if request.param == "postgres" and not TEST_DATABASE_URL:
        pytest.skip("the PostgreSQL backend needs TEST_DATABASE_URL")
    return make_app(SEARCH_BACKEND=request.param)


@pytest.fixture
def backend_name(app) -> str:
    return app.config["SEARCH_BACKEND"]
