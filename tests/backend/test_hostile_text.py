"""Hostile text: NUL and other control characters, lone surrogates and invisible-only text
are refused with a 4xx JSON error wherever text enters (body, query, path, stored headers),
on SQLite and PostgreSQL, and never reach the database as a 500."""

from __future__ import annotations

import json as jsonlib
import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.extensions import api
from tests.backend.test_errors import assert_error, total_questions
from tests.people import ApiClient, People

NUL = "\x00"
SURROGATE = "\ud800"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
TITLE = "How do I request a second monitor?"
BODY = "Facilities says to ask my manager, my manager says to ask facilities."


def send_json(client: ApiClient, method: str, path: str, body: Any) -> Any:
    """json.dumps writes a lone surrogate as the escape "\\ud800", as a hostile client would."""
    return client.client.open(
        "/api/v1" + path,
        method=method,
        data=jsonlib.dumps(body),
        content_type="application/json",
        headers={"X-CSRF-Token": client.csrf()},
    )


@pytest.mark.parametrize("bad", [SURROGATE, NUL, "\x07", "\x1b[31m"])
def test_a_title_with_an_unstorable_character_is_refused_naming_the_field(
    member: ApiClient, bad: str
) -> None:
    before = total_questions(member)
    response = send_json(
        member, "POST", "/questions", {"title": TITLE + bad, "body": BODY, "tags": ["equipment"]}
    )
    assert list(assert_error(response, 422)["errors"]) == ["title"]
    assert total_questions(member) == before


def test_an_edit_with_a_lone_surrogate_is_refused(member: ApiClient) -> None:
    question = member.ask()
    response = send_json(member, "PATCH", f"/questions/{question['id']}", {"body": BODY + SURROGATE})
    assert list(assert_error(response, 422)["errors"]) == ["body"]
    assert member.get(f"/questions/{question['id']}").get_json()["body"] == question["body"]


def test_nul_in_answers_comments_and_tags_is_refused(member: ApiClient) -> None:
    question = member.ask()
    answer = send_json(member, "POST", f"/questions/{question['id']}/answers", {"body": NUL * 40})
    assert list(assert_error(answer, 422)["errors"]) == ["body"]
    comment = send_json(member, "POST", f"/questions/{question['id']}/comments", {"body": "ok" + NUL})
    assert list(assert_error(comment, 422)["errors"]) == ["body"]
    tagged = send_json(member, "POST", "/questions", {"title": TITLE, "body": BODY, "tags": ["a" + NUL]})
    assert list(assert_error(tagged, 422)["errors"]) == ["tags"]


def test_signing_in_with_nul_in_the_email_is_refused(anon: ApiClient) -> None:
    response = send_json(anon, "POST", "/auth/login", {"email": "a\x00@example.com", "password": "x" * 10})
    assert list(assert_error(response, 422)["errors"]) == ["email"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/search?q=%00abc", "q"),
        ("/questions?tag=%00", "tag"),
        ("/tags?q=a%01", "q"),
        ("/references?q=%1f", "q"),
    ],
)
def test_signed_out_queries_with_control_characters_are_refused(
    anon: ApiClient, path: str, field: str
) -> None:
    response = anon.client.get("/api/v1" + path)
    assert list(assert_error(response, 422)["errors"]) == [field]


@pytest.mark.parametrize("path", ["/api/v1/tags/%00", "/api/v1/tags/a%00b/experts", "/%00"])
def test_a_path_with_nul_is_not_found(anon: ApiClient, path: str) -> None:
    assert_error(anon.client.get(path), 404)


def test_a_json_key_with_nul_is_refused(member: ApiClient) -> None:
    response = send_json(member, "POST", "/questions", {"title": TITLE, "body": BODY, "tags": ["x"], NUL: 1})
    assert_error(response, 422)


def test_nul_deep_inside_a_body_names_its_top_level_field(member: ApiClient) -> None:
    nested = {"title": TITLE, "body": BODY, "tags": ["x"], "extra": [[[[[[[[[["\x00"]]]]]]]]]]}
    assert "extra" in assert_error(send_json(member, "POST", "/questions", nested), 422)["errors"]


