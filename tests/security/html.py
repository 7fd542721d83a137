"""What a whole page may contain: markup the board wrote, never markup a member smuggled in."""

from __future__ import annotations

from tests.test_content import TagCollector

EXECUTABLE = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster"}


def assert_page_is_safe(html: str) -> None:
    """No script but the board's own files and JSON-LD, no handler, no script URL."""
    parser = TagCollector()
    parser.feed(html)
    for tag, attrs in parser.elements:
        values = dict(attrs)
        assert tag not in EXECUTABLE, tag
        if tag == "script":
            own = (values.get("src") or "").startswith("/static/")
            assert own or values.get("type") == "application/ld+json", values
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES:
                target = "".join((value or "").split()).lower()
                assert not target.startswith(BAD_SCHEMES), (tag, name, value)
