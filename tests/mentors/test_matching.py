"""Mentors suggested for a member's move: the ranking's clear cases, its reasons, who never
appears, and working hours across time zones (DST included)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aicb_board.database import utcnow
from aicb_board.mentors.hours import overlap_hours, time_difference
from aicb_board.mentors.matching import WEIGHTS, move_points, score, suggestions
from aicb_board.mentors.models import MemberMove, MentorProfile
from tests.factories import draft_profile
from tests.mentors.test_limits import set_profile
from tests.support import post_action

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
# Between the two DST changes: New York is on summer time (8 March), London not yet (29 March).
MID_MARCH = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def a_move(**fields) -> MemberMove:
    """A member's move, go-to-market → product unless told otherwise (not saved)."""
    values = {"user_id": 0, "from_function": "go-to-market", "from_role": "",
              "to_function": "product", "industries": "", "languages": "", "timezone": "",
              "topics": ""}  # fmt: skip
    values.update(fields)
    return MemberMove(**values)


def a_mentor(**fields) -> MentorProfile:
    """A mentor profile in memory, go-to-market → product, English, not recently active."""
    values = {"id": 1, "from_function": "go-to-market", "to_function": "product",
              "industries": "", "languages": "en", "timezone": "", "expertise": "",
              "topics": "", "updated_at": LONG_AGO}  # fmt: skip
    values.update(fields)
    return MentorProfile(**values)


def suggested(app, move: MemberMove, **options) -> list[tuple[str, str]]:
    """(from_role, why) of each suggestion, best first."""
    with app.app_context():
        return [(found.profile.from_role, found.why) for found in suggestions(move, **options)]


def roles_of(app, move: MemberMove, **options) -> list[str]:
    return [role for role, _why in suggested(app, move, **options)]


# The move ---------------------------------------------------------------------------


def test_move_tiers_rank_exact_then_same_target_then_related_and_say_why():
    move = a_move()
    expected = [
        ("go-to-market", "product", "Also went from go-to-market to product"),
        ("operations", "product",
         "Also moved into product, from operations (the business side, like go-to-market)"),
        ("engineering", "product", "Also moved into product, from engineering"),
        ("go-to-market", "design", "Also started in go-to-market, then moved into design "
                                   "(product and technology, like product)"),
        ("operations", "data-ml", "Moved into data & ML (product and technology, like product)"),
        ("other", "design", "Moved into design (product and technology, like product)"),
        ("go-to-market", "strategy", "Also started in go-to-market, then moved into strategy"),
    ]  # fmt: skip
    found = [move_points(move, origin, target) for origin, target, _words in expected]
    assert [words for _points, words in found] == [words for *_, words in expected]
    points = [points for points, _words in found]
    assert points == sorted(points, reverse=True)
    assert points[0] == WEIGHTS["same_target"] + WEIGHTS["same_origin"] + WEIGHTS["same_move"]
    assert points[5] < points[4] < points[3] < points[2] < points[1] < points[0]


def test_a_move_within_one_function_says_so():
    move = a_move(from_function="product")
    assert move_points(move, "product", "product")[1] == "Also moved within product"


UNFITTING = [("engineering", "strategy"), ("operations", "strategy"), ("other", "other")]


@pytest.mark.parametrize(("origin", "target"), UNFITTING)
def test_a_move_that_does_not_fit_is_no_suggestion(origin, target):
    assert move_points(a_move(), origin, target) == (0, "")
    assert score(a_move(), a_mentor(from_function=origin, to_function=target), now=WINTER) is None


def test_the_same_move_beats_the_same_target_beats_a_related_one_and_unrelated_never_shows(
    app, cast
):
    cast.publish_profile("related", from_role="Related", from_function="other",
                         to_function="design")  # fmt: skip
    cast.publish_profile("unrelated", from_role="Unrelated", from_function="engineering",
                         to_function="strategy")  # fmt: skip
    cast.publish_profile("target", from_role="Target", from_function="engineering")
    cast.publish_profile("exact", from_role="Exact")
    move = a_move(user_id=cast.users["leader"].id)
    assert roles_of(app, move) == ["Exact", "Target", "Related"]
    assert suggested(app, move)[0][1].startswith("Also went from go-to-market to product")


def test_the_same_target_from_a_related_function_beats_one_from_elsewhere(app, cast):
    cast.publish_profile("engineer", from_role="Engineer", from_function="engineering")
    cast.publish_profile("operator", from_role="Operator", from_function="operations")
    assert roles_of(app, a_move(user_id=cast.users["leader"].id)) == ["Operator", "Engineer"]


def test_equal_mentors_keep_one_order_the_older_profile_first(app, cast):
    for name in ("first", "second", "third"):
        cast.publish_profile(name, from_role=name.title())
    move = a_move(user_id=cast.users["leader"].id)
    assert roles_of(app, move) == ["First", "Second", "Third"]
    assert roles_of(app, move) == roles_of(app, move)


