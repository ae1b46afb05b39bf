"""The session cookie is signed as Flask signs it, with the signer built once per set of keys:
a rotated secret key (SECRET_KEY_FALLBACKS) still opens sessions signed with the old one."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask import Flask

from backend import create_app
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient


def session_cookie(app: Flask, user_id: int) -> str:
    """A signed-in session cookie as this app signs them."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return str(serializer.dumps({"_user_id": str(user_id), "_fresh": True}))


@pytest.mark.parametrize("fallbacks, status", [(["old-secret"], 200), ([], 401)])
def test_a_rotated_key_still_opens_sessions_signed_with_the_old_one(
    app: Flask, member: ApiClient, database_url: str, fallbacks: list[str], status: int
) -> None:
    old = session_cookie(create_app({**TEST_CONFIG, "SECRET_KEY": "old-secret"}), member.id)
    rotated = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "new-secret",
            "SECRET_KEY_FALLBACKS": fallbacks,
        }
    )
    try:
        reader = ApiClient(rotated)
        reader.client.set_cookie(rotated.config["SESSION_COOKIE_NAME"], old)
        response = reader.get("/auth/me")
        assert response.status_code == status
        if status == 200:
            assert response.get_json()["id"] == member.id
    finally:
        close_app(rotated)


def test_a_new_key_gets_a_new_signer(app: Flask, member: ApiClient) -> None:
    cookie = session_cookie(app, member.id)
    reader = ApiClient(app)
    reader.client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert reader.get("/auth/me").status_code == 200
    app.secret_key = "another-secret"  # e.g. a test or a reload changing it at run time
    assert reader.get("/auth/me").status_code == 401


def test_a_cookie_opened_before_still_expires(app: Flask, member: ApiClient) -> None:
    # Each cookie is opened once per worker; its age is checked on every request all the same.
    app.permanent_session_lifetime = timedelta(seconds=2)
    cookie = session_cookie(app, member.id)
    reader = ApiClient(app)
    statuses = []
    for wait in (0, 3.1):
        time.sleep(wait)
        reader.client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)  # the same, as a browser's
        statuses.append(reader.get("/auth/me").status_code)
    assert statuses == [200, 401]


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"},
        {"User-Agent": "Navigateur «été»", "X-Forwarded-For": "203.0.113.9, 10.0.0.1"},
        {},
    ],
)
def test_the_session_identifier_is_flask_logins_own(app: Flask, headers: dict[str, str]) -> None:
    # Hashed once per browser and address now: sessions made before still match.
    from flask_login.utils import _create_identifier

    for _ in range(2):  # computed, then remembered
        with app.test_request_context(
            "/api/v1/auth/me", headers=headers, environ_base={"REMOTE_ADDR": "10.1.2.3"}
        ):
            assert app.login_manager._session_identifier_generator() == _create_identifier()  # type: ignore[attr-defined]


def test_a_session_from_another_browser_is_marked_not_fresh(app: Flask, member: ApiClient) -> None:
    name = app.config["SESSION_COOKIE_NAME"]
    same = member.client.get("/api/v1/auth/me")
    assert same.status_code == 200
    assert not any(value.startswith(name + "=") for value in same.headers.getlist("Set-Cookie"))
    other = member.client.get("/api/v1/auth/me", headers={"User-Agent": "Another browser"})
    assert other.status_code == 200  # basic protection: still signed in, no longer fresh
    (cookie,) = [value for value in other.headers.getlist("Set-Cookie") if value.startswith(name + "=")]
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    assert serializer.loads(cookie.split(";")[0].split("=", 1)[1])["_fresh"] is False
