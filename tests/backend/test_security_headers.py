"""Security headers on every kind of response: pages, JSON, errors, files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from backend import create_app
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient

INDEX = "<!doctype html><title>Commonplace</title><div id=app></div>"


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "main-abc123.js").write_text("console.log('hi')")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "FRONTEND_DIST": str(dist)})
    yield app
    close_app(app)


def directives(response: TestResponse) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.partition(" ")[2] for part in (p.strip() for p in policy.split(";"))}


def assert_common_headers(response: TestResponse) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert directives(response)["frame-ancestors"] == "'none'"
    assert "Strict-Transport-Security" not in response.headers  # not served over HTTPS


@pytest.mark.parametrize("path", ["/", "/questions/12", "/api/v1/docs"])
def test_pages_run_only_the_sites_own_scripts(site: Flask, path: str) -> None:
    response = site.test_client().get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert_common_headers(response)
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_a_revalidated_page_keeps_its_own_policy(site: Flask) -> None:
    """A 304 carries no policy: browsers copy a 304's headers onto the page they kept."""
    client = site.test_client()
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again.headers
    assert again.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_reference_styles_itself_with_a_fresh_nonce(site: Flask) -> None:
    client = site.test_client()
    nonces = []
    for _ in range(2):
        response = client.get("/api/v1/docs")
        match = re.search(r'<style nonce="([^"]+)">', response.get_data(as_text=True))
        assert match, "the reference's inline style carries a nonce"
        assert directives(response)["style-src"] == f"'self' 'nonce-{match[1]}'"
        nonces.append(match[1])
    assert nonces[0] != nonces[1]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/questions", 200),
        ("/api/v1/openapi.json", 200),
        ("/api/v1/no-such-thing", 404),
        ("/api/v1/questions?per_page=0", 422),
        ("/assets/main-abc123.js", 200),
        ("/assets/gone-123.js", 404),
    ],
)
def test_json_files_and_errors_allow_nothing_to_run(site: Flask, path: str, status: int) -> None:
    response = site.test_client().get(path)
    assert response.status_code == status
    assert_common_headers(response)
    assert directives(response)["default-src"] == "'none'"


def test_a_refused_write_carries_the_headers_too(anon: ApiClient) -> None:
    response = anon.post("/questions", {"title": "x"}, csrf=False)
    assert response.status_code == 403
    assert_common_headers(response)


def test_https_sites_ask_browsers_to_stay_on_https(database_url: str) -> None:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "SESSION_COOKIE_SECURE": True})
    try:
        for path in ("/api/v1/questions", "/api/v1/no-such-thing"):
            response = app.test_client().get(path)
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    finally:
        close_app(app)
