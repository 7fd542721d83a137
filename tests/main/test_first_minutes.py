"""A newcomer's first minutes: the home page leads somewhere, and so does registering."""

from __future__ import annotations

import re


def section(page: str, attribute: str) -> str:
    """The HTML of the first <section> whose opening tag has `attribute` (e.g. `class="hero"`)."""
    match = re.search(rf"<section[^>]*{attribute}.*?</section>", page, re.S)
    assert match, f"no section with {attribute}"
    return match.group(0)


def test_the_home_page_offers_a_search_box_and_a_way_to_browse_roles(client):
    hero = section(client.get("/").get_data(as_text=True), 'class="hero"')
    assert re.search(r'<form[^>]*method="get"[^>]*action="/search"', hero)
    assert re.search(r'<input[^>]*type="search"[^>]*name="q"', hero)
    assert re.search(r'<a[^>]*href="/roles/"[^>]*>Browse roles</a>', hero)


def test_the_three_feature_cards_link_to_roles_mentors_and_stories(client):
    cards = section(client.get("/").get_data(as_text=True), 'aria-label="What you find here"')
    assert re.findall(r'<h2><a href="([^"]+)"', cards) == ["/roles/", "/mentors/", "/stories/"]


def test_the_member_menu_links_the_mentor_profile_and_a_new_story(members):
    members.add("newcomer")
    page = members.sign_in("newcomer").get("/")
    menu = re.search(r'<div class="menu-panel">.*?</div>', page.get_data(as_text=True), re.S)
    assert '<a href="/mentors/profile/manage">My mentor profile</a>' in menu.group(0)
    assert '<a href="/stories/new">Write a story</a>' in menu.group(0)


def test_registering_lands_on_next_steps(client, auth):
    response = auth.register()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    steps = section(page, 'aria-labelledby="next-steps"')
    assert "Next steps" in steps
    for link, text in (("/roles/new", "Post a role"), ("/mentors/profile", "Offer mentorship"),
                       ("/stories/new", "Tell your story")):  # fmt: skip
        assert f'<a href="{link}">{text}</a>' in steps


def test_a_visitor_sees_no_next_steps(client):
    assert "Next steps" not in client.get("/").get_data(as_text=True)
