"""Links members give are judged as a browser would read them (WHATWG URL parsing)."""

import pytest

from aicb_board.validators import parse_web_url

HOSTILE_LINKS = [
    "https://evil.example\\@www.linkedin.com/in/x",  # browsers go to evil.example
    "https://user:secret@www.linkedin.com/in/x",
    "javascript:alert(1)",
    "JavaScript://www.linkedin.com/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://www.linkedin.com/in/x",
    "https://www.linked\tin.com/in/x",  # browsers drop the tab: refused, not repaired
    "https://www.linkedin.com/in/x\n",
    "https://www.linkedin.com/in/\x00x",
    "https:\\\\evil.example",
    "https://",
    "https:// www.linkedin.com",
]


@pytest.mark.parametrize("text", HOSTILE_LINKS)
def test_hostile_links_are_refused(text):
    assert parse_web_url(text) is None


def test_plain_links_are_accepted_with_the_host_a_browser_visits():
    assert parse_web_url("https://www.linkedin.com/in/ada")["hostname"] == "www.linkedin.com"
    assert parse_web_url("HTTP://Example.COM/jobs?id=1")["hostname"] == "example.com"
    assert parse_web_url("https://medium.com/@ada/story")["hostname"] == "medium.com"


def test_lookalike_letters_give_a_different_host():
    # A Cyrillic "і" in "lіnkedin" is another domain: the host is its punycode.
    assert parse_web_url("https://www.l\u0456nkedin.com/in/x")["hostname"].startswith("www.xn--")
