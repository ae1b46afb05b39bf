"""Fixtures: a fresh database per test (SQLite file, or PostgreSQL when DATABASE_URL says so),
an app built by create_app(), and people who talk to it through the public API."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from psycopg.errors import DeadlockDetected
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from backend import create_app, database
from backend.backups.services import MIGRATION_ROWS
from backend.extensions import db
from backend.questions import views
from tests.mail_server import MailServer
from tests.people import ApiClient, People
from tests.redis_server import RedisServer

TEST_CONFIG = {
    "TESTING": True,
    # Still scrypt, with a cost that keeps hundreds of test sign-ups fast.
    "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    "SECRET_KEY": "test-secret",
    # Tests make many posts and votes from new accounts: privileges and rate limits that would
    # get in their way are relaxed here; tests/backend/test_privileges.py and test_rate_limits.py
    # set them back to check them.
    "DOWNVOTE_MIN_REPUTATION": 0,
    "NEW_MEMBER_QUESTIONS_PER_DAY": 1000,
    "NEW_MEMBER_ANSWERS_PER_DAY": 1000,
    "POST_LIMIT": "10000 per minute",
    "VOTE_LIMIT": "10000 per minute",
    "FLAG_LIMIT": "10000 per minute",
    "INVITE_LIMIT": "10000 per minute",
    # Each view is written in its request: a background batch could land while a test compares
    # snapshots of the database (test_authorization) or in the next test's database. Tests of
    # the batching set their own interval (tests/backend/test_views.py).
    "VIEW_FLUSH_SECONDS": 0,
    # Likewise SQLite's log is checkpointed by the commit that fills it, as SQLite does by
    # itself: a thread of the template's app would still be copying while the fixture copies
    # the file. tests/backend/test_wal_checkpoints.py sets an interval.
    "SQLITE_CHECKPOINT_SECONDS": 0,
}


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def _worker_database(url: str, worker: str) -> str:
    """One PostgreSQL database per xdist worker, created on first use; refuses non-test names."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if "test" not in (parsed.database or ""):
        raise RuntimeError(
            f"Refusing to run tests against {parsed.database!r}: its name must contain 'test'."
        )
    name = f"{parsed.database}_{worker}"
    admin = create_engine(parsed.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """Apply the Alembic migrations once per session; tests then start from a copy (SQLite)
    or from emptied tables (PostgreSQL)."""
    pg = _postgres_url()
    instance = tmp_path_factory.mktemp("instance")
    url = _worker_database(pg, worker_id) if pg else f"sqlite:///{instance / 'template.db'}"
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if pg:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if database_template.startswith("sqlite"):
        copy = tmp_path / "test.db"
        shutil.copyfile(database_template.removeprefix("sqlite:///"), copy)
        return f"sqlite:///{copy}"
    engine = create_engine(database_template)
    try:
        _empty_tables(engine)
    finally:
        engine.dispose()
    return database_template


def _empty_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        tables = conn.scalars(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT tablename = ANY(:kept)"
            ),
            {"kept": ["alembic_version", *MIGRATION_ROWS]},
        ).all()
    # A server the last test killed leaves its PostgreSQL backend running its last statement
    # until it notices; one that takes a lock TRUNCATE holds is a deadlock, and PostgreSQL may
    # end our side of it. The killed side is gone a moment later, so try again.
    for attempt in range(5):
        try:
            with engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            return
        except OperationalError as error:
            if attempt == 4 or not isinstance(error.orig, DeadlockDetected):
                raise
            time.sleep(0.2)


@pytest.fixture
def app_config() -> dict:
    """Extra settings for the test's app (search tests add their Meilisearch)."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, app_config: dict) -> Iterator[Flask]:
    os.environ["COMMONPLACE_INSTANCE"] = str(tmp_path / "instance")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **app_config})
    yield app
    close_app(app)


def close_app(app: Flask) -> None:
    """Done with an app: its pending views are written and its view writer stopped (a late
    batch would land in the next test's PostgreSQL database, whose ids start over), and its
    connections closed."""
    views.stop_writing(app)
    database.stop_checkpoints(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def anon(app: Flask) -> ApiClient:
    """Somebody who has not signed in."""
    return ApiClient(app)


@pytest.fixture
def people(app: Flask) -> People:
    """Makes signed-in members, moderators and admins."""
    return People(app)


@pytest.fixture
def member(people: People) -> ApiClient:
    return people.member("Mia Member")


@pytest.fixture
def moderator(people: People) -> ApiClient:
    return people.moderator("Mo Moderator")


@pytest.fixture
def admin(people: People) -> ApiClient:
    return people.admin("Ada Admin")


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port, for the tests that mail."""
    server = MailServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server of the test's own, on a free loopback port."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()
