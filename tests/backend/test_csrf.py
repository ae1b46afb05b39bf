"""CSRF: every unsafe request must echo the session's token in X-CSRF-Token.

The endpoints are read from app.url_map when the test runs, so a new endpoint is covered
without anyone remembering to add it here.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from backend.csrf import HEADER
from tests.guards import db_snapshot, fill, small_site
from tests.people import PASSWORD, ApiClient, People

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TAG = "onboarding"
CSRF_MESSAGE = "CSRF token"


# Bodies that would be accepted, so that a request slipping past the token check would really
# write something (and the database check below would see it). Unknown endpoints get {}.
VALID_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/auth/register"): {
        "email": "sneaky@example.com",
        "password": PASSWORD,
        "display_name": "Sneaky Person",
    },
    ("POST", "/api/v1/questions"): {
        "title": "How do I book a desk for my first week?",
        "body": "I start on Monday and nobody told me how desk booking works here.",
        "tags": [TAG],
    },
    ("PATCH", "/api/v1/questions/<int:question_id>"): {"title": "An edited title that says something else"},
    ("POST", "/api/v1/questions/<int:question_id>/answers"): {
        "body": "Ask your manager for the booking link on day one."
    },
    ("PATCH", "/api/v1/answers/<int:answer_id>"): {"body": "An edited answer that says something else."},
    ("POST", "/api/v1/questions/<int:question_id>/vote"): {"value": 1},
    ("POST", "/api/v1/answers/<int:answer_id>/vote"): {"value": 1},
    ("POST", "/api/v1/questions/<int:question_id>/comments"): {"body": "Is this for the London office?"},
    ("POST", "/api/v1/answers/<int:answer_id>/comments"): {"body": "That worked for me, thanks."},
    ("PATCH", "/api/v1/comments/<int:comment_id>"): {"body": "Is this for the Leeds office?"},
    ("PATCH", "/api/v1/tags/<path:name>"): {"description": "Your first weeks at work."},
    ("POST", "/api/v1/tags"): {"name": "first-days"},
    ("POST", "/api/v1/tags/<path:name>/merge"): {"into": "first-days"},
    ("POST", "/api/v1/tags/<path:name>/rename"): {"name": "first-days"},
    ("POST", "/api/v1/markdown/preview"): {"body": "Ask your **manager** first."},
    # User 3 is the helper of `existing` (the member signs up first, then the asker).
    ("POST", "/api/v1/questions/<int:question_id>/invite"): {"user_id": 3},
    ("POST", "/api/v1/questions/<int:question_id>/invitation/decline"): {},
    ("PATCH", "/api/v1/me"): {"accepts_invitations": False},
    ("POST", "/api/v1/me/notifications/read"): {},
    **{
        ("POST", f"/api/v1/{kind}/<int:{key}>/{action}"): body
        for kind, key in (("questions", "question_id"), ("answers", "answer_id"), ("comments", "comment_id"))
        for action, body in (
            ("flag", {"reason": "spam"}),
            ("hide", {"reason": "Off topic here."}),
            ("restore", {}),
            ("flags/dismiss", {}),
        )
    },
    ("POST", "/api/v1/questions/<int:question_id>/lock"): {"reason": "Heated thread."},
    ("POST", "/api/v1/questions/<int:question_id>/duplicate"): {"duplicate_of_id": 2},
    ("PUT", "/api/v1/answers/<int:answer_id>/label"): {"label": "outdated", "note": "Old steps."},
    ("POST", "/api/v1/users/<int:user_id>/suspension"): {"days": 1, "reason": "Cooling off."},
    ("PATCH", "/api/v1/users/<int:user_id>"): {"role": "moderator"},
    ("PATCH", "/api/v1/admin/settings"): {"FLAG_THRESHOLD": 2},
    ("POST", "/api/v1/admin/webhooks"): {"url": "https://chat.example.org/hooks/1"},
    ("PATCH", "/api/v1/admin/webhooks/<int:webhook_id>"): {"is_active": False},
    ("POST", "/api/v1/me/tokens"): {"name": "bot", "scopes": ["read"]},
    ("PATCH", "/api/v1/syntheses/<int:synthesis_id>"): {"body": "What we learned."},
}


def unsafe_endpoints(app: Flask, exempt: bool = False) -> list[tuple[str, str]]:
    """(method, rule) for every unsafe method of every route, e.g. ("PATCH", "/api/v1/tags/<path:name>"):
    those that need the token, or (exempt=True) those that carry their own proof instead."""
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) & UNSAFE_METHODS
        if getattr(app.view_functions[rule.endpoint], "csrf_exempt", False) == exempt
    )


def test_only_the_one_click_unsubscribe_goes_without_the_token(app: Flask) -> None:
    # Its POST comes from a mail client, with no session (RFC 8058); the signed token in its
    # URL is the proof (tests/backend/test_mail.py).
    assert unsafe_endpoints(app, exempt=True) == [("POST", "/api/v1/mail/unsubscribe")]


def csrf_rejection_problem(response: Any) -> str | None:
    """Why this is not the CSRF 403 with the JSON error body, or None if it is."""
    body = response.get_json(silent=True)
    if response.status_code != 403:
        return f"got {response.status_code} {body}"
    if not isinstance(body, dict) or set(body) != {"code", "status", "message", "errors"}:
        return f"not the JSON error body: {response.data!r}"
    if body["code"] != 403 or body["status"] != "Forbidden" or not isinstance(body["errors"], dict):
        return f"wrong error body: {body}"
    if not isinstance(body["message"], str) or CSRF_MESSAGE not in body["message"]:
        return f"a 403, but not for the CSRF token: {body}"
    return None


def assert_csrf_rejection(response: Any, what: str) -> None:
    problem = csrf_rejection_problem(response)
    assert problem is None, f"{what}: {problem}"


@pytest.fixture
def existing(people: People) -> dict[str, Any]:
    """Ids of things that exist, to fill the routes' variables with."""
    return {
        **small_site(people, TAG),
        "edit_id": 1,
        "webhook_id": 1,
        "token_id": 1,
        "synthesis_id": 1,
        "revision_id": 1,
        "synonym": "first-weeks",
    }


