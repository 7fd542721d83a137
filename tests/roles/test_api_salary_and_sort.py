"""The roles API's salary filter and orders: the page's rules, strict parameters, paged sorts."""

from datetime import timedelta

import pytest

from aicb_board.database import utcnow


def titles(client, query: str) -> list[str]:
    """Every role's title the API lists for `query`, following `next` links."""
    found, url = [], f"/api/v1/roles?{query}"
    while url:
        response = client.get(url.replace("http://localhost", ""))
        assert response.status_code == 200, response.get_data(as_text=True)
        found += [role["title"] for role in response.get_json()["items"]]
        url = response.get_json()["next"]
    return found


@pytest.fixture
def salaried(add_roles):
    add_roles(
        title="Yearly USD 210k",
        salary_min=180_000,
        salary_max=210_000,
        salary_currency="USD",
        salary_period="year",
        days_ago=4,
    )
    add_roles(
        title="Monthly USD 17k",
        salary_min=17_000,
        salary_currency="USD",
        salary_period="month",
        expires_at=utcnow() + timedelta(days=3),
        days_ago=3,
    )
    add_roles(
        title="Daily USD 900",
        salary_max=900,
        salary_currency="USD",
        salary_period="day",
        expires_at=utcnow() + timedelta(days=20),
        days_ago=2,
    )
    add_roles(
        title="Hourly USD 120",
        salary_min=100,
        salary_max=120,
        salary_currency="USD",
        salary_period="hour",
        expires_at=utcnow() + timedelta(days=10),
        days_ago=1,
    )
    add_roles(
        title="Yearly EUR 300k",
        salary_min=300_000,
        salary_currency="EUR",
        salary_period="year",
        expires_at=utcnow() + timedelta(days=5),
    )
    add_roles(title="No salary given", expires_at=utcnow() + timedelta(days=1), days_ago=5)


def test_the_salary_filter_matches_the_pages(client, salaried):
    assert sorted(titles(client, "salary_min=200000&currency=USD")) == [
        "Hourly USD 120", "Monthly USD 17k", "Yearly USD 210k"
    ]  # fmt: skip
    assert titles(client, "currency=EUR") == ["Yearly EUR 300k"]
    assert titles(client, "salary_min=0&currency=GBP") == []


def test_each_order_and_its_pages(client, salaried):
    newest = ["Yearly EUR 300k", "Hourly USD 120", "Daily USD 900", "Monthly USD 17k",
              "Yearly USD 210k", "No salary given"]  # fmt: skip
    assert titles(client, "limit=2") == newest
    assert titles(client, "sort=newest&limit=4") == newest
    assert titles(client, "sort=closing&limit=2") == [
        "No salary given", "Monthly USD 17k", "Yearly EUR 300k", "Hourly USD 120",
        "Daily USD 900", "Yearly USD 210k",
    ]  # fmt: skip
    assert titles(client, "sort=salary&limit=2") == [
        "Yearly EUR 300k", "Hourly USD 120", "Yearly USD 210k", "Monthly USD 17k",
        "Daily USD 900", "No salary given",
    ]  # fmt: skip
    assert titles(client, "sort=salary&currency=USD&salary_min=200000&limit=1") == [
        "Hourly USD 120", "Yearly USD 210k", "Monthly USD 17k"
    ]  # fmt: skip


def test_a_sorted_page_links_to_the_next_with_its_filters(client, salaried):
    body = client.get("/api/v1/roles?sort=closing&currency=USD&limit=1").get_json()
    assert "sort=closing" in body["next"] and "currency=USD" in body["next"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("salary_min=200000", "salary_min"),  # no currency
        ("salary_min=lots&currency=USD", "salary_min"),
        ("salary_min=-1&currency=USD", "salary_min"),
        ("salary_min=10000000000000&currency=USD", "salary_min"),
        ("currency=XYZ", "currency"),
        ("sort=cheapest", "sort"),
        ("sort=salary&updated_since=2020-01-01T00:00:00Z", "sort"),
    ],
)
def test_unusable_salary_filters_and_orders_are_400s(client, salaried, query, parameter):
    response = client.get(f"/api/v1/roles?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_a_cursor_serves_only_its_own_order(client, salaried):
    by_salary = client.get("/api/v1/roles?sort=salary&limit=1").get_json()["next"]
    cursor = by_salary.split("cursor=")[1].split("&")[0]
    for query in (f"sort=closing&cursor={cursor}", f"cursor={cursor}"):
        response = client.get(f"/api/v1/roles?{query}")
        assert response.status_code == 400 and response.get_json()["parameter"] == "cursor"
    newest = client.get("/api/v1/roles?limit=1").get_json()["next"]
    cursor = newest.split("cursor=")[1].split("&")[0]
    assert client.get(f"/api/v1/roles?sort=salary&cursor={cursor}").status_code == 400
