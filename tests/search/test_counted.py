"""A broad query on the PostgreSQL backend counts and ranks a bounded number of matches."""

import pytest

from aicb_board.extensions import db
from aicb_board.roles.models import RolePosting
from aicb_board.search import postgres_backend, queue
from tests.search.conftest import publish_role
from tests.search.test_search import search


@pytest.fixture
def five_roles(people) -> list[int]:
    """Five roles about strategy, published one after the other (the last is the newest)."""
    return [
        publish_role(people, title=f"Strategy Lead {number}", company=f"Company {number}")
        for number in range(5)
    ]


def companies(page: str) -> set[str]:
    return {f"Company {number}" for number in range(5) if f"Company {number}" in page}


def test_postgres_counts_and_ranks_the_most_recently_indexed_matches(
    people, five_roles, backend_name, monkeypatch
):
    if backend_name != "postgres":
        pytest.skip("the bound is the PostgreSQL backend's")
    monkeypatch.setattr(postgres_backend, "COUNTED", 3)
    page = search(people.anonymous, "strategy")
    assert "All (3+)" in page and "Roles (3+)" in page
    assert companies(page) == {"Company 2", "Company 3", "Company 4"}
    assert "Page 1 of" not in page

    answer = people.anonymous.get("/api/v1/search", query_string={"q": "strategy"}).get_json()
    assert answer["counts"] == {"role": 3} and answer["total"] == 3
    assert answer["capped"] == ["role"]

    # Indexed again (as after an approved edit): the oldest role is among the newest matches.
    with people.app.app_context():
        queue.enqueue(db.session.get(RolePosting, five_roles[0]))
        db.session.commit()  # the queue is applied after the commit
    assert companies(search(people.anonymous, "strategy")) == {
        "Company 0", "Company 3", "Company 4"
    }  # fmt: skip


def test_a_count_within_the_bound_is_exact_on_both_backends(people, five_roles, monkeypatch):
    monkeypatch.setattr(postgres_backend, "COUNTED", 5)
    page = search(people.anonymous, "strategy")
    assert "All (5)" in page and "Roles (5)" in page
    assert len(companies(page)) == 5
    answer = people.anonymous.get("/api/v1/search", query_string={"q": "strategy"}).get_json()
    assert answer["counts"] == {"role": 5} and answer["capped"] == []


def test_filters_narrow_the_matches_before_they_are_bounded(people, five_roles, monkeypatch):
    publish_role(people, title="Strategy Director", company="Company VP", seniority="vp")
    publish_role(people, title="Strategy Analyst", company="Company Junior", seniority="director")
    monkeypatch.setattr(postgres_backend, "COUNTED", 1)
    page = search(people.anonymous, "strategy", kind="role", seniority="vp")
    assert "Company VP" in page and "Company Junior" not in page and not companies(page)
