"""REQUIRE_SIGN_IN: a private site answers 401 to anonymous readers, except signing in."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.backend.test_api_tokens import bearer
from tests.people import PASSWORD, ApiClient


@pytest.fixture
def app_config() -> dict:
    return {"REQUIRE_SIGN_IN": True}


def read_endpoints(app: Flask) -> list[str]:
    """Every GET route of the API, with test values in its variables."""
    return [
        (rule.endpoint, re.sub(r"<[^>]+>", "1", rule.rule))
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.rule.startswith("/api/")
    ]


OPEN = {
    "auth.get_csrf",
    "auth.options",
    "health.health",
    "api-docs.openapi_json",
    "docs.api_docs",
    "mail.confirm_unsubscribe",
    "sso.login",
    "sso.callback",
}


def test_every_read_answers_401_to_anonymous_visitors(app):
    anon = ApiClient(app)
    endpoints = read_endpoints(app)
    assert len(endpoints) > 30
    for endpoint, path in read_endpoints(app):
        response = anon.client.get(path)
        if endpoint in OPEN:
            assert response.status_code != 401, path
            continue
        assert response.status_code == 401, (path, response.status_code)
        assert response.get_json()["message"] == "This site is private: sign in to read it."


def test_signing_up_and_in_stay_open_and_then_everything_reads(app, anon):
    assert anon.get("/auth/options").get_json()["require_sign_in"] is True
    assert anon.get("/questions").status_code == 401
    assert anon.get("/health").get_json() == {"status": "ok"}
    assert anon.get("/openapi.json").status_code == 200
    response = anon.post(
        "/auth/register", {"email": "new@example.com", "password": PASSWORD, "display_name": "New Person"}
    )
    assert response.status_code == 201
    assert anon.get("/questions").status_code == 200
    assert anon.post("/auth/logout").status_code == 204
    assert anon.get("/questions").status_code == 401
    assert anon.post("/auth/login", {"email": "new@example.com", "password": PASSWORD}).status_code == 200
    assert anon.get("/search", q="vpn").status_code in (200, 503)


def test_a_token_reads_a_private_site(app, member):
    token = member.post("/me/tokens", {"name": "feed", "scopes": ["read"]}).get_json()["token"]
    assert bearer(app, token).get("/questions").status_code == 200
    assert ApiClient(app).get("/questions").status_code == 401


def test_admins_make_a_site_private_at_run_time(database_url, tmp_path, monkeypatch):
    from backend import create_app
    from tests.conftest import TEST_CONFIG, close_app
    from tests.people import People

    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "SITE_SETTINGS_CHECK_SECONDS": 0}
    )
    try:
        anon = ApiClient(app)
        assert anon.get("/questions").status_code == 200
        admin = People(app).admin()
        assert admin.patch("/admin/settings", {"REQUIRE_SIGN_IN": True}).status_code == 200
        assert anon.get("/questions").status_code == 401
        assert admin.get("/questions").status_code == 200
        assert admin.patch("/admin/settings", {"REQUIRE_SIGN_IN": None}).status_code == 200
        assert anon.get("/questions").status_code == 200
    finally:
        close_app(app)
