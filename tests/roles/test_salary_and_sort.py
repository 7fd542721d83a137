"""Roles by yearly salary in one currency, in the order asked for, and feeds of a filtered list."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from aicb_board.database import utcnow

ATOM = "{http://www.w3.org/2005/Atom}"


def page_of(client, query: str = "") -> str:
    response = client.get(f"/roles/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def titles_in(page: str, titles: list[str]) -> list[str]:
    """`titles` in the order the page shows them (those it shows)."""
    return sorted((t for t in titles if t in page), key=page.index)


@pytest.fixture
def salaried(add_roles):
    """Roles paying about 200,000 a year, stated per year, month, day and hour, and others."""
    add_roles(
        title="Yearly USD 210k",
        salary_min=180_000,
        salary_max=210_000,
        salary_currency="USD",
        salary_period="year",
    )
    add_roles(
        title="Monthly USD 17k", salary_min=17_000, salary_currency="USD", salary_period="month"
    )  # 204,000 a year
    add_roles(
        title="Daily USD 900", salary_max=900, salary_currency="USD", salary_period="day"
    )  # 198,000 a year
    add_roles(
        title="Hourly USD 120",
        salary_min=100,
        salary_max=120,
        salary_currency="USD",
        salary_period="hour",
    )  # 211,200 a year
    add_roles(
        title="Yearly EUR 300k", salary_min=300_000, salary_currency="EUR", salary_period="year"
    )
    add_roles(title="No salary given")  # fmt: skip


TITLES = ["Yearly USD 210k", "Monthly USD 17k", "Daily USD 900", "Hourly USD 120",
          "Yearly EUR 300k", "No salary given"]  # fmt: skip


def test_a_minimum_counts_yearly_pay_in_the_chosen_currency_only(client, salaried):
    page = page_of(client, "?salary_min=200000&currency=USD")
    assert titles_in(page, TITLES) == sorted(
        ["Yearly USD 210k", "Monthly USD 17k", "Hourly USD 120"], key=page.index
    )
    assert "3 open roles match your filters." in page


def test_the_maximum_counts_when_there_is_one_and_the_minimum_otherwise(client, salaried):
    page = page_of(client, "?salary_min=210000&currency=USD")
    assert set(titles_in(page, TITLES)) == {"Yearly USD 210k", "Hourly USD 120"}
    assert "Monthly USD 17k" not in page_of(client, "?salary_min=204001&currency=USD")


def test_a_currency_alone_lists_the_roles_paying_in_it(client, salaried):
    page = page_of(client, "?currency=EUR")
    assert titles_in(page, TITLES) == ["Yearly EUR 300k"]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("?salary_min=200000", "6 open roles."),  # a minimum without a currency
        ("?currency=XYZ&salary_min=1", "6 open roles."),
        ("?sort=cheapest", "6 open roles."),
        ("?salary_min=lots&currency=USD", "4 open roles match"),
        ("?salary_min=-5&currency=USD", "4 open roles match"),
        ("?salary_min=%C2%B2&currency=USD", "4 open roles match"),
        ("?salary_min=99999999999999&currency=USD", "4 open roles match"),
    ],
)
def test_unusable_salary_filters_and_sorts_are_dropped(client, salaried, query, listed):
    assert listed in page_of(client, query)


def test_the_form_keeps_the_salary_filter_and_the_sort(client, salaried):
    page = page_of(client, "?salary_min=150000&currency=USD&sort=salary")
    assert 'name="salary_min" type="number"' in page and 'value="150000"' in page
    assert '<option value="USD" selected>' in page
    assert '<option value="salary" selected>' in page


def test_newest_first_by_default(client, add_roles):
    add_roles(title="Older role", days_ago=3)
    add_roles(title="Newer role")
    assert titles_in(page_of(client), ["Older role", "Newer role"]) == ["Newer role", "Older role"]


def test_closing_soon_lists_the_nearest_closing_date_first(client, add_roles):
    add_roles(title="Closes in 20 days", expires_at=utcnow() + timedelta(days=20))
    add_roles(title="Closes in 2 days", expires_at=utcnow() + timedelta(days=2), days_ago=5)
    add_roles(title="Closes in 9 days", expires_at=utcnow() + timedelta(days=9), days_ago=1)
    page = page_of(client, "?sort=closing")
    assert titles_in(page, ["Closes in 20 days", "Closes in 2 days", "Closes in 9 days"]) == [
        "Closes in 2 days", "Closes in 9 days", "Closes in 20 days"
    ]  # fmt: skip


def test_highest_salary_compares_yearly_pay_and_puts_roles_without_one_last(client, salaried):
    page = page_of(client, "?sort=salary")
    assert titles_in(page, TITLES) == [
        "Yearly EUR 300k", "Hourly USD 120", "Yearly USD 210k", "Monthly USD 17k",
        "Daily USD 900", "No salary given",
    ]  # fmt: skip
    in_usd = page_of(client, "?sort=salary&currency=USD")
    assert titles_in(in_usd, TITLES) == [
        "Hourly USD 120", "Yearly USD 210k", "Monthly USD 17k", "Daily USD 900"
    ]  # fmt: skip


def test_page_links_keep_the_filters_and_the_sort(client, add_roles):
    add_roles(25, salary_min=200_000, salary_currency="USD", salary_period="year")
    page = page_of(client, "?currency=USD&salary_min=100000&sort=closing")
    [link] = [part for part in page.split('"') if "page=2" in part]
    for arg in ("currency=USD", "salary_min=100000", "sort=closing"):
        assert arg in link


# Feeds of a filtered list ---------------------------------------------------------


def feed_titles(client, query: str = "") -> list[str]:
    response = client.get(f"/roles/feed.atom{query}")
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_the_feed_holds_only_the_roles_the_filters_keep(client, salaried, add_roles):
    add_roles(title="VP of AI", seniority="vp", tags="gen-ai")
    assert len(feed_titles(client)) == 7
    usd = feed_titles(client, "?salary_min=200000&currency=USD")
    assert sorted(title.split(" — ")[0] for title in usd) == [
        "Hourly USD 120", "Monthly USD 17k", "Yearly USD 210k"
    ]  # fmt: skip
    assert [t.split(" — ")[0] for t in feed_titles(client, "?seniority=vp")] == ["VP of AI"]
    assert [t.split(" — ")[0] for t in feed_titles(client, "?tag=gen-ai")] == ["VP of AI"]
    assert len(feed_titles(client, "?seniority=emperor")) == 7  # dropped, as on the page


def test_the_feed_links_to_itself_and_its_list_with_its_filters(client, salaried):
    root = ET.fromstring(client.get("/roles/feed.atom?currency=USD&salary_min=200000").data)
    links = {link.get("rel"): link.get("href") for link in root.iter(f"{ATOM}link")}
    assert "/roles/feed.atom?" in links["self"]
    assert "currency=USD" in links["self"] and "salary_min=200000" in links["self"]
    assert "currency=USD" in links["alternate"]


def test_a_filtered_feed_has_its_own_etag_and_answers_304(client, salaried, add_roles):
    whole = client.get("/roles/feed.atom").headers["ETag"]
    first = client.get("/roles/feed.atom?currency=EUR")
    assert first.headers["ETag"] != whole
    again = client.get(
        "/roles/feed.atom?currency=EUR", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    # The whole feed's ETag is not taken for the filtered one's.
    other = client.get("/roles/feed.atom?currency=EUR", headers={"If-None-Match": whole})
    assert other.status_code == 200
    add_roles(title="Another EUR role", salary_min=90_000, salary_currency="EUR",
              salary_period="year")  # fmt: skip
    changed = client.get(
        "/roles/feed.atom?currency=EUR", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert changed.status_code == 200 and b"Another EUR role" in changed.data


def test_filtered_and_whole_feeds_in_turn_are_each_right(client, salaried):
    for _ in range(2):
        assert len(feed_titles(client)) == 6
        assert len(feed_titles(client, "?currency=EUR")) == 1
        assert len(feed_titles(client, "?currency=USD")) == 4


def test_the_list_links_to_the_feed_with_its_filters(client, salaried):
    page = page_of(client, "?currency=USD&salary_min=200000&sort=salary")
    feed_links = [part for part in page.split('"') if part.startswith("/roles/feed.atom")]
    assert feed_links and all(
        "currency=USD" in link and "salary_min=200000" in link and "sort" not in link
        for link in feed_links
    )
    assert "Atom feed of these roles" in page


@pytest.mark.parametrize("query", ["?salary_min=5000", "?salary_min=-5&currency=USD",
                                   "?salary_min=abc&currency=USD"])  # fmt: skip
def test_a_dropped_minimum_is_said_not_silent(client, salaried, query):
    assert "The salary minimum was not applied" in page_of(client, query)
    assert "The salary minimum was not applied" not in page_of(client, "?salary_min=1&currency=USD")


def test_sorting_by_salary_without_a_currency_says_amounts_are_not_converted(client, salaried):
    assert "without converting currencies" in page_of(client, "?sort=salary")
    assert "without converting currencies" not in page_of(client, "?sort=salary&currency=USD")
