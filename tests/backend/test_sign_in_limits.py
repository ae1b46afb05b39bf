"""Failed sign-ins are counted in the database: the documented limits hold across workers
(two apps on one database here; the real two-worker server in tests/test_serve.py), over a
sliding window that ends as documented."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from backend import create_app
from backend.extensions import db
from backend.models import SignInFailure
from tests.conftest import TEST_CONFIG, close_app
from tests.people import PASSWORD, ApiClient, People

EMAIL = "target@example.com"


def sign_in(client: ApiClient, password: str = "wrong guess", email: str = EMAIL) -> int:
    return int(client.post("/auth/login", {"email": email, "password": password}).status_code)


def age_failures(app: Flask, seconds: int) -> None:
    """Move every recorded failure into the past, as if that much time had gone by."""
    with app.app_context():
        for failure in db.session.scalars(select(SignInFailure)):
            failure.failed_at -= timedelta(seconds=seconds)
        db.session.commit()


@pytest.fixture
def second_worker(database_url: str) -> Iterator[Flask]:
    """Another process's app on the same database (its own memory, its own limiter)."""
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    yield other
    close_app(other)


def test_the_sixth_failure_within_a_minute_is_refused_whichever_worker_gets_it(
    app: Flask, people: People, second_worker: Flask
) -> None:
    people.member(email=EMAIL)
    workers = [ApiClient(app), ApiClient(second_worker)]
    statuses = [sign_in(workers[attempt % 2]) for attempt in range(7)]
    assert statuses == [401] * 5 + [429, 429]


def test_a_refused_sign_in_refuses_the_right_password_too_and_says_how_long_to_wait(
    app: Flask, people: People
) -> None:
    people.member(email=EMAIL)
    client = ApiClient(app)
    for _ in range(5):
        assert sign_in(client) == 401
    age_failures(app, 40)  # the first failure leaves the minute in about 20 s
    refused = client.post("/auth/login", {"email": EMAIL, "password": PASSWORD})
    assert refused.status_code == 429
    assert refused.get_json()["message"].startswith("Too many failed sign-ins for this account")
    assert 15 <= int(refused.headers["Retry-After"]) <= 20


def test_the_minute_window_ends_after_a_minute(app: Flask, people: People) -> None:
    people.member(email=EMAIL)
    client = ApiClient(app)
    for _ in range(5):
        assert sign_in(client) == 401
    age_failures(app, 59)
    assert sign_in(client, PASSWORD) == 429
    age_failures(app, 2)
    assert sign_in(client, PASSWORD) == 200


def test_the_hour_limit_holds_after_the_minutes_have_passed(app: Flask, people: People) -> None:
    people.member(email=EMAIL)
    client = ApiClient(app)
    for _ in range(4):  # 20 per hour: four minutes of five failures
        for _ in range(5):
            assert sign_in(client) == 401
        age_failures(app, 61)
    assert sign_in(client) == 429
    age_failures(app, 3600 - 4 * 61)
    assert sign_in(client) == 401


def test_refused_attempts_do_not_lengthen_the_wait(app: Flask, people: People) -> None:
    people.member(email=EMAIL)
    client = ApiClient(app)
    for _ in range(5):
        sign_in(client)
    for _ in range(10):
        assert sign_in(client) == 429
    age_failures(app, 61)
    assert sign_in(client, PASSWORD) == 200


def test_old_failures_are_forgotten(app: Flask, people: People) -> None:
    people.member(email=EMAIL)
    client = ApiClient(app)
    sign_in(client)
    age_failures(app, 3601)
    sign_in(client)
    with app.app_context():
        assert db.session.query(SignInFailure).count() == 2  # this failure's two keys only