def test_at_most_the_limit_is_suggested(app, cast):
    for n in range(4):
        cast.publish_profile(f"m{n}", from_role=f"Mentor {n}")
    assert roles_of(app, a_move(user_id=cast.users["leader"].id), limit=2) == [
        "Mentor 0",
        "Mentor 1",
    ]


# What the member said about themselves ----------------------------------------------


def test_a_mentor_who_speaks_none_of_the_members_languages_is_never_suggested(app, cast):
    cast.publish_profile("spanish", from_role="Habla", languages=["en", "es"])
    cast.publish_profile("german", from_role="Spricht", languages=["en", "de"])
    leader = cast.users["leader"].id
    assert suggested(app, a_move(user_id=leader, languages="es")) == [
        ("Habla", "Also went from go-to-market to product · speaks Spanish · "
                  "active in the last 30 days")
    ]  # fmt: skip
    assert roles_of(app, a_move(user_id=leader, languages="fr,pt")) == []
    # English only: both speak it, and the board's common language is no reason to name.
    both = suggested(app, a_move(user_id=leader, languages="en"))
    assert [role for role, _ in both] == ["Habla", "Spricht"]
    assert not any("speaks" in why for _, why in both)
    assert roles_of(app, a_move(user_id=leader)) == ["Habla", "Spricht"]  # no languages given


def test_a_shared_language_beyond_english_ranks_higher():
    move = a_move(languages="en,es")
    spanish = score(move, a_mentor(languages="en,es"), now=WINTER)
    english = score(move, a_mentor(languages="en"), now=WINTER)
    assert spanish.score == english.score + WEIGHTS["language"]
    assert "speaks Spanish" in spanish.reasons


def test_shared_industries_and_topics_rank_higher_and_are_named(app, cast):
    cast.publish_profile("plain", from_role="Plain", industries="retail", expertise="pricing",
                         topics="Pricing")  # fmt: skip
    cast.publish_profile("fit", from_role="Fit", industries="fintech, insurance",
                         expertise="hiring", topics="Building an AI team\nPositioning")  # fmt: skip
    move = a_move(user_id=cast.users["leader"].id, industries="fintech,insurance",
                  topics="hiring,positioning,evaluation")  # fmt: skip
    [(first, why), (second, plain_why)] = suggested(app, move)
    assert (first, second) == ("Fit", "Plain")
    assert "also in fintech and insurance" in why
    assert "can help with hiring and positioning" in why
    assert "also in" not in plain_why and "can help" not in plain_why


def test_the_example_reasons_read_as_the_issue_says():
    move = a_move(languages="en,es", timezone="Europe/London")
    found = score(move, a_mentor(languages="es,en", timezone="Europe/Madrid"), now=WINTER)
    assert found.why == (
        "Also went from go-to-market to product · 1 h time difference · speaks Spanish"
    )


def test_recent_activity_is_a_small_tie_breaker():
    move = a_move()
    recent = score(move, a_mentor(updated_at=WINTER - timedelta(days=3)), now=WINTER)
    quiet = score(move, a_mentor(), now=WINTER)
    assert recent.score - quiet.score == WEIGHTS["recent"]
    assert "active in the last 30 days" in recent.reasons and len(quiet.reasons) == 1
    accepted = a_mentor()
    accepted.last_accepted = WINTER - timedelta(days=10)  # as `suggestions` reads it from SQL
    assert score(move, accepted, now=WINTER).score == recent.score


# Working hours ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "mentor", "now", "overlap", "words"),
    [
        ("Europe/Berlin", "Europe/Paris", WINTER, 9, "same time zone"),
        ("Europe/London", "Europe/Berlin", WINTER, 8, "1 h time difference"),
        ("America/New_York", "Europe/London", WINTER, 4, "5 h time difference"),
        ("America/New_York", "Europe/London", MID_MARCH, 5, "4 h time difference"),
        ("Asia/Kolkata", "Europe/London", WINTER, 3.5, "5.5 h time difference"),
        # Sydney's morning is Los Angeles' evening of the day before.
        ("America/Los_Angeles", "Australia/Sydney", WINTER, 4, "19 h time difference"),
        ("Australia/Sydney", "America/Los_Angeles", WINTER, 4, "19 h time difference"),
        ("Europe/London", "Asia/Tokyo", WINTER, 0, "9 h time difference"),
    ],
)
def test_working_hours_overlap_in_each_zones_own_time(member, mentor, now, overlap, words):
    assert overlap_hours(member, mentor, now) == overlap
    found = score(a_move(timezone=member), a_mentor(timezone=mentor), now=now)
    assert found.reasons[1] == words
    points, _ = move_points(a_move(), "go-to-market", "product")
    assert found.score == points + WEIGHTS["overlap_hour"] * overlap


