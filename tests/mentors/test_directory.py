"""The mentor directory: filters in the URL, odd input ignored, a fixed query cost."""

import re

import pytest

from tests.factories import profile_form
from tests.support import count_queries, post_form
from tests.test_content import HOSTILE, assert_inert


@pytest.fixture
def two_mentors(cast):
    cast.publish_profile("alumna")  # go-to-market → product, en/de, video/async, fintech
    cast.publish_profile(
        "engineer", from_role="VP Engineering", to_role="Head of ML Platform",
        from_function="engineering", to_function="data-ml", industries="healthtech",
        expertise="mlops", formats=["in-person"], languages=["fr"],
    )  # fmt: skip
    return cast


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?from_function=engineering", "VP Engineering", "Director of Marketing"),
        ("?to_function=product", "Director of Marketing", "VP Engineering"),
        ("?expertise=mlops", "VP Engineering", "Director of Marketing"),
        ("?expertise=LLM%20Products", "Director of Marketing", "VP Engineering"),
        ("?industry=fintech", "Director of Marketing", "VP Engineering"),
        ("?language=fr", "VP Engineering", "Director of Marketing"),
        ("?format=in-person", "VP Engineering", "Director of Marketing"),
    ],
)
def test_each_filter_narrows_the_directory(two_mentors, query, shown, hidden):
    page = two_mentors.anonymous.get(f"/mentors/{query}").get_data(as_text=True)
    assert shown in page and hidden not in page
    assert "1 mentor match your filters." in page


@pytest.mark.parametrize(
    "query", ["?from_function=<script>", "?language=%00", "?page=-1", "?expertise=" + "x" * 4000]
)
def test_odd_filters_are_ignored(two_mentors, query):
    response = two_mentors.anonymous.get(f"/mentors/{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[1]


def test_directory_costs_the_same_queries_whatever_it_lists(app, cast):
    cast.publish_profile("m0")
    few = count_queries(app, cast.anonymous, "/mentors/")
    for n in range(1, 6):
        cast.publish_profile(f"m{n}", from_role=f"Role {n}")
    assert count_queries(app, cast.anonymous, "/mentors/") == few


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_bio_is_inert(cast, text):
    profile_id = cast.publish_profile(
        bio=f"A real bio that is long enough to be accepted.\n\n{text}"
    )
    page = cast.anonymous.get(f"/mentors/{profile_id}").get_data(as_text=True)
    [bio] = re.findall(r'<div class="prose">(.*?)</div>', page, re.S)
    assert_inert(bio)


def test_bad_profile_input_gets_clear_messages(cast):
    cases = {
        "contact": ("javascript:alert(1)", "email address or a booking link"),
        "linkedin_url": ("https://evil.example/in/x", "LinkedIn profile link"),
        "capacity": ("0", "Number must be between 1 and 20"),
        "timezone": ("Mars/Olympus", "Not a valid choice"),
        "expertise": ("a,b,c,d,e,f,g,h,i", "at most 8"),
        "bio": ("short", "between 50 and 10,000"),
        "paused_until": ("2001-01-01", "today or a later date"),
    }
    for name, (value, message) in cases.items():
        response = post_form(cast.alumna, "/mentors/profile", profile_form(**{name: value}))
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True), name
    hostile = {
        "contact": ("https://evil.example\\@cal.example/x", "email address or a booking link"),
        "linkedin_url": ("https://evil.example\\@www.linkedin.com/in/x", "LinkedIn profile link"),
    }
    for name, (value, message) in hostile.items():
        response = post_form(cast.alumna, "/mentors/profile", profile_form(**{name: value}))
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True), name
    for contact in ("https://a:b@cal.example/x", "javascript:alert(1)//@x.example"):
        response = post_form(cast.alumna, "/mentors/profile", profile_form(contact=contact))
        assert response.status_code == 422, contact
    response = post_form(cast.alumna, "/mentors/profile", profile_form(formats=[]))
    assert "Pick at least one format." in response.get_data(as_text=True)
