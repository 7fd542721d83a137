"""A story from draft to withdrawal, as the issue tells it."""

import re
import xml.etree.ElementTree as ET

from tests.factories import profile_form, story_form
from tests.support import decide, post_action, post_form
from tests.test_content import HOSTILE, assert_inert

STORY_SITEMAP = "/sitemaps/story-1.xml"  # one file while there are fewer than SITEMAP_CHUNK stories


def everywhere(client, slug: str, title: str) -> dict[str, bool]:
    return {
        "list": title in client.get("/stories/").get_data(as_text=True),
        "detail": client.get(f"/stories/{slug}").status_code == 200,
        "feed": title in client.get("/stories/feed.atom").get_data(as_text=True),
        "sitemap": f"/stories/{slug}<" in client.get(STORY_SITEMAP).get_data(as_text=True),
        "home": title in client.get("/").get_data(as_text=True),
    }


def test_the_whole_journey_of_a_story(writers, outbox):
    reader = writers.anonymous
    story_id = writers.write()
    slug = writers.slug(story_id)
    assert slug == "from-marketing-director-to-head-of-ai-product"

    # Preview: the author sees it rendered; nobody else does.
    preview = writers.author.get(f"/stories/{story_id}/manage").get_data(as_text=True)
    assert "<h2>Where I started</h2>" in preview and "min read" in preview
    assert reader.get(f"/stories/{slug}").status_code == 404
    assert writers.reader.get(f"/stories/{story_id}/manage").status_code == 403

    # Submit → changes requested → revise → resubmit → published.
    post_action(writers.author, f"/me/submissions/story/{story_id}/submit")
    assert everywhere(reader, slug, "From marketing director") == dict.fromkeys(
        ("list", "detail", "feed", "sitemap", "home"), False
    )
    reason = "Please say what you kept from your old role."
    decide(writers.moderator, f"/moderation/story/{story_id}/request_changes", {"reason": reason})
    assert reason in outbox()[-1].body
    assert reason in writers.author.get(f"/stories/{story_id}/manage").get_data(as_text=True)
    revised = story_form(body=story_form()["body"] + "\n\nI kept my customer network.")
    assert post_form(writers.author, f"/stories/{story_id}/edit", revised).status_code == 302
    post_action(writers.author, f"/me/submissions/story/{story_id}/resubmit")
    decide(writers.moderator, f"/moderation/story/{story_id}/approve")
    assert everywhere(reader, slug, "From marketing director") == dict.fromkeys(
        ("list", "detail", "feed", "sitemap", "home"), True
    )
    root = ET.fromstring(reader.get("/stories/feed.atom").data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"

    # An edit of the live story waits for review; the address stays.
    edited = story_form(title="Marketing to AI product: what I kept")
    assert post_form(writers.author, f"/stories/{story_id}/edit", edited).status_code == 302
    page = reader.get(f"/stories/{slug}").get_data(as_text=True)
    assert "From marketing director" in page and "what I kept" not in page
    review = writers.moderator.get(f"/moderation/story/{story_id}").get_data(as_text=True)
    assert "Proposed edit" in review

    # Withdrawn: gone from the public.
    post_action(writers.author, f"/me/submissions/story/{story_id}/close", {"confirm": "1"})
    assert reader.get(f"/stories/{slug}").status_code == 404
    assert "From marketing director" not in reader.get("/stories/").get_data(as_text=True)


def test_the_authors_mentor_profile_link_shows_once_published(writers):
    from tests.support import post_action as act

    slug = writers.slug(writers.publish())
    assert "for mentorship" not in writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
    post_form(writers.author, "/mentors/profile", profile_form())
    from sqlalchemy import select

    from aicb_board.extensions import db
    from aicb_board.mentors.models import MentorProfile

    with writers.app.app_context():
        profile_id = db.session.scalar(select(MentorProfile.id))
    act(writers.author, f"/me/submissions/mentor/{profile_id}/submit")
    assert "for mentorship" not in writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
    decide(writers.moderator, f"/moderation/mentor/{profile_id}/approve")
    page = writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
    assert f'href="/mentors/{profile_id}">Ask Author for mentorship' in page
    mentor_page = writers.anonymous.get(f"/mentors/{profile_id}").get_data(as_text=True)
    assert "From marketing director to Head of AI Product" in mentor_page


def test_related_stories_share_a_tag_or_the_move(writers):
    slug = writers.slug(writers.publish())
    writers.publish(title="Same move, other words", tags="other")
    writers.publish(title="Shares a tag", from_function="strategy", to_function="strategy")
    writers.publish(title="Unrelated entirely", from_function="design", to_function="design",
                    tags="ux")  # fmt: skip
    page = writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
    related = page.split('id="related"')[1]
    assert "Same move, other words" in related and "Shares a tag" in related
    assert "Unrelated entirely" not in related


def test_same_title_gets_its_own_address(writers):
    first, second = writers.publish(), writers.publish()
    assert writers.slug(first) != writers.slug(second)
    assert writers.slug(second).startswith("from-marketing-director-to-head-of-ai-product-")


def test_filters(writers):
    writers.publish()
    writers.publish(title="Ops to transformation", from_function="operations",
                    to_function="operations", tags="ai-transformation")  # fmt: skip
    page = writers.anonymous.get("/stories/?from_function=operations").get_data(as_text=True)
    assert "Ops to transformation" in page and "From marketing director" not in page
    page = writers.anonymous.get("/stories/?tag=AI%20Product").get_data(as_text=True)
    assert "From marketing director" in page and "Ops to transformation" not in page
    assert "1 story match your filters." in page
    assert writers.anonymous.get("/stories/?to_function=%00&page=-2").status_code == 200


def test_bad_input_gets_clear_messages(writers):
    cases = {
        "title": ("x" * 121, "Field cannot be longer than 120 characters."),
        "summary": ("x" * 281, "Field cannot be longer than 280 characters."),
        "body": ("too short", "between 200 and 50,000"),
        "tags": ("a, b, c, d, e", "at most 4 tags"),
        "months_taken": ("-1", "Between 0 and 240 months."),
        "from_function": ("astrology", "Not a valid choice"),
    }
    for name, (value, message) in cases.items():
        response = post_form(writers.author, "/stories/new", story_form(**{name: value}))
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True), name
    huge = post_form(writers.author, "/stories/new", story_form(body="x" * 100_000))
    assert huge.status_code == 422


