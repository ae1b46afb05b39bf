"""The error contract: every failure is {"code", "status", "message", "errors"} with the
matching HTTP status, never a 500, and a failed write leaves nothing behind."""

from __future__ import annotations

import http
import json as jsonlib
from typing import Any
from urllib.parse import quote

import pytest

from tests.people import ApiClient

TITLE = "How do I request a second monitor?"
BODY = "Facilities says to ask my manager, my manager says to ask facilities."


def question(**overrides: Any) -> dict[str, Any]:
    return {"title": TITLE, "body": BODY, "tags": ["equipment"], **overrides}


def assert_error_envelope(response: Any, status: int) -> dict[str, Any]:
    """The four keys with the right types, and a status phrase that matches the code."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json, response.get_data(as_text=True)
    data = response.get_json()
    assert isinstance(data, dict)
    assert set(data) == {"code", "status", "message", "errors"}, data
    assert type(data["code"]) is int and data["code"] == status
    assert data["status"] == http.HTTPStatus(data["code"]).phrase
    assert isinstance(data["message"], str) and data["message"]
    assert isinstance(data["errors"], dict)
    assert all(isinstance(key, str) for key in data["errors"])
    # webargs nests messages by location; clients get them by field, never under "json".
    assert not {"json", "query", "querystring", "form", "view_args"} & set(data["errors"]), data
    return data


def assert_error(response: Any, status: int) -> dict[str, Any]:
    """The whole contract: the envelope, and every field's errors a list of reasons (strings)."""
    data = assert_error_envelope(response, status)
    for field, reasons in data["errors"].items():
        assert isinstance(reasons, list) and reasons, (field, reasons)
        assert all(isinstance(reason, str) and reason for reason in reasons), (field, reasons)
    return data


def total_questions(client: ApiClient) -> int:
    return int(client.get("/questions", per_page=100).get_json()["meta"]["total"])


def tag_names(client: ApiClient, prefix: str) -> list[str]:
    return [t["name"] for t in client.get("/tags", q=prefix, per_page=100).get_json()["items"]]


@pytest.fixture
def thread(people: Any) -> dict[str, Any]:
    """A question by one member with an answer by another; a third member is on hand."""
    asker, helper, other = people.member("Asker"), people.member("Helper"), people.member("Other")
    q = asker.ask(tags=["equipment"])
    a = helper.answer(q["id"])
    return {"asker": asker, "helper": helper, "other": other, "q": q["id"], "a": a["id"]}


# -- routing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/nope", "/api/v1/questions/abc", "/api/v1/questions/1/nope", "/api/nope", "/api/v2/x"]
)
def test_unknown_api_paths_are_json_404s(anon, path):
    assert_error(anon.client.get(path), 404)


def test_missing_question_is_404(anon):
    data = assert_error(anon.get("/questions/999999"), 404)
    assert "999999" in data["message"]


@pytest.mark.parametrize(
    "getter", ["/users/999999", "/users/999999/questions", "/questions/999999/revisions", "/tags/no-such-tag"]
)
def test_other_missing_things_are_404(anon, getter):
    assert_error(anon.get(getter), 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/questions", {"GET", "POST"}),
        ("delete", "/questions", {"GET", "POST"}),
        ("put", "/questions/1", {"GET", "PATCH", "DELETE"}),
        ("post", "/users/1", {"GET"}),
        ("get", "/answers/1/vote", {"POST"}),
    ],
)
def test_wrong_method_is_json_405_with_allow(member, method, path, allowed):
    response = getattr(member, method)(path)
    assert_error(response, 405)
    allow = {m.strip() for m in response.headers["Allow"].split(",")}
    assert allowed <= allow, allow


def test_unsafe_request_without_csrf_is_json_403(member):
    before = total_questions(member)
    assert_error(member.post("/questions", question(), csrf=False), 403)
    assert total_questions(member) == before


def test_writing_signed_out_is_json_401(anon):
    assert_error(anon.post("/questions", question()), 401)
    assert total_questions(anon) == 0


# -- malformed and oversized bodies ----------------------------------------------------


def test_malformed_json_is_400_and_writes_nothing(member):
    response = member.post("/questions", data='{"title": ', content_type="application/json")
    assert_error(response, 400)
    assert total_questions(member) == 0


def test_invalid_utf8_is_400(member):
    response = member.post("/questions", data=b'{"title": "\xff\xfe"}', content_type="application/json")
    assert_error(response, 400)


