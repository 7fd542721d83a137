"""The JSON API: published items only, the document's shapes, paging, caching, errors."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from urllib.parse import quote

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_document
from sqlalchemy import select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mentors.models import MentorProfile
from aicb_board.moderation.states import Status
from aicb_board.roles.models import RolePosting
from aicb_board.stories.models import Story

MODELS = {"roles": RolePosting, "mentors": MentorProfile, "stories": Story}
SCHEMAS = {"roles": "Role", "mentors": "Mentor", "stories": "Story"}


@pytest.fixture
def board(make_app):
    app = make_app(API_RATE_LIMIT="100000 per minute")
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def document(board) -> dict:
    response = board.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def conforms(document: dict, name: str, data) -> None:
    """Raise unless `data` is a valid `name` of the OpenAPI document."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)


def walk(client, path: str) -> list[dict]:
    """Every item of a list, following `next` links."""
    items, url = [], path
    while url:
        response = client.get(url.replace("http://localhost", ""))
        assert response.status_code == 200, response.get_data(as_text=True)
        items += response.get_json()["items"]
        url = response.get_json()["next"]
    return items


def published_ids(app, model) -> set[int]:
    with app.app_context():
        query = select(model.id).where(model.status == Status.PUBLISHED)
        if model is RolePosting:
            query = query.where(RolePosting.expires_at > utcnow())
        return set(db.session.scalars(query))


def test_the_document_is_valid_openapi_and_explained(board, document):
    validate_document(document)
    assert set(document["paths"]) == {
        "/api/v1/roles", "/api/v1/roles/{role_id}", "/api/v1/mentors",
        "/api/v1/mentors/{profile_id}", "/api/v1/stories", "/api/v1/stories/{story_id}",
        "/api/v1/search",
    }  # fmt: skip
    guide = board.test_client().get("/api/").get_data(as_text=True)
    assert "updated_since" in guide and "problem details" in guide


def test_the_roles_salary_filter_and_orders_are_described_and_sorted_lists_conform(board, document):
    def parameters(path: str) -> dict[str, dict]:
        return {param["name"]: param for param in document["paths"][path]["get"]["parameters"]}

    roles = parameters("/api/v1/roles")
    assert roles["salary_min"]["schema"]["type"] == "integer"
    assert "Needs `currency`" in roles["salary_min"]["description"]
    assert "USD" in roles["currency"]["schema"]["enum"]
    assert roles["sort"]["schema"]["enum"] == ["newest", "closing", "salary"]
    assert "sort" not in parameters("/api/v1/stories")
    client = board.test_client()
    for sort in ("closing", "salary"):
        items = walk(client, f"/api/v1/roles?sort={sort}&limit=7")
        assert {item["id"] for item in items} == published_ids(board, RolePosting)
        conforms(document, "RoleList", client.get(f"/api/v1/roles?sort={sort}").get_json())
    guide = client.get("/api/").get_data(as_text=True)
    assert "salary_min" in guide and "sort=" in guide


@pytest.mark.parametrize("plural", ["roles", "mentors", "stories"])
def test_lists_hold_every_published_item_once_and_conform(board, document, plural):
    client = board.test_client()
    items = walk(client, f"/api/v1/{plural}?limit=7")
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) and set(ids) == published_ids(board, MODELS[plural])
    first = client.get(f"/api/v1/{plural}?limit=7").get_json()
    conforms(document, f"{SCHEMAS[plural]}List", first)
    detail = client.get(f"/api/v1/{plural}/{ids[0]}")
    conforms(document, SCHEMAS[plural], detail.get_json())
    assert detail.get_json()["url"].startswith("http://localhost/")
    assert client.get(detail.get_json()["url"].replace("http://localhost", "")).status_code == 200


def keys_of(data) -> set[str]:
    """Every key of every object in `data`."""
    if isinstance(data, dict):
        return set(data).union(*map(keys_of, data.values()))
    if isinstance(data, list):
        return set().union(*map(keys_of, data))
    return set()


def test_no_private_field_ever_appears(board):
    client = board.test_client()
    lists = {plural: client.get(f"/api/v1/{plural}?limit=100") for plural in MODELS}
    details = [
        client.get(f"/api/v1/{plural}/{response.get_json()['items'][0]['id']}")
        for plural, response in lists.items()
    ]
    bodies = [*lists.values(), *details, client.get("/api/v1/search?q=ai&limit=100")]
    assert all(body.status_code == 200 for body in bodies)
    keys = set().union(*(keys_of(body.get_json()) for body in bodies))
    private = {
        "email", "apply_email", "contact", "linkedin_url", "status", "status_reason",
        "author_id", "password_hash", "capacity", "paused_until", "expiry_reminded_at",
    }  # fmt: skip
    assert not keys & private
    text = "".join(body.get_data(as_text=True) for body in bodies)
    assert "@aicb-board.example" not in text and "@example." not in text


