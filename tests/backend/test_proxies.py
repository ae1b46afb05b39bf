"""Behind a reverse proxy (TRUSTED_PROXIES): the client's address is the one the proxy saw,
for the per-address sign-in limit and the metrics allow-list; without it, X-Forwarded-For
is nobody's to believe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, request

from backend import create_app
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient

PROXY = "127.0.0.1"


def app_with(database_url: str, **config: object) -> Flask:
    return create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LOGIN_LIMIT_PER_ADDRESS": "3 per minute",
            **config,
        }
    )


@pytest.fixture
def behind_nginx(database_url: str) -> Iterator[Flask]:
    app = app_with(database_url, TRUSTED_PROXIES="1")
    yield app
    close_app(app)


@pytest.fixture
def exposed(database_url: str) -> Iterator[Flask]:
    app = app_with(database_url)
    yield app
    close_app(app)


def failed_sign_in(app: Flask, client_address: str, attempt: int) -> int:
    client = ApiClient(app)
    # As nginx forwards it: the connection is the proxy's, the header names the client.
    client.client.environ_base.update({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address})
    response = client.post(
        "/auth/login", {"email": f"nobody{attempt}@example.com", "password": "wrong guess"}
    )
    return int(response.status_code)


def test_behind_a_proxy_each_client_address_has_its_own_sign_in_limit(behind_nginx: Flask) -> None:
    statuses = [failed_sign_in(behind_nginx, "203.0.113.7", n) for n in range(4)]
    assert statuses == [401, 401, 401, 429]
    # Another person behind the same proxy is not held back by the first one's failures.
    assert failed_sign_in(behind_nginx, "198.51.100.20", 5) == 401


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(exposed: Flask) -> None:
    statuses = [failed_sign_in(exposed, f"203.0.113.{n}", n) for n in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_metrics_see_the_client_behind_the_proxy(behind_nginx: Flask, exposed: Flask) -> None:
    forwarded = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert behind_nginx.test_client().get("/metrics", environ_base=forwarded).status_code == 403
    local = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert behind_nginx.test_client().get("/metrics", environ_base=local).status_code == 200
    # A client reaching the app directly cannot pass for a local one.
    direct = {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert exposed.test_client().get("/metrics", environ_base=direct).status_code == 403


def test_behind_a_proxy_the_scheme_and_host_are_the_public_ones(behind_nginx: Flask) -> None:
    @behind_nginx.route("/test-where-am-i")
    def where_am_i() -> dict[str, object]:
        return {"url": request.url, "secure": request.is_secure, "client": request.remote_addr}

    headers = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "forum.example.org",
    }
    seen = behind_nginx.test_client().get("/test-where-am-i", headers=headers).get_json()
    assert seen == {
        "url": "https://forum.example.org/test-where-am-i",
        "secure": True,
        "client": "203.0.113.7",
    }


def test_a_malformed_proxy_count_stops_the_app_at_start(database_url: str) -> None:
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        app_with(database_url, TRUSTED_PROXIES="nginx")