@pytest.mark.parametrize("raw", ["null", "[]", '"a string"', "42"])
def test_json_that_is_not_an_object_is_rejected(member, raw):
    response = member.post("/questions", data=raw, content_type="application/json")
    assert_error(response, 422)
    assert total_questions(member) == 0


def test_deeply_nested_json_is_a_client_error(member):
    depth = 100_000  # 200 kB, under the 256 KiB limit
    response = member.post("/questions", data="[" * depth + "]" * depth, content_type="application/json")
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert_error(response, response.status_code)


def test_huge_body_is_413_and_writes_nothing(member):
    response = member.post("/questions", question(body="x" * 300_000))
    assert_error(response, 413)
    assert total_questions(member) == 0


def test_huge_answer_is_413(thread):
    helper = thread["helper"]
    response = helper.post(f"/questions/{thread['q']}/answers", {"body": "y" * 300_000})
    assert_error(response, 413)
    assert helper.get(f"/questions/{thread['q']}").get_json()["answer_count"] == 1


@pytest.mark.parametrize(("length", "status"), [(19, 422), (20, 201), (30_000, 201), (30_001, 422)])
def test_body_length_limits(member, length, status):
    response = member.post("/questions", question(body="b" * length))
    if status == 201:
        assert response.status_code == 201, response.get_json()
        assert len(response.get_json()["body"]) == length
    else:
        assert "body" in assert_error(response, 422)["errors"]
        assert total_questions(member) == 0


@pytest.mark.parametrize(("length", "status"), [(9, 422), (10, 201), (200, 201), (201, 422)])
def test_title_length_limits(member, length, status):
    response = member.post("/questions", question(title="t" * length))
    if status == 201:
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["title"] == "t" * length
    else:
        assert "title" in assert_error(response, 422)["errors"]
        assert total_questions(member) == 0


def test_whitespace_only_title_is_rejected(member):
    response = member.post("/questions", question(title=" " * 12))
    assert "title" in assert_error(response, 422)["errors"]
    assert total_questions(member) == 0


# -- wrong types, unknown fields --------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 12345678901),
        ("title", None),
        ("title", ["How do I request a monitor?"]),
        ("body", {"text": BODY}),
        ("tags", "equipment"),
        ("tags", None),
        ("anonymous", "maybe"),
        ("anonymous", None),
    ],
)
def test_wrong_types_on_a_question_are_422_by_field(member, field, value):
    data = assert_error(member.post("/questions", question(**{field: value})), 422)
    assert field in data["errors"], data
    assert total_questions(member) == 0


@pytest.mark.parametrize(
    ("path", "params", "said"),
    [
        ("/search", {"q": "a" * 201}, ["q: Longer than maximum length 200"]),
        ("/questions", {"page": "two"}, ["page: Not a valid integer"]),
        (
            "/questions",
            {"sort": "best", "per_page": 0},
            ["sort: Must be one of: newest,", "per_page: Must be"],
        ),
    ],
)
def test_an_invalid_parameter_is_named_in_the_message(anon, path, params, said):
    # A page showing only the message (the search page, a list) can then say what to change.
    data = assert_error(anon.get(path, **params), 422)
    assert data["message"].startswith("Not valid: "), data
    assert all(part in data["message"] for part in said), data
    assert set(params) == set(data["errors"]), data


def test_an_invalid_body_field_is_named_in_the_message(member):
    data = assert_error(member.post("/questions", question(tags="equipment")), 422)
    assert data["message"] == f"Not valid: tags: {data['errors']['tags'][0].rstrip('.')}.", data


@pytest.mark.parametrize("value", ["1", "-1", True, False, 2, -2, 1.5, 1.0, None, [1], {"v": 1}])
def test_vote_value_must_be_exactly_minus_one_zero_or_one(thread, value):
    other, q = thread["other"], thread["q"]
    before = other.get(f"/questions/{q}").get_json()["score"]
    rep = other.get(f"/users/{thread['asker'].id}").get_json()["reputation"]
    data = assert_error(other.vote("questions", q, value), 422)
    assert "value" in data["errors"], data
    assert other.get(f"/questions/{q}").get_json()["score"] == before
    assert other.get(f"/users/{thread['asker'].id}").get_json()["reputation"] == rep
    data = assert_error(other.vote("answers", thread["a"], value), 422)
    assert "value" in data["errors"], data