def test_the_list_of_unsafe_endpoints_is_not_trivial(app: Flask) -> None:
    endpoints = unsafe_endpoints(app)
    assert len(endpoints) >= 15, endpoints
    assert ("POST", "/api/v1/questions") in endpoints
    assert ("PATCH", "/api/v1/tags/<path:name>") in endpoints
    assert ("POST", "/api/v1/auth/logout") in endpoints
    assert ("DELETE", "/api/v1/questions/<int:question_id>/duplicate") in endpoints


# Each way of getting the header wrong: (id, headers to send given the member and another person).
BAD_HEADERS = [
    pytest.param(lambda member, other: {}, id="no header"),
    pytest.param(lambda member, other: {HEADER: ""}, id="empty token"),
    pytest.param(lambda member, other: {HEADER: "wrong"}, id="wrong token"),
    pytest.param(lambda member, other: {HEADER: member.csrf()[:-1]}, id="truncated token"),
    pytest.param(lambda member, other: {HEADER: other.csrf()}, id="another session's token"),
    pytest.param(lambda member, other: {"X-CSRFToken": member.csrf()}, id="token in another header"),
]


@pytest.mark.parametrize("bad_headers", BAD_HEADERS)
def test_every_unsafe_endpoint_refuses_a_bad_csrf_header(
    app: Flask, people: People, member: ApiClient, existing: dict[str, Any], bad_headers: Any
) -> None:
    other = people.member("Other Person")
    headers = bad_headers(member, other)
    endpoints = unsafe_endpoints(app)
    assert len(endpoints) >= 15
    problems = []
    for method, rule in endpoints:
        url = fill(rule, existing)
        before = db_snapshot(app)
        sent = VALID_BODIES.get((method, rule), {})
        response = member.client.open(url, method=method, json=sent, headers=headers)
        if problem := csrf_rejection_problem(response):
            problems.append(f"{method} {rule}: {problem}")
        if db_snapshot(app) != before:
            problems.append(f"{method} {rule}: wrote to the database without a valid token")
    assert problems == []
    # The refused POST /auth/logout did not sign the member out either.
    assert member.get("/auth/me").status_code == 200