def test_reading_time_and_images_shown_as_links_when_no_host_is_listed(writers):
    body = ("word " * 700) + "\n\n![ok](https://example.com/a.png) ![no](http://example.com/b.png)"
    slug = writers.slug(writers.publish(body=body))
    page = writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
    assert "4 min read" in page
    assert 'src="https://example.com/a.png"' not in page and 'src="http://' not in page
    assert 'href="https://example.com/a.png"' in page  # the reader may still open it


def test_hostile_story_bodies_are_inert(writers):
    for text in HOSTILE:
        body = "A real story, long enough to be accepted by the form. " * 5 + "\n\n" + text
        slug = writers.slug(writers.publish(body=body, title=f"Story {HOSTILE.index(text)}"))
        page = writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
        [prose] = re.findall(r'<div class="prose">(.*?)</div>', page, re.S)
        assert_inert(prose)


def test_a_rejected_story_can_no_longer_be_edited(writers):
    story_id = writers.write()
    post_action(writers.author, f"/me/submissions/story/{story_id}/submit")
    decide(writers.moderator, f"/moderation/story/{story_id}/reject", {"reason": "Spam."})
    response = writers.author.get(f"/stories/{story_id}/edit")
    assert response.status_code == 409
    assert "can no longer be edited" in response.get_data(as_text=True)
