"""Member-written text made safe: Markdown to sanitised HTML, slugs, tags, reading time.

Markdown is rendered with raw HTML switched off (markdown-it-py), then the output is
cleaned by an allow-list sanitiser (nh3) anyway: two independent layers, so a bug in
one does not make a member's text executable.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable

import nh3
from flask import current_app, has_app_context
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup
from slugify import slugify as _slugify

from .validators import parse_web_url

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
LINK_REL = "nofollow ugc noopener"
WORDS_PER_MINUTE = 230
MARKDOWN_TARGET = re.compile(r"\]\([^)]*\)")

_markdown = (
    MarkdownIt("commonmark", {"html": False, "breaks": False, "typographer": False})
    .enable("table")
    .enable("strikethrough")
)


def _heading_below_title(renderer, tokens, idx, options, env) -> str:
    # The page's own title is its only h1: a member's "# heading" becomes an h2.
    token = tokens[idx]
    level = max(int(token.tag[1]), 2)
    return f"<h{level}>" if token.nesting == 1 else f"</h{level}>\n"


def image_allowed(src: str, hosts: Iterable[str]) -> bool:
    """Whether a member's image may load: https, from a listed host (as a browser reads it)."""
    parts = parse_web_url(src, schemes=frozenset({"https"}))
    return parts is not None and parts["hostname"] in hosts


def _image_or_link(renderer, tokens, idx, options, env) -> str:
    # An image loads the moment a page is opened, telling its host who read what (a
    # tracking pixel, even on a moderator's review page): only listed hosts load; any
    # other image is a link its reader may choose to follow.
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if image_allowed(src, env.get("image_hosts", ())):
        return renderer.image(tokens, idx, options, env)
    alt = renderer.renderInlineAsText(token.children or [], options, env) or "image"
    return f'<a href="{escapeHtml(src)}">{escapeHtml(alt)}</a>'


_markdown.add_render_rule("heading_open", _heading_below_title)
_markdown.add_render_rule("heading_close", _heading_below_title)
_markdown.add_render_rule("image", _image_or_link)


def render_markdown(text: str | None, image_hosts: Iterable[str] | None = None) -> Markup:
    """Markdown → HTML that can be shown as is: no script, no event handler, no iframe.

    Links keep http(s) and mailto targets and get rel="nofollow ugc noopener"; images
    load only over https from `image_hosts` (by default the app's IMAGE_HOSTS) and are
    links otherwise. Recent results are kept: the same text renders the same.
    """
    if image_hosts is None:
        image_hosts = current_app.config.get("IMAGE_HOSTS", ()) if has_app_context() else ()
    return _render(text or "", frozenset(image_hosts))


@functools.lru_cache(maxsize=4096)
def _render(text: str, image_hosts: frozenset[str]) -> Markup:
    html = _markdown.render(text, {"image_hosts": image_hosts})

    def listed_images_only(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and not image_allowed(value, image_hosts):
            return None
        return value

    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        attribute_filter=listed_images_only,
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 (sanitised by nh3 above)  # nosec B704


def plain_text(text: str | None) -> str:
    """The text of rendered Markdown without any markup (for summaries, search and feeds):
    the words as typed, "P&L" and "5 < 10" included. Whoever shows it escapes it, once.
    Recent results are kept, as rendered HTML is (an item's page summarises it each time)."""
    return _plain(text or "")


@functools.lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    return html.unescape(nh3.clean(_markdown.render(text), tags=set())).strip()


def slugify(text: str, *, max_length: int = 80) -> str:
    """A URL slug: transliterated ASCII, lower-case, hyphen-separated; "item" if nothing is left."""
    # Transliterated rather than dropped, so "Руководитель по ИИ" keeps a readable address.
    slug = _slugify(text, lowercase=True)
    return slug[:max_length].rstrip("-") or "item"


def normalise_tag(tag: str) -> str:
    """One spelling per tag: lower-case words joined by hyphens ("Gen AI" → "gen-ai")."""
    return slugify(tag, max_length=32) if tag.strip() else ""


def normalise_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags from a list or a comma-separated string, normalised, de-duplicated, in order."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: dict[str, None] = {}
    for tag in tags:
        normal = normalise_tag(tag)
        if normal and normal != "item":
            seen.setdefault(normal, None)
    return list(seen)


def split_list(stored: str | None) -> list[str]:
    """A comma-joined stored list ("gen-ai,llm") as a list."""
    return [part for part in (stored or "").split(",") if part]


def reading_minutes(text: str | None) -> int:
    """Minutes to read `text` at an ordinary pace (at least one).

    Counted on the Markdown source with link and image targets left out: close enough
    to the rendered text, and cheap enough for every card of a list.
    """
    words = len(re.findall(r"\w+", MARKDOWN_TARGET.sub("]", text or "")))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