def test_a_refused_question_is_not_saved(member: ApiClient, anon: ApiClient) -> None:
    count = anon.get("/questions").get_json()["meta"]["total"]
    question = {
        "title": "How do I book a desk for my first week?",
        "body": "I start on Monday and nobody told me how desk booking works here.",
        "tags": [TAG],
    }
    assert_csrf_rejection(member.post("/questions", question, csrf=False), "POST /questions, no token")
    wrong = member.client.post("/api/v1/questions", json=question, headers={HEADER: "wrong"})
    assert_csrf_rejection(wrong, "POST /questions, wrong token")
    assert anon.get("/questions").get_json()["meta"]["total"] == count


def test_the_right_token_works(member: ApiClient, anon: ApiClient) -> None:
    count = anon.get("/questions").get_json()["meta"]["total"]
    question = member.ask(title="How do I book a desk for my first week?", tags=[TAG])
    assert question["title"] == "How do I book a desk for my first week?"
    assert anon.get("/questions").get_json()["meta"]["total"] == count + 1


def test_no_endpoint_refuses_the_right_token(app: Flask, member: ApiClient, existing: dict[str, Any]) -> None:
    """The 403s above come from the token check, not from something else about the request;
    and the bodies they sent were valid, so without the check they would have written."""
    # Signing out last, so the other endpoints still see a signed-in member.
    endpoints = sorted(unsafe_endpoints(app), key=lambda e: e[1].endswith("/logout"))
    problems = []
    for method, rule in endpoints:
        url = fill(rule, existing)
        sent = VALID_BODIES.get((method, rule), {})
        response = member.client.open(url, method=method, json=sent, headers={HEADER: member.csrf()})
        body = response.get_json(silent=True) or {}
        if CSRF_MESSAGE in str(body.get("message", "")):
            problems.append(f"{method} {rule}: refused the right token: {body}")
        if (method, rule) in VALID_BODIES and response.status_code == 422:
            problems.append(f"{method} {rule}: VALID_BODIES entry is not valid: {body}")
    assert problems == []


def test_a_session_without_a_token_is_refused(app: Flask) -> None:
    """A visitor who never asked for a token has none to match, whatever they send."""
    visitor = app.test_client()
    for headers in ({}, {HEADER: ""}, {HEADER: "None"}):
        response = visitor.post("/api/v1/auth/logout", headers=headers)
        assert_csrf_rejection(response, f"POST /auth/logout with {headers}")


def test_signing_up_and_in_need_the_token_too(anon: ApiClient, people: People) -> None:
    account = {"email": "careful@example.com", "password": PASSWORD, "display_name": "Careful Person"}
    assert_csrf_rejection(anon.post("/auth/register", account, csrf=False), "register, no token")
    # Nothing was written: the same email can still sign up.
    response = anon.post("/auth/register", account)
    assert response.status_code == 201, response.get_json()

    visitor = ApiClient(anon.app)
    credentials = {"email": account["email"], "password": PASSWORD}
    assert_csrf_rejection(visitor.post("/auth/login", credentials, csrf=False), "login, no token")
    assert visitor.get("/auth/me").status_code == 401
    assert visitor.post("/auth/login", credentials).status_code == 200
    assert visitor.get("/auth/me").status_code == 200


def _session_cookie(response: Any, app: Flask) -> list[str]:
    name = app.config["SESSION_COOKIE_NAME"]
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    (cookie,) = cookies
    return [part.strip().lower() for part in cookie.split(";")]


def _assert_httponly_lax(response: Any, app: Flask) -> None:
    attributes = _session_cookie(response, app)
    assert "httponly" in attributes, attributes
    assert "samesite=lax" in attributes, attributes


def test_the_session_cookie_is_httponly_and_samesite_lax(app: Flask, anon: ApiClient) -> None:
    account = {"email": "cookie@example.com", "password": PASSWORD, "display_name": "Cookie Person"}
    response = anon.post("/auth/register", account)
    assert response.status_code == 201, response.get_json()
    _assert_httponly_lax(response, app)

    visitor = ApiClient(app)
    response = visitor.post("/auth/login", {"email": account["email"], "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    _assert_httponly_lax(response, app)
