"""Where a remote role can be done from: chosen from regions and countries, found by country."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from aicb_board import create_app
from aicb_board.config import TestConfig
from aicb_board.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.factories import published_role, role_form
from tests.support import post_form, temporary_postgres_database

from .test_browse import page_of

REMOTE_ROLES = {
    "Remote EMEA role": "emea",
    "Remote US role": "US",
    "Remote UK and Ireland role": "uk-ireland",
    "Remote anywhere role": "worldwide",
    "Remote APAC role": "apac",
}


@pytest.fixture
def remote_roles(add_roles):
    for title, codes in REMOTE_ROLES.items():
        add_roles(title=title, workplace="remote", remote_region="", remote_from=codes)
    add_roles(title="Onsite London role", workplace="onsite", country="GB", location="London")


def test_a_country_finds_remote_roles_open_to_it_and_no_others(client, remote_roles):
    page = page_of(client, "?country=US&workplace=remote")
    assert "Remote US role" in page and "Remote anywhere role" in page
    assert "Remote EMEA role" not in page and "Remote UK and Ireland role" not in page
    assert "2 open roles match your filters." in page


def test_a_country_finds_its_regions_and_the_roles_based_there(client, remote_roles):
    page = page_of(client, "?country=GB")
    for title in ("Remote UK and Ireland role", "Remote EMEA role", "Remote anywhere role",
                  "Onsite London role"):  # fmt: skip
        assert title in page
    assert "Remote US role" not in page and "Remote APAC role" not in page


def test_the_role_page_and_the_api_name_the_chosen_places(app, client, people):
    role_id = published_role(
        app, people.author_user, people.moderator_user,
        workplace="remote", location="", country="", remote_from=["emea", "US"],
    )  # fmt: skip
    page = client.get(f"/roles/{role_id}", follow_redirects=True).get_data(as_text=True)
    assert "Remote (EMEA, United States)" in page
    role = client.get(f"/api/v1/roles/{role_id}").get_json()
    assert role["remote_from"] == ["emea", "US"]
    assert role["remote_region"] == "EMEA, United States"
    found = client.get("/api/v1/roles?country=GB").get_json()
    assert [item["id"] for item in found["items"]] == [role_id]
    edit = people.author.get(f"/roles/{role_id}/edit").get_data(as_text=True)
    assert '<option selected value="emea">EMEA</option>' in edit
    assert '<option selected value="US">United States</option>' in edit
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Role"]
    assert "uk-ireland" in schema["properties"]["remote_from"]["items"]["enum"]


def test_the_form_offers_the_places_and_refuses_unknown_ones(people):
    form = people.author.get("/roles/new").get_data(as_text=True)
    assert 'multiple name="remote_from"' in form or 'name="remote_from" multiple' in form
    assert '<option value="uk-ireland">UK &amp; Ireland</option>' in form
    data = role_form(workplace="remote", location="", country="", remote_from=["mars"])
    response = post_form(people.author, "/roles/new", data)
    assert response.status_code == 422
    assert "is not a valid choice" in response.get_data(as_text=True)


def remote_from_after_upgrade(url: str, instance: str) -> dict[str, tuple[str, str]]:
    """Roles typed with free text before 0014, upgraded: each one's codes and its old text."""
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=instance)
    texts = ["EMEA", "US time zones", "UK and Ireland", "Worldwide", "Europe", "Germany",
             "Europe / UK", "Anywhere in the solar system", ""]  # fmt: skip
    with app.app_context():
        upgrade(revision="0013")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, display_name, password_hash, role, headline,"
                    " linkedin_url, bio, session_version, created_at, password_changed_at)"
                    " VALUES ('old@example.com', 'Old', 'x', 'member', '', '', '', 1,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
            for number, typed in enumerate(texts):
                connection.execute(
                    text(
                        "INSERT INTO role_postings (author_id, status, status_reason, title,"
                        " company, company_url, workplace, location, country, remote_region,"
                        " seniority, function, employment_type, salary_currency,"
                        " salary_period, description, apply_url, apply_email, tags,"
                        " expires_at, created_at, updated_at) VALUES (1, 'published', '',"
                        " :title, 'Contoso', '', 'remote', '', '', :typed, 'director',"
                        " 'strategy', 'full-time', '', '', 'A role.', 'https://c.example', '',"
                        " '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"title": f"Role {number}", "typed": typed},
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT remote_region, remote_from FROM role_postings")
            ).all()
            queued = connection.execute(text("SELECT count(*) FROM search_queue")).scalar_one()
        db.engine.dispose()
    return {typed: codes for typed, codes in rows}, queued


EXPECTED = {
    "EMEA": "emea", "US time zones": "US", "UK and Ireland": "uk-ireland",
    "Worldwide": "worldwide", "Europe": "europe", "Germany": "DE", "Europe / UK": "europe,GB",
    "Anywhere in the solar system": "", "": "",
}  # fmt: skip


def test_the_upgrade_turns_known_free_text_into_codes_and_keeps_the_text(tmp_path):
    codes, queued = remote_from_after_upgrade(f"sqlite:///{tmp_path / 'o.sqlite3'}", str(tmp_path))
    assert codes == EXPECTED
    assert queued == 7  # the published roles whose codes the search index must learn


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="set TEST_DATABASE_URL to check PostgreSQL")
def test_the_upgrade_turns_known_free_text_into_codes_on_postgresql(tmp_path):
    with temporary_postgres_database(TEST_DATABASE_URL) as url:
        codes, queued = remote_from_after_upgrade(url, str(tmp_path))
    assert codes == EXPECTED and queued == 7
