""" "Did you mean": for words the board does not hold, and only when the correction finds more."""

import pytest

from tests.search.conftest import publish_role
from tests.search.test_search import search

LEADERSHIP = "Join a team that values calm leadership and clear writing about models. "


@pytest.fixture
def names_and_words(people):
    """Roles that say "leadership" only in their descriptions; a name ("Hannah") whose
    other spelling ("Hana") more items hold."""
    for number, company in enumerate(["Hannah Brooks Consulting", "Hana Analytics", "Hana Labs"]):
        publish_role(people, title=f"Head of Applied AI {number}", company=company,
                     description=LEADERSHIP * 2)  # fmt: skip
    return people


def test_a_typo_of_a_word_in_descriptions_gets_a_suggestion(names_and_words):
    page = search(names_and_words.anonymous, "leadrship")
    assert "Did you mean" in page and ">leadership</a>" in page


def test_a_query_that_finds_what_it_names_gets_no_suggestion(names_and_words):
    page = search(names_and_words.anonymous, "Hannah Brooks")
    assert "Hannah Brooks Consulting" in page
    assert "Did you mean" not in page


def test_no_suggestion_when_the_correction_finds_no_more(names_and_words):
    # "leadrship" corrected finds the three roles, but not among the remote ones (there are none)
    page = search(names_and_words.anonymous, "leadrship", kind="role", workplace="remote")
    assert "Did you mean" not in page
