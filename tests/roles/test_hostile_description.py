"""A hostile role description is inert on every page that shows it."""

import re

import pytest

from tests.support import decide, post_action
from tests.test_content import HOSTILE, assert_inert

PROSE = re.compile(r'<div class="prose">(.*?)</div>', re.S)


def assert_inert_page(page: str) -> None:
    """The rendered description is inert, and the page runs no script of its own."""
    [description] = PROSE.findall(page)
    assert_inert(description)
    scripts = re.findall(r"<script\b[^>]*>", page, re.I)
    assert all(tag == '<script type="application/ld+json">' for tag in scripts), scripts


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_role_description_is_inert_on_every_page(people, text):
    description = f"A real description of the role, long enough to pass.\n\n{text}"
    role_id = people.post_role(description=description)
    assert_inert_page(people.author.get(f"/roles/{role_id}/manage").get_data(as_text=True))
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    assert_inert_page(people.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True))
    decide(people.moderator, f"/moderation/role/{role_id}/approve")
    page = people.anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    assert_inert_page(page.get_data(as_text=True))
