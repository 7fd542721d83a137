"""The time-zone list: current names only, grouped by region; old names still find their zone."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import update

from aicb_board.extensions import db
from aicb_board.mentors.choices import TIMEZONES, current_zone
from aicb_board.mentors.models import MentorProfile
from tests.factories import profile_form
from tests.support import post_form

OLD_NAMES = ["US/Eastern", "US/Pacific", "GB", "Asia/Calcutta", "Europe/Kiev", "Etc/GMT+5",
             "Canada/Pacific", "America/Buenos_Aires", "Asia/Saigon", "Australia/ACT"]  # fmt: skip


def test_the_list_has_current_names_only():
    assert not set(OLD_NAMES) & set(TIMEZONES)
    assert not [zone for zone in TIMEZONES if zone.startswith("Etc/") or zone.startswith("US/")]
    assert {"UTC", "Europe/Kyiv", "Asia/Kolkata", "America/New_York"} <= set(TIMEZONES)
    assert all(ZoneInfo(zone) for zone in TIMEZONES)


def test_the_list_is_sorted_by_region():
    regions = [zone.split("/")[0] for zone in TIMEZONES[1:]]
    assert regions == sorted(regions)
    assert TIMEZONES[0] == "UTC"


def test_every_name_the_old_list_offered_maps_to_a_current_zone():
    old_list = [zone for zone in available_timezones() if "/" in zone and "Etc" not in zone]
    assert all(current_zone(zone) in TIMEZONES for zone in old_list)
    assert current_zone("US/Eastern") == "America/New_York"
    assert current_zone("Europe/Kiev") == "Europe/Kyiv"
    assert current_zone("Mars/Olympus") == ""


def test_the_form_groups_zones_by_region(cast):
    page = cast.alumna.get("/mentors/profile").get_data(as_text=True)
    europe = re.search(r'<optgroup label="Europe">(.*?)</optgroup>', page, re.S)
    assert europe and '<option value="Europe/Berlin">Berlin</option>' in europe.group(1)
    assert 'value="US/Eastern"' not in page


def test_a_profile_saved_with_an_old_name_is_edited_under_the_current_one(app, cast):
    assert post_form(cast.alumna, "/mentors/profile", profile_form()).status_code == 302
    with app.app_context():
        db.session.execute(update(MentorProfile).values(timezone="US/Eastern"))
        db.session.commit()
    page = cast.alumna.get("/mentors/profile").get_data(as_text=True)
    assert '<option selected value="America/New_York">New York</option>' in page
