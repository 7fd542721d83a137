"""Browsing roles: only open roles, filters in the URL, counts, pages, a fixed query cost."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from aicb_board.database import utcnow
from tests.support import count_queries, statements_of

ATOM = "{http://www.w3.org/2005/Atom}"


def page_of(client, query: str = "") -> str:
    response = client.get(f"/roles/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_only_published_open_roles_are_listed_newest_first(client, add_roles):
    add_roles(title="Newest VP of AI")
    add_roles(title="Older Head of AI", days_ago=3)
    add_roles(title="Draft role", status="draft")
    add_roles(title="Pending role", status="pending")
    add_roles(title="Removed role", status="removed")
    add_roles(title="Closed role", status="archived")
    add_roles(title="Expired but not yet archived", expires_at=utcnow() - timedelta(hours=1))
    page = page_of(client)
    assert "2 open roles." in page
    assert page.index("Newest VP of AI") < page.index("Older Head of AI")
    for hidden in ("Draft role", "Pending role", "Removed role", "Closed role", "Expired but"):
        assert hidden not in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?seniority=vp", "VP role", "Director role"),
        ("?function=product", "VP role", "Director role"),
        ("?workplace=onsite", "VP role", "Director role"),
        ("?country=GB", "VP role", "Director role"),
        ("?employment_type=fractional", "VP role", "Director role"),
        ("?tag=gen-ai", "VP role", "Director role"),
        ("?tag=Gen%20AI", "VP role", "Director role"),
        ("?salary=1", "VP role", "Director role"),
    ],
)
def test_each_filter_narrows_the_list(client, add_roles, query, shown, hidden):
    add_roles(
        title="VP role", seniority="vp", function="product", workplace="onsite", country="GB",
        location="London", employment_type="fractional", tags="gen-ai,llm",
        salary_min=200_000, salary_currency="GBP", salary_period="year",
    )  # fmt: skip
    add_roles(title="Director role", tags="ai-strategy")
    page = page_of(client, query)
    assert shown in page and hidden not in page
    assert "1 open role match your filters." in page
    assert "Clear filters" in page


def test_filters_combine(client, add_roles):
    add_roles(title="Remote VP", seniority="vp")
    add_roles(
        title="Onsite VP", seniority="vp", workplace="onsite", country="DE", location="Berlin"
    )
    page = page_of(client, "?seniority=vp&workplace=remote")
    assert "Remote VP" in page and "Onsite VP" not in page


@pytest.mark.parametrize(
    "query",
    [
        "?seniority=<script>alert(1)</script>",
        "?country=ZZ&function=%00",
        "?page=-3",
        "?page=abc",
        "?page=99999999999999999999999",
        "?tag=" + "x" * 5000,
        "?tag=%E2%80%AE%00",
        "?salary=yes&workplace[]=remote",
    ],
)
def test_odd_query_strings_are_ignored_not_errors(client, add_roles, query):
    add_roles(title="A real role")
    page = page_of(client, query)
    assert "<script>alert(1)</script>" not in page


def test_empty_states(client, add_roles):
    assert "No open roles right now" in page_of(client)
    add_roles(title="Director role")
    assert "No open roles match these filters" in page_of(client, "?seniority=svp")


def test_twenty_a_page(client, add_roles):
    add_roles(25)
    first, second = page_of(client), page_of(client, "?page=2")
    assert first.count('class="role-card card"') == 20
    assert second.count('class="role-card card"') == 5
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "25 open roles." in second


def test_a_deep_page_skips_the_keys_of_the_rows_before_it_not_the_rows(app, client, add_roles):
    """OFFSET reads what it skips: only the roles' ids (an index's entries), then the page's
    rows by id."""
    ids = add_roles(45)  # newest first
    statements = statements_of(app, client, "/roles/?page=3")
    skipping = [statement for statement in statements if "OFFSET" in statement.upper()]
    assert len(skipping) == 1
    assert re.match(r"SELECT role_postings\.id\s+FROM role_postings\b", skipping[0])
    page = page_of(client, "?page=3")
    card_link = re.compile(r'class="role-card card".*?href="/roles/(\d+)', re.S)
    listed = [int(found) for found in card_link.findall(page)]
    assert listed == ids[40:] and "45 open roles." in page


def test_a_page_costs_the_same_queries_whatever_it_lists(app, client, add_roles):
    add_roles(2, tags="gen-ai")
    few = count_queries(app, client, "/roles/")
    add_roles(30, tags="gen-ai")
    many = count_queries(app, client, "/roles/")
    assert few == many
    assert many <= 5  # the public content's generation, read for the kept page and count


def test_feed_is_valid_atom_with_open_roles_only(client, add_roles):
    add_roles(3, title="Open role")
    add_roles(title="Pending role", status="pending")
    response = client.get("/roles/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Open role — Contoso"] * 3


def test_feed_holds_the_newest_fifty(client, add_roles):
    add_roles(55)
    root = ET.fromstring(client.get("/roles/feed.atom").data)
    assert len(list(root.iter(f"{ATOM}entry"))) == 50


def test_sitemap_lists_open_roles(client, add_roles):
    [open_id] = add_roles(title="Open role")
    [pending_id] = add_roles(title="Pending role", status="pending")
    root = ET.fromstring(client.get("/sitemaps/role-1.xml").data)
    urls = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"http://localhost/roles/{open_id}-open-role-contoso" in urls
    assert not any(f"/roles/{pending_id}-" in url for url in urls)


def test_role_url_without_or_with_wrong_slug_redirects_to_the_canonical_one(client, add_roles):
    [role_id] = add_roles()
    for path in (f"/roles/{role_id}", f"/roles/{role_id}-wrong-slug"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.headers["Location"].endswith(
            f"/roles/{role_id}-director-of-ai-strategy-contoso"
        )
