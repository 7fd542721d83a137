"""Issue 16 for stories: a story says when it was published."""

import re

from aicb_board.extensions import db
from aicb_board.stories.models import Story


def test_a_story_page_shows_its_publication_date(app, writers):
    story_id = writers.publish()
    with app.app_context():
        published_at = db.session.get(Story, story_id).published_at
    page = writers.anonymous.get(f"/stories/{writers.slug(story_id)}").get_data(as_text=True)
    stamp = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', page)
    assert stamp, "no <time> on the story page"
    assert stamp.group(1).startswith(published_at.date().isoformat())
    assert stamp.group(2) == published_at.strftime("%d %B %Y")


def test_the_tags_field_suggests_the_published_tags(writers):
    story_id = writers.publish()
    with writers.app.app_context():
        tags = db.session.get(Story, story_id).tag_list
    form = writers.author.get("/stories/new").get_data(as_text=True)
    assert 'list="tags-suggestions"' in form
    for tag in tags:
        assert f'<option value="{tag}">' in form