@pytest.mark.parametrize("value", [1, -1, 0])
def test_valid_vote_values_are_accepted(thread, value):
    response = thread["other"].vote("questions", thread["q"], value)
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"score": value, "my_vote": value}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/questions", question(author_id=1)),
        ("/questions", question(score=100)),
        ("/questions/{q}/answers", {"body": BODY, "is_accepted": True}),
        ("/questions/{q}/comments", {"body": "A fine comment", "author": 1}),
        ("/questions/{q}/vote", {"value": 1, "weight": 10}),
    ],
)
def test_unknown_fields_are_422_naming_the_field(thread, path, body):
    other = thread["other"]
    before = other.get(f"/questions/{thread['q']}").get_json()
    unknown = (set(body) - {"title", "body", "tags", "value"}).pop()
    data = assert_error(other.post(path.format(q=thread["q"]), body), 422)
    assert unknown in data["errors"], data
    after = other.get(f"/questions/{thread['q']}").get_json()
    for key in ("score", "answer_count", "comments", "answers"):
        assert after[key] == before[key]
    assert total_questions(other) == 1


def test_unknown_field_on_edit_is_422_and_changes_nothing(thread):
    asker, q = thread["asker"], thread["q"]
    before = asker.get(f"/questions/{q}").get_json()
    data = assert_error(
        asker.patch(f"/questions/{q}", {"title": "A different title now", "pinned": True}), 422
    )
    assert "pinned" in data["errors"]
    assert asker.get(f"/questions/{q}").get_json()["title"] == before["title"]
    assert len(asker.get(f"/questions/{q}/revisions").get_json()) == 1


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/questions", {"foo": "1"}),
        ("/questions", {"q": "monitor"}),
        ("/tags", {"bogus": "x"}),
        ("/users/{asker}/questions", {"sort": "votes"}),
    ],
)
def test_unknown_query_parameters_are_422(thread, path, query):
    data = assert_error(thread["other"].get(path.format(asker=thread["asker"].id), **query), 422)
    assert set(query) <= set(data["errors"]), data


# -- tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tags",
    [
        [],
        ["a", "b", "c", "d", "e", "f"],
        ["c c"],
        ["a_b"],
        ["tag!"],
        ["ünïcode"],
        ["  "],
        ["ok", "semi;colon"],
    ],
)
def test_bad_tag_lists_are_422(member, tags):
    data = assert_error(member.post("/questions", question(tags=tags)), 422)
    assert "tags" in data["errors"], data
    assert total_questions(member) == 0


@pytest.mark.parametrize("tags", [["x" * 36], [1], [None]])
def test_bad_tag_items_are_422(member, tags):
    data = assert_error_envelope(member.post("/questions", question(tags=tags)), 422)
    assert "tags" in data["errors"], data
    assert total_questions(member) == 0


@pytest.mark.parametrize("tags", [["x" * 36], [1], [None]])
def test_bad_tag_item_errors_are_a_flat_list_of_reasons(member, tags):
    assert_error(member.post("/questions", question(tags=tags)), 422)


def test_bad_tag_filter_errors_are_a_flat_list_of_reasons(anon):
    assert_error(anon.get("/questions", tag=""), 422)


@pytest.mark.parametrize(
    ("tags", "stored"),
    [
        (["x" * 35], ["x" * 35]),
        (["a", "b", "c", "d", "e"], ["a", "b", "c", "d", "e"]),
        (["c++", "c#", "node.js", "x-y", "0"], ["0", "c#", "c++", "node.js", "x-y"]),
        (["Python", "PYTHON", " python "], ["python"]),
        (["Excel", "excel", "Outlook"], ["excel", "outlook"]),
    ],
)
def test_good_tag_lists_are_lowercased_and_deduplicated(member, tags, stored):
    response = member.post("/questions", question(tags=tags))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["tags"] == stored
    for name in stored:
        tag = member.get("/tags/" + quote(name, safe="")).get_json()
        assert tag["question_count"] == 1


# -- list arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"per_page": 101}, "per_page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "one"}, "page"),
        ({"sort": "bogus"}, "sort"),
        ({"status": "pending"}, "status"),
        ({"author": "me"}, "author"),
        ({"author": 0}, "author"),
        ({"tag": ["a", "b", "c", "d", "e", "f"]}, "tag"),
    ],
)
def test_bad_list_arguments_are_422(anon, query, field):
    data = assert_error(anon.get("/questions", **query), 422)
    assert field in data["errors"], data


@pytest.mark.parametrize("path", ["/tags", "/users/{asker}/questions", "/users/{asker}/answers"])
def test_per_page_is_capped_on_every_list(thread, path):
    path = path.format(asker=thread["asker"].id)
    assert_error(thread["other"].get(path, per_page=101), 422)
    assert thread["other"].get(path, per_page=100).status_code == 200