@pytest.mark.parametrize("state", [s for s in Status if s != Status.PUBLISHED])
def test_an_unpublished_item_is_unreachable_through_every_endpoint(board, state):
    client = board.test_client()
    with board.app_context():
        chosen = {
            plural: db.session.scalars(
                select(model).where(model.status == Status.PUBLISHED).limit(1)
            ).one()
            for plural, model in MODELS.items()
        }
        words = {plural: item.display_title.split()[0] for plural, item in chosen.items()}
        ids = {plural: item.id for plural, item in chosen.items()}
        for item in chosen.values():
            item.status = state.value  # behind the search index's back: it is now stale
        db.session.commit()
    for plural, item_id in ids.items():
        assert client.get(f"/api/v1/{plural}/{item_id}").status_code == 404
        listed = {item["id"] for item in walk(client, f"/api/v1/{plural}?limit=100")}
        assert item_id not in listed
        since = quote((utcnow() - timedelta(days=400)).isoformat())
        synced = {
            item["id"] for item in walk(client, f"/api/v1/{plural}?limit=100&updated_since={since}")
        }
        assert item_id not in synced
        kind = {"roles": "role", "mentors": "mentor", "stories": "story"}[plural]
        found = client.get(f"/api/v1/search?q={words[plural]}&kind={kind}&limit=100").get_json()
        assert item_id not in {hit["id"] for hit in found["items"]}


def test_filters_use_the_pages_names(board, document):
    client = board.test_client()
    vps = walk(client, "/api/v1/roles?seniority=vp&limit=100")
    assert vps and all(role["seniority"] == "vp" for role in vps)
    with board.app_context():
        expected = set(
            db.session.scalars(
                select(RolePosting.id).where(
                    RolePosting.status == Status.PUBLISHED,
                    RolePosting.seniority == "vp",
                    RolePosting.expires_at > utcnow(),
                )
            )
        )
    assert {role["id"] for role in vps} == expected
    remote = walk(client, "/api/v1/roles?workplace=remote&salary=1")
    assert all(role["workplace"] == "remote" and role["salary"] for role in remote)
    product = walk(client, "/api/v1/stories?to_function=product")
    assert all(story["to_function"] == "product" for story in product)
    accepting = walk(client, "/api/v1/mentors?accepting=1")
    assert all(mentor["accepting_mentees"] for mentor in accepting)


