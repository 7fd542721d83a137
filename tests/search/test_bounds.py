"""No query may stall the site: costly queries are simplified, and the member is told."""

import pytest

from aicb_board.search.backends import backend
from aicb_board.search.bounds import MAX_WORDS, bound_query
from aicb_board.search.documents import SearchDocument
from aicb_board.search.whoosh_reading import MAX_EXPANSION

MANY_WILDCARDS = " ".join(f"*{c}*" for c in "abcdefghijklmnopqrstuvwxyz0123456789")[:200]

# (typed, what the page says was searched, or None when nothing was left to search)
ADVERSARIAL = [
    ("*", None),
    ("?", None),
    ("*a*", "a"),
    ("*strategy", "strategy"),
    ("?trategy", "trategy"),
    (MANY_WILDCARDS, "a b c d e f g h i j"),
    ("s??????? s*", "s s"),
    ("st?????y", "st*"),
    ("strat*egy*", "strat*"),
    ("ab* cd* ef* gh*", "ab* cd* ef* gh"),
    (" ".join(["strategy"] * 60), " ".join(["strategy"] * MAX_WORDS)),
    (" OR ".join(["strategy"] * 30), " OR ".join(["strategy"] * 5) + " OR"),
    ('"' + " ".join(["director of ai strategy"] * 10) + '"',
     '"director of ai strategy director of ai strategy director of"'),
    ('"strat* director"', '"strat director"'),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "searched"), ADVERSARIAL)
def test_costly_queries_are_simplified_and_the_page_says_so(board, typed, searched):
    response = board.anonymous.get("/search", query_string={"q": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    if searched is None:
        assert "Nothing was left to search for" in page
    else:
        assert f"We searched for “{searched}”" in page.replace("&#34;", '"')
    assert "Hidden Corp" not in page


def test_a_short_prefix_says_how_many_letters_a_wildcard_needs(board):
    page = board.anonymous.get("/search", query_string={"q": "*trat*"}).get_data(as_text=True)
    assert "Wildcards need at least 2 letters before *." in page


def test_fuzzy_tildes_are_punctuation(board):
    page = board.anonymous.get("/search", query_string={"q": "strategy~2"}).get_data(as_text=True)
    assert "Contoso Health" in page and "We searched for" not in page


def test_ordinary_queries_are_searched_as_typed(board):
    for typed in ("strategy", "strat*", '"conversational AI"', "head of conversational ai"):
        page = board.anonymous.get("/search", query_string={"q": typed}).get_data(as_text=True)
        assert "We searched for" not in page


@pytest.mark.parametrize(
    "typed", ["*", "*a*", MANY_WILDCARDS, "str?tegy", " ".join(["ai"] * 40), '"strat*"']
)
def test_the_api_refuses_a_costly_query_with_a_400_that_says_why(board, typed):
    response = board.anonymous.get("/api/v1/search", query_string={"q": typed})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["parameter"] == "q"
    assert any(words in body["detail"] for words in ("Wildcard", "* only", "first 10 words"))


def test_the_api_answers_a_bounded_prefix(board):
    response = board.anonymous.get("/api/v1/search", query_string={"q": "strat*"})
    assert response.status_code == 200 and response.get_json()["total"] == 2


def test_bounding_twice_changes_nothing():
    for typed, _ in ADVERSARIAL:
        once = bound_query(typed)
        assert bound_query(once.text) == type(once)(once.text)


def test_a_prefix_expands_to_a_bounded_number_of_words(app):
    words = [f"strata{number:03d}" for number in range(3 * MAX_EXPANSION)]
    documents = [
        SearchDocument("role", number, f"Head of {word}", "Summary", "Body " * (1 + number % 5))
        for number, word in enumerate(words)
    ]
    # Other documents, so that the postings budget (a share of all documents) is not what
    # stops the expansion here: the word cap is.
    documents += [
        SearchDocument("story", number, "A move into AI", "Summary", "Body")
        for number in range(1, 4 * len(words))
    ]
    with app.app_context():
        backend().apply(documents, [])
        expanded = backend().expansion("strata")
        results = backend().search("strata*", per_page=5)
        found_words = backend().search("strata000").total
    assert len(expanded) == MAX_EXPANSION
    assert set(expanded) <= set(words)
    assert results.total == MAX_EXPANSION  # one document per expanded word
    assert found_words == 1


def test_searches_past_the_rate_limit_answer_429(make_app):
    app = make_app(SEARCH_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.get("/search", query_string={"q": "ai"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert "Too many attempts" in client.get("/search?q=ai").get_data(as_text=True)
    assert client.get("/roles/").status_code == 200  # only search is limited