def test_a_form_body_with_nul_is_refused(member: ApiClient) -> None:
    response = member.client.post(
        "/api/v1/questions", data={"title": NUL}, headers={"X-CSRF-Token": member.csrf()}
    )
    assert list(assert_error(response, 422)["errors"]) == ["title"]


def test_tabs_and_line_breaks_are_kept(member: ApiClient) -> None:
    body = "First line\r\nSecond line\n\tindented code, and the build still fails."
    question = send_json(member, "POST", "/questions", {"title": TITLE, "body": body, "tags": ["x"]})
    assert question.status_code == 201, question.get_json()
    assert question.get_json()["body"] == body


@pytest.mark.parametrize("title", [ZERO_WIDTH * 4, "\u202e\u202d" * 10 + "   ", "\u0301" * 20, "\u3000" * 20])
def test_a_title_of_invisible_characters_is_refused(member: ApiClient, title: str) -> None:
    response = send_json(member, "POST", "/questions", {"title": title, "body": BODY, "tags": ["x"]})
    assert "title" in assert_error(response, 422)["errors"]


def test_a_display_name_of_zero_width_spaces_is_refused(anon: ApiClient) -> None:
    response = send_json(
        anon,
        "POST",
        "/auth/register",
        {"email": "zw@example.com", "password": "correct horse battery", "display_name": ZERO_WIDTH},
    )
    assert list(assert_error(response, 422)["errors"]) == ["display_name"]


def test_a_body_padded_with_invisible_characters_is_too_short(member: ApiClient) -> None:
    question = member.ask()
    response = send_json(
        member, "POST", f"/questions/{question['id']}/answers", {"body": "Yes." + ZERO_WIDTH * 10}
    )
    assert list(assert_error(response, 422)["errors"]) == ["body"]


def test_a_tag_description_must_show_something(moderator: ApiClient) -> None:
    moderator.ask(tags=["shift-handover"])
    response = send_json(moderator, "PATCH", "/tags/shift-handover", {"description": ZERO_WIDTH})
    assert list(assert_error(response, 422)["errors"]) == ["description"]


def test_a_stored_header_with_nul_is_refused(member: ApiClient) -> None:
    response = member.client.post(
        "/api/v1/questions",
        json={"title": TITLE, "body": BODY, "tags": ["x"]},
        headers={"X-CSRF-Token": member.csrf(), "Idempotency-Key": "key\x00"},
    )
    assert list(assert_error(response, 422)["errors"]) == ["Idempotency-Key"]


