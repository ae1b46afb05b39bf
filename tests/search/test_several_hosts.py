"""Two app processes on two ports, as two hosts behind a load balancer, on one database, one
Redis and one Meilisearch: a session made on one is good on the other, a write on one is read
fresh on the other, and every limit counts both (not twice as much as one allows).
Redis stopped: writes go on, sign-in keeps its limits, the limited writes that guard an
account wait, /readyz says so; Redis back: all is well."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from backend import create_app
from search.server import MeiliServer
from tests.app_server import start_gunicorn
from tests.conftest import TEST_CONFIG, close_app
from tests.mail_server import free_port
from tests.redis_server import RedisServer

PASSWORD = "correct horse battery"


@dataclass
class Host:
    url: str
    process: subprocess.Popen


def start_host(env: dict[str, str], instance: Path) -> Host:
    url, process = start_gunicorn({**env, "COMMONPLACE_INSTANCE": str(instance)}, "/healthz", threads=4)
    return Host(url, process)


@pytest.fixture
def hosts(
    database_url: str, meili: MeiliServer, index_prefix: str, redis_server: RedisServer, tmp_path: Path
) -> Iterator[list[Host]]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "one-secret-for-every-host",
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": index_prefix,
        "RATELIMIT_STORAGE_URI": redis_server.url,
        "POST_LIMIT": "3 per minute",
        "NEW_MEMBER_QUESTIONS_PER_DAY": "1000",
        "VIEW_FLUSH_SECONDS": "0",
    }
    started = [start_host(env, tmp_path / f"host-{n}") for n in (1, 2)]
    yield started
    for host in started:
        host.process.terminate()
        host.process.wait(timeout=30)


def question(n: int) -> dict[str, object]:
    return {
        "title": f"How do I request a parking permit for site {n}?",
        "body": f"The form for site {n} asks for a cost centre I do not have.",
        "tags": ["facilities"],
    }


def test_two_hosts_share_sessions_fresh_writes_and_limits(hosts: list[Host]) -> None:
    a, b = hosts
    person = requests.Session()  # one browser; the load balancer sends it either way
    person.headers["X-CSRF-Token"] = person.get(f"{a.url}/api/v1/auth/csrf").json()["csrf_token"]
    made = person.post(
        f"{a.url}/api/v1/auth/register",
        json={"email": "pat@example.com", "password": PASSWORD, "display_name": "Pat"},
    )
    assert made.status_code == 201, made.text
    assert person.get(f"{b.url}/api/v1/auth/me").json()["email"] == "pat@example.com"

    asked = person.post(f"{a.url}/api/v1/questions", json=question(1))
    assert asked.status_code == 201, asked.text
    qid = asked.json()["id"]
    assert requests.get(f"{b.url}/api/v1/questions/{qid}").json()["title"] == question(1)["title"]
    # Cached on A, changed on B: A serves the change at once.
    assert requests.get(f"{a.url}/api/v1/questions/{qid}").status_code == 200
    edited = person.patch(
        f"{b.url}/api/v1/questions/{qid}", json={"title": "How do I renew a parking permit?"}
    )
    assert edited.status_code == 200, edited.text
    assert (
        requests.get(f"{a.url}/api/v1/questions/{qid}").json()["title"] == "How do I renew a parking permit?"
    )

    # POST_LIMIT is 3 a minute: the first question, then one on B and one on A; the fourth,
    # wherever it goes, is refused (each host's own memory would have allowed six).
    assert person.post(f"{b.url}/api/v1/questions", json=question(2)).status_code == 201
    assert person.post(f"{a.url}/api/v1/questions", json=question(3)).status_code == 201
    refused = person.post(f"{b.url}/api/v1/questions", json=question(4))
    assert refused.status_code == 429, refused.text
    assert refused.json()["code"] == 429

    # Five wrong passwords a minute per account, spread over both hosts: the sixth is refused.
    guesser = requests.Session()
    guesser.headers["X-CSRF-Token"] = guesser.get(f"{a.url}/api/v1/auth/csrf").json()["csrf_token"]
    statuses = [
        guesser.post(
            f"{host.url}/api/v1/auth/login", json={"email": "pat@example.com", "password": "wrong guess"}
        ).status_code
        for host in (a, b, a, b, a, b)
    ]
    assert statuses == [401] * 5 + [429]


def test_with_redis_down_writes_go_on_and_account_limits_hold(
    hosts: list[Host], redis_server: RedisServer
) -> None:
    a, b = hosts
    person = requests.Session()
    person.headers["X-CSRF-Token"] = person.get(f"{a.url}/api/v1/auth/csrf").json()["csrf_token"]
    made = person.post(
        f"{a.url}/api/v1/auth/register",
        json={"email": "lee@example.com", "password": PASSWORD, "display_name": "Lee"},
    )
    assert made.status_code == 201, made.text

    redis_server.stop()
    assert person.post(f"{b.url}/api/v1/questions", json=question(5)).status_code == 201
    assert requests.get(f"{a.url}/api/v1/questions").status_code == 200
    # Signing in keeps its limits (counted in the database): five failures, then 429.
    other = requests.Session()
    other.headers["X-CSRF-Token"] = other.get(f"{b.url}/api/v1/auth/csrf").json()["csrf_token"]
    signed_in = other.post(
        f"{b.url}/api/v1/auth/login", json={"email": "lee@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 200, signed_in.text
    wrong = {"email": "lee@example.com", "password": "wrong guess"}
    statuses = [other.post(f"{host.url}/api/v1/auth/login", json=wrong).status_code for host in (a, b) * 3]
    assert statuses == [401] * 5 + [429]
    # A limited write that guards an account waits for the store rather than go unlimited.
    paused = other.post(f"{a.url}/api/v1/auth/password-reset", json={"email": "lee@example.com"})
    assert paused.status_code == 503, paused.text
    assert "rate-limit store" in paused.json()["message"]
    ready = requests.get(f"{a.url}/readyz")
    assert ready.status_code == 503
    assert ready.json()["down"] == ["rate_limits"]
    assert "RATELIMIT_STORAGE_URI" in ready.json()["checks"]["rate_limits"]["detail"]

    again = RedisServer(redis_server.folder, redis_server.port).start()
    try:
        back = other.post(f"{a.url}/api/v1/auth/password-reset", json={"email": "lee@example.com"})
        assert back.status_code == 202, back.text
        assert requests.get(f"{a.url}/readyz").status_code == 200
    finally:
        again.stop()


def test_an_unreachable_redis_at_start_is_named(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    closed = f"redis://127.0.0.1:{free_port()}"
    with caplog.at_level(logging.WARNING):
        app = create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_STORAGE_URI": closed}
        )
    close_app(app)
    assert any("RATELIMIT_STORAGE_URI" in record.getMessage() for record in caplog.records)
