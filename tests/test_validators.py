"""Links members give are judged as a browser would read them (WHATWG URL parsing)."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField

from aicb_board.validators import (
    WEB_ADDRESS_ADVICE,
    complete_web_address,
    parse_web_url,
    web_url,
)

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


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("northwind.example", "https://northwind.example"),
        ("northwind.example/jobs?id=1", "https://northwind.example/jobs?id=1"),
        ("www.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"),
        ("https://northwind.example", "https://northwind.example"),
        ("http://northwind.example", "http://northwind.example"),
        ("javascript:alert(1)", "javascript:alert(1)"),  # a scheme: judged as typed
        ("ada@example.com", "ada@example.com"),  # an address, not a site
        ("northwind", "northwind"),  # no dot: not a host anyone types for a site
        ("", ""),
    ],
)
def test_a_bare_host_is_completed_with_https(typed, kept):
    assert complete_web_address(typed) == kept


def test_the_shared_url_validator_accepts_a_site_typed_without_https():
    class Site(Form):
        url = StringField(validators=[web_url])

    form = Site(formdata=MultiDict({"url": "northwind.example"}))
    assert form.validate(), form.errors
    assert form.url.data == "https://northwind.example"
    refused = Site(formdata=MultiDict({"url": "javascript:alert(1)"}))
    assert not refused.validate()
    assert refused.url.errors == [WEB_ADDRESS_ADVICE]