def as_sent(text: str) -> str:
    """Percent-encoded as a hostile client can send it: a lone surrogate's UTF-8 bytes too."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# -- every text input of every endpoint, with arbitrary Unicode -------------------------------

# Any code point, lone surrogates included, and the characters that broke things before.
NASTY = st.sampled_from([NUL, SURROGATE, ZERO_WIDTH, "\x1b", "a\x00b", "\udfff\ud800", "\u202e", ""])
ANY_TEXT = st.one_of(st.text(st.characters(exclude_categories=()), max_size=40), NASTY)


def spliced(text: str) -> st.SearchStrategy[str]:
    """Plausible text with hostile text put in somewhere, so that length rules let it by."""
    return st.builds(
        lambda at, bad: text[:at] + bad + text[at:], st.integers(0, len(text)), st.one_of(NASTY, ANY_TEXT)
    )


# Plausible values, so that hostile text in one field meets the rules behind the others.
PLAUSIBLE: dict[str, Any] = {
    "title": TITLE,
    "body": BODY,
    "tags": ["equipment"],
    "email": "someone@example.com",
    "password": "correct horse battery",
    "display_name": "Someone New",
    "reason": "spam",
    "note": "Looks like an advertisement.",
    "description": "Questions about equipment.",
    "label": "outdated",
    "role": "member",
    "q": "monitor",
    "sort": "newest",
    "status": "open",
    "feed": "following",
    "tag": "equipment",
    "ALLOWED_EMAIL_DOMAINS": "example.com",
    "POST_LIMIT": "20 per minute",
}


def _operations() -> list[tuple[str, str, list[str], list[str], list[str]]]:
    """(method, path, text body fields, text query parameters, text path parameters)."""
    from backend import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        spec = api.spec.to_dict()
    schemas = spec["components"]["schemas"]
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            parameters = operation.get("parameters", [])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            schema = body.get("schema", {})
            if "$ref" in schema:
                schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
            text_fields = [
                name
                for name, field in schema.get("properties", {}).items()
                if field.get("type") in ("string", "array", None)
            ]
            queries = [
                p["name"]
                for p in parameters
                if p["in"] == "query" and p.get("schema", {}).get("type") in ("string", "array")
            ]
            path_texts = [
                p["name"] for p in parameters if p["in"] == "path" and p["schema"].get("type") == "string"
            ]
            if text_fields or queries or path_texts:
                found.append((method.upper(), path, text_fields, queries, path_texts))
    return found


OPERATIONS = _operations()


@pytest.fixture
def world(app: Flask, people: People) -> dict[str, Any]:
    """An admin acting on a thread with an answer and a comment by someone else."""
    author, admin = people.member("Author"), people.admin("Admin")
    question = author.ask(tags=["equipment"])
    answer = author.answer(question["id"])
    comment = author.post(f"/answers/{answer['id']}/comments", {"body": "A comment on it."}).get_json()
    ids = {
        "question_id": question["id"],
        "answer_id": answer["id"],
        "comment_id": comment["id"],
        "user_id": author.id,
        "edit_id": 1,
    }
    return {"admin": admin, "ids": ids}


@pytest.mark.parametrize(
    ("method", "path", "body_fields", "queries", "path_texts"),
    OPERATIONS,
    ids=[f"{op[0]} {op[1]}" for op in OPERATIONS],
)
def test_no_text_anywhere_gives_a_server_error(
    world: dict[str, Any],
    method: str,
    path: str,
    body_fields: list[str],
    queries: list[str],
    path_texts: list[str],
) -> None:
    admin: ApiClient = world["admin"]

    def plausible(name: str) -> Any:
        return PLAUSIBLE.get(name, "x")

    def hostile(name: str) -> st.SearchStrategy[Any]:
        if isinstance(plausible(name), list):
            return st.lists(st.one_of(ANY_TEXT, spliced(plausible(name)[0])), min_size=1, max_size=3)
        return st.one_of(NASTY, ANY_TEXT, spliced(plausible(name)))

    inputs = [("body", n) for n in body_fields] + [("query", n) for n in queries]
    inputs += [("path", n) for n in path_texts]

    @st.composite
    def requests(draw: st.DrawFn) -> dict[str, Any]:
        """Every input plausible but one, which is hostile, so the others' rules let it through
        to what lies behind them; or now and then every input hostile at once."""
        made: dict[str, dict[str, Any]] = {"body": {}, "query": {}, "path": {}}
        everything = draw(st.integers(0, 4)) == 0
        chosen = draw(st.sampled_from(inputs))
        for where, name in inputs:
            made[where][name] = (
                draw(hostile(name)) if everything or (where, name) == chosen else plausible(name)
            )
        return made

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(requests())
    def no_server_error(made: dict[str, Any]) -> None:
        url = re.sub(
            r"\{(\w+)\}",
            lambda m: as_sent(str(made["path"].get(m[1], world["ids"].get(m[1], 1)))),
            path,
        )
        response = admin.client.open(
            url,
            method=method,
            query_string=urlencode(made["query"], doseq=True, quote_via=lambda text, *_: as_sent(text)),
            data=jsonlib.dumps(made["body"]) if body_fields else None,
            content_type="application/json" if body_fields else None,
            headers={"X-CSRF-Token": admin.csrf()},
        )
        assert response.status_code < 500, (made, response.get_data(as_text=True))
        if response.status_code >= 400:
            assert_error(response, response.status_code)

    no_server_error()
