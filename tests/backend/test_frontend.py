"""The built frontend is served beside the API; /api paths keep their JSON answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from backend import create_app
from tests.conftest import TEST_CONFIG

INDEX = "<!doctype html><title>Commonplace</title><div id=app></div>"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "main-abc123.js").write_text("console.log('hi')")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("not for the web")
    return dist


@pytest.fixture
def site(database_url: str, dist: Path) -> Flask:
    return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "FRONTEND_DIST": str(dist)})


def test_the_home_page_is_index_html_and_never_cached(site: Flask) -> None:
    response = site.test_client().get("/")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == INDEX
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/questions/12", "/r/3", "/tags/onboarding", "/no/such/page"])
def test_page_paths_fall_back_to_index_html(site: Flask, path: str) -> None:
    response = site.test_client().get(path)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == INDEX


def test_hashed_bundles_are_cached_for_good(site: Flask) -> None:
    response = site.test_client().get("/assets/main-abc123.js")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "console.log('hi')"
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_a_missing_bundle_is_a_404_not_the_page(site: Flask) -> None:
    response = site.test_client().get("/assets/main-old.js")
    assert response.status_code == 404
    assert response.get_json()["code"] == 404


def test_files_outside_dist_are_not_served(site: Flask) -> None:
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"):
        assert "not for the web" not in site.test_client().get(path).get_data(as_text=True), path


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/nope", "/api", "/api/v1/questions/abc"])
def test_unknown_api_paths_stay_json_404s(site: Flask, path: str) -> None:
    response = site.test_client().get(path)
    assert response.status_code == 404
    assert set(response.get_json()) == {"code", "status", "message", "errors"}


def test_unsafe_methods_on_pages_are_json_errors(site: Flask) -> None:
    response = site.test_client().post("/api/v1/nope")
    assert response.status_code == 404
    response = site.test_client().post("/questions/1")
    assert response.status_code == 405
    assert response.get_json()["code"] == 405


def test_without_a_build_pages_say_how_to_build(database_url: str, tmp_path: Path) -> None:
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "FRONTEND_DIST": str(tmp_path / "none")}
    )
    response = app.test_client().get("/")
    assert response.status_code == 404
    assert "make install" in response.get_json()["message"]
