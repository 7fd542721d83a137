"""Searching from a filtered list keeps its filters; role results say what role cards say."""

import re

import pytest

from tests.search.conftest import publish_role
from tests.search.test_search import search


@pytest.fixture
def roles(people):
    """A remote VP role with pay (EMEA), an on-site Director role in the US, a remote role open
    to the UK and Ireland; their companies name them in results (titles are highlighted)."""
    publish_role(people, title="VP of AI Platforms", company="Contoso", seniority="vp",
                 workplace="remote", location="", country="", remote_from=["emea"],
                 salary_min="250000", salary_max="300000", salary_currency="EUR")  # fmt: skip
    publish_role(people, title="Director of AI Products", company="Fabrikam",
                 seniority="director", workplace="onsite", location="Austin", country="US",
                 salary_min="", salary_max="", salary_currency="", salary_period="")  # fmt: skip
    publish_role(people, title="Head of AI Research", company="Initech", seniority="head-of",
                 workplace="remote", location="", country="",
                 remote_from=["uk-ireland"])  # fmt: skip
    return people


def hidden_inputs(page: str) -> dict[str, str]:
    form = re.search(r'<form class="kind-search".*?</form>', page, re.S).group(0)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


def test_the_roles_search_box_carries_the_lists_filters(roles):
    page = roles.anonymous.get("/roles/?seniority=vp&workplace=remote&tag=llm").get_data(True)
    assert hidden_inputs(page) == {"kind": "role", "seniority": "vp", "workplace": "remote"}
    assert 'placeholder="Search roles matching these filters"' in page
    found = search(roles.anonymous, "AI", **hidden_inputs(page))
    assert "Contoso" in found and "Fabrikam" not in found and "Initech" not in found


def test_without_filters_the_search_box_searches_every_role(roles):
    page = roles.anonymous.get("/roles/").get_data(True)
    assert hidden_inputs(page) == {"kind": "role"}


def test_role_results_show_pay_seniority_and_posting_date(roles):
    page = search(roles.anonymous, "platforms", kind="role")
    assert "EUR 250,000–300,000 per year" in page
    assert "<li>VP</li>" in page and "Posted " in page


def test_the_search_page_offers_the_role_filters_and_keeps_the_query(roles):
    page = search(roles.anonymous, "AI", kind="role", seniority="vp")
    assert 'name="q" value="AI"' in page
    assert '<option value="vp" selected>VP</option>' in page
    for name in ("seniority", "function", "workplace", "country"):
        assert f'<select id="search-{name}" name="{name}">' in page
    assert "Clear filters" in page
    assert '<select id="search-seniority"' not in search(roles.anonymous, "AI")  # every kind


def test_the_country_filter_finds_remote_roles_open_to_it(roles):
    page = search(roles.anonymous, "AI", kind="role", country="GB")
    assert "Contoso" in page and "Initech" in page and "Fabrikam" not in page
    page = search(roles.anonymous, "AI", kind="role", country="US")
    assert "Fabrikam" in page and "Contoso" not in page and "Initech" not in page


def test_did_you_mean_keeps_the_filters(roles):
    page = search(roles.anonymous, "platfroms", kind="role", workplace="remote")
    assert "Did you mean" in page
    assert re.search(r'href="/search\?q=platforms&amp;kind=role&amp;workplace=remote"', page)


@pytest.mark.parametrize(("path", "kind"), [("/mentors/", "mentor"), ("/stories/", "story")])
def test_the_mentors_and_stories_search_boxes_carry_their_lists_filters(client, path, kind):
    page = client.get(f"{path}?from_function=go-to-market&to_function=product").get_data(True)
    assert hidden_inputs(page) == {
        "kind": kind,
        "from_function": "go-to-market",
        "to_function": "product",
    }
