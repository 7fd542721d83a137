"""Search tests run against every backend: Whoosh always, PostgreSQL when it is the database."""

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.factories import published_role
from tests.roles import conftest as roles_fixtures

people = roles_fixtures.people  # a fixture, shared


@pytest.fixture(params=["whoosh", "postgres"])
def app(make_app, request):
    """The application with each search backend."""
    if request.param == "postgres" and not TEST_DATABASE_URL:
        pytest.skip("the PostgreSQL backend needs TEST_DATABASE_URL")
    return make_app(SEARCH_BACKEND=request.param)


@pytest.fixture
def backend_name(app) -> str:
    return app.config["SEARCH_BACKEND"]


def publish_role(people, **overrides) -> int:
    """Post a role as the author and have the moderator approve it; its id."""
    return published_role(people.app, people.author_user, people.moderator_user, **overrides)


@pytest.fixture
def board(people):
    """Two published roles about strategy and a draft that search must never show."""
    publish_role(people, title="Director of AI Strategy", company="Contoso Health",
                 description="Shape how a hospital group adopts machine learning. " * 3,
                 tags="ai-strategy, healthtech")  # fmt: skip
    publish_role(people, title="Head of Conversational AI", company="Fabrikam",
                 description="Own the assistant of two million customers, and its strategy. " * 2,
                 tags="conversational-ai", seniority="vp")  # fmt: skip
    people.post_role(title="Draft role about strategy", company="Hidden Corp")
    return people