def test_per_page_100_is_allowed(anon):
    response = anon.get("/questions", per_page=100, page=1, sort="votes")
    assert response.status_code == 200
    assert response.get_json()["meta"] == {"page": 1, "per_page": 100, "total": 0}


@pytest.mark.parametrize(
    "path",
    [
        "/questions/{big}",
        "/questions/{big}/revisions",
        "/users/{big}",
        "/users/{big}/answers",
        "/questions?author={big}",
    ],
)
def test_out_of_range_ids_are_not_a_500(anon, path):
    response = anon.client.get("/api/v1" + path.format(big=2**63))
    assert response.status_code in (404, 422), response.get_data(as_text=True)
    assert_error(response, response.status_code)


# -- every bad request, one shape ------------------------------------------------------

BAD_REQUESTS = [
    # (who, method, path, body, status)
    ("anon", "get", "/nope", None, 404),
    ("anon", "get", "/questions/999999", None, 404),
    ("anon", "get", "/answers/{a}", None, 405),
    ("anon", "get", "/answers/{a}/nope", None, 404),
    ("anon", "post", "/questions", question(), 401),
    ("anon", "post", "/questions/{q}/vote", {"value": 1}, 401),
    ("other", "put", "/questions", question(), 405),
    ("other", "post", "/questions", {}, 422),
    ("other", "post", "/questions", question(title="short"), 422),
    ("other", "post", "/questions", question(tags=["brand-new-tag", "BAD TAG"]), 422),
    ("other", "post", "/questions/{q}/answers", {"body": "too short"}, 422),
    ("other", "post", "/questions/{q}/answers", {}, 422),
    ("other", "post", "/questions/999999/answers", {"body": BODY}, 404),
    ("other", "post", "/questions/{q}/comments", {"body": "x"}, 422),
    ("other", "post", "/questions/{q}/comments", {"body": "c" * 601}, 422),
    ("other", "post", "/answers/{a}/comments", {"body": ""}, 422),
    ("other", "post", "/questions/{q}/vote", {"value": "1"}, 422),
    ("other", "post", "/answers/{a}/vote", {"value": True}, 422),
    ("other", "post", "/answers/{a}/vote", {}, 422),
    ("other", "post", "/answers/999999/vote", {"value": 1}, 404),
    ("other", "post", "/answers/{a}/accept", None, 403),
    # Editing someone else's post without the privilege is a suggested edit (202), not a 403.
    ("other", "post", "/questions/{q}/hide", {"reason": "Not for members to decide"}, 403),
    ("asker", "patch", "/questions/{q}", {}, 422),
    ("asker", "patch", "/questions/{q}", {"tags": []}, 422),
    ("asker", "post", "/answers/{a}/flag", {"reason": "spam"}, 403),  # flagging needs reputation
    ("asker", "post", "/questions/{q}/vote", {"value": 1}, 403),
    ("other", "patch", "/tags/equipment", {"description": "Desks"}, 403),
    ("other", "delete", "/questions/{q}", None, 403),
    ("anon", "get", "/questions", {"per_page": 101}, 422),
    ("anon", "get", "/tags", {"sort": "bogus"}, 422),
]


def _send(thread: dict[str, Any], anon: ApiClient, who: str, method: str, path: str, body: Any) -> Any:
    client = anon if who == "anon" else thread[who]
    path = path.format(q=thread["q"], a=thread["a"])
    if method == "get":
        return client.get(path, **(body or {}))
    if method == "delete":
        return client.delete(path)
    return getattr(client, method)(path, body)


def _state(thread: dict[str, Any], anon: ApiClient) -> dict[str, Any]:
    q = anon.get(f"/questions/{thread['q']}").get_json()
    q.pop("view_count")
    return {
        "thread": q,
        "total": total_questions(anon),
        "tags": anon.get("/tags", per_page=100).get_json(),
        "reputation": {
            who: anon.get(f"/users/{thread[who].id}").get_json()["reputation"]
            for who in ("asker", "helper", "other")
        },
    }


@pytest.mark.parametrize(("who", "method", "path", "body", "status"), BAD_REQUESTS)
def test_every_bad_request_has_the_error_shape_and_changes_nothing(
    thread, anon, who, method, path, body, status
):
    before = _state(thread, anon)
    assert_error(_send(thread, anon, who, method, path, body), status)
    assert _state(thread, anon) == before