def test_updated_since_lists_changes_oldest_first(board):
    client = board.test_client()
    with board.app_context():
        story = db.session.scalars(select(Story).where(Story.status == "published")).first()
        story.title = "A freshly edited title"
        db.session.commit()
        edited_id = story.id
        changed_at = story.updated_at
    since = quote((changed_at - timedelta(seconds=1)).isoformat())
    items = walk(client, f"/api/v1/stories?updated_since={since}&limit=1")
    assert [item["id"] for item in items][-1] == edited_id
    stamps = [item["updated_at"] for item in items]
    assert stamps == sorted(stamps)
    future = (utcnow() + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert walk(client, f"/api/v1/stories?updated_since={future}") == []


def cursor_of(value) -> str:
    """A cursor as a client could forge one."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/roles?seniority=emperor", "seniority"),
        ("/api/v1/roles?limit=0", "limit"),
        ("/api/v1/roles?limit=101", "limit"),
        ("/api/v1/roles?limit=ten", "limit"),
        ("/api/v1/roles?salary=maybe", "salary"),
        ("/api/v1/roles?tag=%21%21%21", "tag"),
        ("/api/v1/mentors?from_function=alchemy", "from_function"),
        ("/api/v1/stories?updated_since=last-tuesday", "updated_since"),
        # In range as written, outside years 1-9999 once in UTC.
        ("/api/v1/roles?updated_since=0001-01-01T00:00:00%2B01:00", "updated_since"),
        ("/api/v1/roles?updated_since=9999-12-31T23:59:59-01:00", "updated_since"),
        ("/api/v1/roles?updated_since=\uff12\uff10\uff12\uff16-01-01T00:00:00Z", "updated_since"),
        (
            "/api/v1/roles?updated_since=2020-01-01T00:00:00Z"
            f"&cursor={cursor_of(['sync', '0001-01-01T00:00:00+01:00', 1])}",
            "cursor",
        ),
        (f"/api/v1/roles?cursor={cursor_of(['browse', '9999-12-31T23:59:59-01:00', 1])}", "cursor"),
        ("/api/v1/roles?limit=%C2%B2", "limit"),
        ("/api/v1/stories?cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("/api/v1/stories?cursor=WyJzeW5jIiwieCIsMV0", "cursor"),  # a sync cursor while browsing
        (f"/api/v1/stories?cursor={cursor_of(['browse', '2026-01-01T00:00:00', 1])}", "cursor"),
        (
            f"/api/v1/stories?cursor={cursor_of(['browse', '2026-01-01T00:00:00Z', 2**40])}",
            "cursor",
        ),
        (f"/api/v1/search?q=ai&cursor={cursor_of(['search', 0, 2**40])}", "cursor"),
        (f"/api/v1/search?q=ai&cursor={cursor_of(['search', 0, 0])}", "cursor"),
        ("/api/v1/search", "q"),
        ("/api/v1/search?q=ai&kind=people", "kind"),
    ],
)
def test_bad_parameters_are_problem_details(board, path, parameter):
    response = board.test_client().get(path)
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400 and body["parameter"] == parameter and body["detail"]


def test_unknown_things_are_404_problems(board):
    client = board.test_client()
    huge = "9" * 30  # no database integer holds it: still a plain 404
    for path in ("/api/v1/roles/999999", "/api/v1/mentors/0", "/api/v1/nothing", "/api/v2/roles",
                 f"/api/v1/stories/{huge}"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404 and response.content_type == "application/problem+json"
    assert client.get(f"/roles/{huge}/a-slug").status_code == 404  # the HTML pages too
    response = client.post("/api/v1/roles")
    assert response.status_code in {400, 405}  # never a state change


def test_a_query_parameter_named_like_a_path_part_changes_nothing(board):
    client = board.test_client()
    first = client.get("/api/v1/roles?limit=1&plural=stories&item_id=1")
    assert first.status_code == 200
    following = first.get_json()["next"].replace("http://localhost", "")
    assert following.startswith("/api/v1/roles?")
    assert client.get(following).status_code == 200


def test_etags_last_modified_and_304(board):
    client = board.test_client()
    mentor_id = client.get("/api/v1/mentors").get_json()["items"][0]["id"]
    for path in ("/api/v1/roles", f"/api/v1/mentors/{mentor_id}", "/api/v1/search?q=ai",
                 "/api/v1/openapi.json", "/api/v1/stories?updated_since=2020-01-01"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["ETag"] and response.headers["Last-Modified"], path
    first = client.get("/api/v1/stories")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    same = client.get("/api/v1/stories", headers={"If-None-Match": first.headers["ETag"]})
    assert same.status_code == 304 and same.get_data() == b""
    since = client.get("/api/v1/stories",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})  # fmt: skip
    assert since.status_code == 304
    with board.app_context():  # removed a few seconds later (HTTP dates count whole seconds)
        story = db.session.scalars(select(Story).where(Story.status == "published")).first()
        story.status = Status.REMOVED.value
        story.updated_at = utcnow() + timedelta(seconds=3)
        db.session.commit()
    changed = client.get("/api/v1/stories", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    later = client.get("/api/v1/stories",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})  # fmt: skip
    assert later.status_code == 200
    preflight = client.options(
        "/api/v1/roles",
        headers={"Origin": "https://example.com", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_too_many_requests_from_one_address(make_app):
    app = make_app(API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [client.get("/api/v1/stories").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
    limited = client.get("/api/v1/stories")
    assert limited.content_type == "application/problem+json"
    assert limited.get_json()["status"] == 429


def test_search_results_conform_and_mark_matches(board, document):
    client = board.test_client()
    body = client.get("/api/v1/search?q=strategy&limit=3").get_json()
    conforms(document, "SearchResults", body)
    assert body["items"] and "<mark>" in "".join(hit["snippet_html"] for hit in body["items"])
    if body["next"]:
        second = client.get(body["next"].replace("http://localhost", "")).get_json()
        assert {h["id"] for h in second["items"]}.isdisjoint({h["id"] for h in body["items"]})
    hostile = client.get("/api/v1/search", query_string={"q": '"<script>alert(1)</script>'})
    assert hostile.status_code == 200 and "<script>" not in hostile.get_data(as_text=True)