def test_the_time_difference_follows_daylight_saving():
    assert time_difference("America/New_York", "Europe/London", WINTER) == 5
    assert time_difference("America/New_York", "Europe/London", MID_MARCH) == 4


def test_a_mentor_in_hours_like_yours_ranks_first(app, cast):
    cast.publish_profile("far", from_role="Far", timezone="Asia/Singapore")
    cast.publish_profile("near", from_role="Near", timezone="Europe/Paris")
    move = a_move(user_id=cast.users["leader"].id, timezone="Europe/London")
    [(first, why), (second, far_why)] = suggested(app, move, now=WINTER)
    assert (first, second) == ("Near", "Far")
    assert "1 h time difference" in why and "8 h time difference" in far_why


def test_no_time_zone_given_means_no_hours_reason():
    found = score(a_move(), a_mentor(timezone="Europe/Berlin"), now=WINTER)
    assert found.reasons == ["Also went from go-to-market to product"]


# Who is never suggested -------------------------------------------------------------


def test_full_paused_and_not_accepting_mentors_are_never_suggested(app, cast):
    full = cast.publish_profile("fullmentor", from_role="Full", capacity="1")
    cast.ask("mentee", full)
    post_action(cast.fullmentor, f"/mentorship/{cast.request_id('mentee', full)}/accept")
    cast.publish_profile("closed", from_role="Closed", accepting="")
    paused = cast.publish_profile("paused", from_role="Paused")
    set_profile(app, paused, paused_until=(utcnow() + timedelta(days=3)).date())
    cast.publish_profile("open", from_role="Open")
    assert roles_of(app, a_move(user_id=cast.users["leader"].id)) == ["Open"]


def test_a_kept_ranking_never_suggests_a_mentor_who_filled_up_or_was_asked(app, cast):
    leader = cast.users["leader"].id
    first = cast.publish_profile("first", from_role="First", capacity="1")
    cast.publish_profile("second", from_role="Second")
    assert sorted(roles_of(app, a_move(user_id=leader))) == ["First", "Second"]
    cast.ask("mentee", first)  # the ranking is kept: the seat is checked on every page
    post_action(cast.first, f"/mentorship/{cast.request_id('mentee', first)}/accept")
    assert roles_of(app, a_move(user_id=leader)) == ["Second"]
    cast.ask("leader", cast.profile_id("second"))
    assert roles_of(app, a_move(user_id=leader)) == []
    cast.publish_profile("third", from_role="Third")  # a newly published mentor reranks
    assert roles_of(app, a_move(user_id=leader)) == ["Third"]


def test_a_mentor_with_a_spot_left_is_suggested_with_it(app, cast):
    two = cast.publish_profile("two", from_role="Two", capacity="2")
    cast.ask("mentee", two)
    post_action(cast.two, f"/mentorship/{cast.request_id('mentee', two)}/accept")
    with app.app_context():
        [found] = suggestions(a_move(user_id=cast.users["leader"].id))
        assert (found.taken, found.entry.spots_open, found.entry.available) == (1, 1, True)


def test_an_unpublished_profile_the_member_own_and_one_already_asked_are_left_out(app, cast):
    cast.add("drafter")
    draft_profile(app, cast.users["drafter"], from_role="Draft")
    cast.publish_profile("asked", from_role="Asked")
    cast.ask("leader", cast.profile_id("asked"))
    cast.publish_profile("leader", from_role="Mine")
    cast.publish_profile("other", from_role="Other")
    assert roles_of(app, a_move(user_id=cast.users["leader"].id)) == ["Other"]


def test_a_nearby_move_that_fits_much_better_is_still_found_among_many_exact_ones(app, cast):
    """The exact-move mentors fill the list, yet a same-target mentor who shares the member's
    hours, industries, language and topics outranks them, as the weights say."""
    for n in range(6):
        cast.publish_profile(f"exact{n}", from_role=f"Exact {n}", timezone="Asia/Tokyo",
                             industries="retail", expertise="pricing", topics="Pricing",
                             languages=["en"])  # fmt: skip
    cast.publish_profile("engineer", from_role="Engineer", from_function="engineering",
                         timezone="Europe/London", industries="fintech, insurance",
                         expertise="hiring, positioning, evaluation",
                         languages=["en", "es"])  # fmt: skip
    move = a_move(user_id=cast.users["leader"].id, timezone="Europe/London",
                  industries="fintech,insurance", languages="en,es",
                  topics="hiring,positioning,evaluation")  # fmt: skip
    assert roles_of(app, move, now=WINTER)[:2] == ["Engineer", "Exact 0"]