# -- no partial writes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "tags",
    [
        ["brand-new-tag", "BAD TAG"],
        ["brand-new-tag", "also_bad"],
        ["brand-new-tag", "x" * 36],
        ["brand-new-tag", "brand-new-two", "a", "b", "c", "d"],
    ],
)
def test_a_rejected_question_creates_no_tags(member, anon, tags):
    before = total_questions(anon)
    data = assert_error_envelope(member.post("/questions", question(tags=tags)), 422)
    assert "tags" in data["errors"]
    assert tag_names(anon, "brand") == []
    assert total_questions(anon) == before
    assert_error(anon.get("/tags/brand-new-tag"), 404)


def test_a_rejected_question_with_good_tags_but_bad_title_creates_no_tags(member, anon):
    assert_error(member.post("/questions", question(title="short", tags=["brand-new-tag"])), 422)
    assert tag_names(anon, "brand") == []
    assert total_questions(anon) == 0


def test_a_rejected_edit_changes_nothing(thread, anon):
    asker, q = thread["asker"], thread["q"]
    before = anon.get(f"/questions/{q}").get_json()
    response = asker.patch(
        f"/questions/{q}",
        {
            "title": "A brand new title for this",
            "body": BODY + " Edited.",
            "tags": ["brand-new-tag", "BAD TAG"],
        },
    )
    assert "tags" in assert_error(response, 422)["errors"]
    after = anon.get(f"/questions/{q}").get_json()
    for key in ("title", "body", "tags", "updated_at", "last_activity_at"):
        assert after[key] == before[key], key
    assert tag_names(anon, "brand") == []
    assert len(anon.get(f"/questions/{q}/revisions").get_json()) == 1
    assert anon.get("/tags/equipment").get_json()["question_count"] == 1


def test_a_rejected_answer_changes_nothing(thread, anon):
    q = thread["q"]
    before = anon.get(f"/questions/{q}").get_json()
    for body in ({"body": "short"}, {"body": "a" * 30_001}, {"body": BODY, "extra": 1}, {"body": 42}):
        assert_error(thread["other"].post(f"/questions/{q}/answers", body), 422)
    after = anon.get(f"/questions/{q}").get_json()
    assert after["answer_count"] == before["answer_count"] == 1
    assert [a["id"] for a in after["answers"]] == [thread["a"]]
    assert after["last_activity_at"] == before["last_activity_at"]
    assert anon.get(f"/users/{thread['other'].id}/answers").get_json()["meta"]["total"] == 0


def test_a_rejected_vote_changes_nothing(thread, anon):
    q, a, other = thread["q"], thread["a"], thread["other"]
    assert other.vote("questions", q, 1).status_code == 200
    rep = {who: anon.get(f"/users/{thread[who].id}").get_json()["reputation"] for who in ("asker", "helper")}
    for value in ("-1", True, 2, 1.5, -1.0):
        assert_error(other.vote("questions", q, value), 422)
        assert_error(other.vote("answers", a, value), 422)
    thread_now = other.get(f"/questions/{q}").get_json()
    assert thread_now["score"] == 1 and thread_now["my_vote"] == 1
    assert thread_now["answers"][0]["score"] == 0 and thread_now["answers"][0]["my_vote"] == 0
    assert {who: anon.get(f"/users/{thread[who].id}").get_json()["reputation"] for who in rep} == rep


def test_a_rejected_comment_changes_nothing(thread, anon):
    q, a = thread["q"], thread["a"]
    for path in (f"/questions/{q}/comments", f"/answers/{a}/comments"):
        for body in ({"body": "x"}, {"body": "c" * 601}, {"body": ["two", "parts"]}, {}):
            assert_error(thread["other"].post(path, body), 422)
    after = anon.get(f"/questions/{q}").get_json()
    assert after["comments"] == [] and after["answers"][0]["comments"] == []


@pytest.mark.parametrize(("length", "status"), [(1, 422), (2, 201), (600, 201), (601, 422)])
def test_comment_length_limits(thread, length, status):
    response = thread["other"].post(f"/questions/{thread['q']}/comments", {"body": "c" * length})
    if status == 201:
        assert response.status_code == 201, response.get_json()
    else:
        assert "body" in assert_error(response, 422)["errors"]


def test_error_bodies_are_plain_json_objects(anon):
    response = anon.get("/nope")
    assert response.mimetype == "application/json"
    assert jsonlib.loads(response.get_data(as_text=True)) == response.get_json()


def test_whole_request_errors_are_not_reported_as_the_body_field(member):
    response = member.post("/questions", data="[]", content_type="application/json")
    errors = assert_error(response, 422)["errors"]
    assert "_request" in errors and "body" not in errors


def test_a_body_of_only_whitespace_is_rejected(member):
    response = member.post("/questions", question(body=" " * 25))
    assert "body" in assert_error(response, 422)["errors"]
    assert total_questions(member) == 0
