"""Member-written Markdown renders safely: a hostile corpus, and ordinary Markdown still works."""

from html.parser import HTMLParser

import pytest

from aicb_board.content import normalise_tags, plain_text, reading_minutes, render_markdown, slugify

HOSTILE = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=10></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<div onclick="alert(1)">hi</div>',
    "<p><b><i>malformed <u>nesting</b></i>",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="https://ok.example" onmouseover="alert(1)">hover</a>',
    "<form action=https://evil.example><input name=password></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[x](vbscript:msgbox(1))",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<!-- <script>alert(1)</script> -->",
    "```html\n<script>alert(1)</script>\n```",
    '[link](https://ok.example "title" onclick="x")',
    "<details open ontoggle=alert(1)>",
]

FORBIDDEN_TAGS = {"script", "iframe", "svg", "object", "embed", "style", "form", "input",
                  "meta", "base", "math", "details", "link", "frame", "frameset"}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class TagCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_inert(html: str) -> None:
    """No executable element, no event handler, no script or data URL, as a browser parses it."""
    collector = TagCollector()
    collector.feed(html)
    for tag, attrs in collector.elements:
        assert tag not in FORBIDDEN_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, html)
            target = "".join((value or "").split()).lower()
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert not target.startswith(BAD_SCHEMES), (tag, name, value)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_inert(text):
    assert_inert(str(render_markdown(text)))


def test_whole_corpus_in_one_document_renders_inert():
    assert_inert(str(render_markdown("\n\n".join(HOSTILE))))


def test_ordinary_markdown_keeps_working():
    html = str(
        render_markdown(
            "# Why this role\n\nWe want **impact** and *care*.\n\n- one\n- two\n\n"
            "1. first\n2. second\n\n> a quote\n\n`code` and\n\n```\nblock\n```\n\n"
            "[our site](https://example.com/about) ![team](https://example.com/team.png)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |",
            image_hosts=frozenset({"example.com"}),
        )
    )
    assert "<h2>Why this role</h2>" in html
    assert "<strong>impact</strong>" in html and "<em>care</em>" in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    assert "<code>code</code>" in html and "<pre><code>block" in html
    assert '<a href="https://example.com/about" rel="nofollow ugc noopener">our site</a>' in html
    assert '<img src="https://example.com/team.png" alt="team">' in html
    assert "<table>" in html


def test_images_only_from_https():
    html = str(render_markdown("![x](http://example.com/a.png)", image_hosts={"example.com"}))
    assert "src=" not in html


def test_an_image_from_an_unlisted_host_is_a_link_not_a_pixel():
    html = str(render_markdown("Hello ![a chart](https://tracker.example/p.gif)"))
    assert "<img" not in html
    assert '<a href="https://tracker.example/p.gif" rel="nofollow ugc noopener">a chart</a>' in html


def test_by_default_no_host_is_listed():
    html = str(render_markdown("![x](https://images.example/a.png)"))
    assert "<img" not in html and 'href="https://images.example/a.png"' in html


def test_an_image_from_a_listed_host_is_shown():
    html = str(
        render_markdown(
            "![chart](https://images.example/a.png) ![px](https://tracker.example/p.gif)",
            image_hosts={"images.example"},
        )
    )
    assert '<img src="https://images.example/a.png" alt="chart">' in html
    assert "tracker.example/p.gif" in html and html.count("<img") == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://images.example.tracker.example/p.gif",
        "https://tracker.example\\@images.example/p.gif",
        "https://user@images.example/p.gif",
    ],
)
def test_an_image_that_only_looks_listed_is_not_shown(url):
    html = str(render_markdown(f"![x]({url})", image_hosts={"images.example"}))
    assert "<img" not in html


def test_raw_html_images_are_never_shown():
    html = str(
        render_markdown(
            '<img src="https://images.example/a.png">\n\ntext <img src=https://t.example/p.gif>',
            image_hosts={"images.example"},
        )
    )
    assert "<img" not in html


def test_helpers():
    assert slugify("Head of AI Product — Zürich!") == "head-of-ai-product-zurich"
    assert slugify("<<<>>>") == "item"
    assert normalise_tags("Gen AI, LLMs,  gen-ai, ,ML") == ["gen-ai", "llms", "ml"]
    # Plain text is the words as typed: whoever shows it escapes it, once.
    assert plain_text("**bold** <b>x</b>") == "bold <b>x</b>"
    assert plain_text("Own the P&L, R&D & M&A; 5 < 10") == "Own the P&L, R&D & M&A; 5 < 10"
    assert reading_minutes("word " * 500) == 3
    assert reading_minutes("") == 1


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Руководитель по ИИ", "rukovoditel-po-ii"),
        ("Διευθυντής Τεχνητής Νοημοσύνης", "dieuthuntes-tekhnetes-noemosunes"),
        ("人工智能产品负责人", "ren-gong-zhi-neng-chan-pin-fu-ze-ren"),
    ],
)
def test_a_title_in_another_script_keeps_a_readable_address(title, slug):
    assert slugify(title) == slug


def test_a_transliterated_slug_keeps_within_max_length():
    assert slugify("Руководитель по искусственному интеллекту", max_length=20) == (
        "rukovoditel-po-iskus"
    )
    assert slugify("Руководитель по ИИ", max_length=15) == "rukovoditel-po"


def test_role_addresses_are_transliterated_too():
    from aicb_board.roles.models import role_slug

    assert role_slug("Руководитель по ИИ", "Яндекс") == "rukovoditel-po-ii-iandeks"
