"""With VIEW_BUFFER_URI naming a Redis, views wait there: every worker shows every pending
view, and a worker killed without warning loses none (another writes them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
import redis
from flask import Flask

from backend import create_app
from backend.questions.views import stop_writing
from tests.backend.test_views import ROOT, eventually, views
from tests.conftest import TEST_CONFIG, close_app
from tests.redis_server import RedisServer


@pytest.fixture
def app_config(redis_server: RedisServer) -> dict:
    return {"VIEW_BUFFER_URI": redis_server.url, "VIEW_FLUSH_SECONDS": 0.2}


@pytest.fixture
def idle_worker(database_url: str, redis_server: RedisServer) -> Iterator[Flask]:
    """Another worker on the same database and Redis, whose writer is never due in a test."""
    other = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "VIEW_BUFFER_URI": redis_server.url,
         "VIEW_FLUSH_SECONDS": 3600}
    )  # fmt: skip
    yield other
    close_app(other)


def stored_views(app: Flask, question_id: int) -> int:
    from backend.extensions import db
    from backend.models import QuestionView

    with app.app_context():
        row = db.session.get(QuestionView, question_id)
        return row.view_count if row is not None else 0


def test_every_worker_shows_the_views_another_counted(people, app, idle_worker):
    q = people.member().ask()
    assert [views(idle_worker, q["id"]) for _ in range(3)] == [1, 2, 3]  # pending in Redis
    assert views(app, q["id"]) == 4  # the other worker's three, shown here at once
    assert eventually(lambda: stored_views(app, q["id"]) == 4)  # then written by this one's writer
    assert views(idle_worker, q["id"]) == 5  # written, and no longer counted as pending too


def test_a_killed_worker_loses_no_view(people, app, database_url, redis_server, tmp_path):
    q = people.member().ask()
    # A worker whose writer is never due reads the thread for three browsers, then is killed.
    script = (
        "import os, signal\n"
        "from backend import create_app\n"
        "from tests.conftest import TEST_CONFIG\n"
        f"app = create_app({{**TEST_CONFIG, 'SQLALCHEMY_DATABASE_URI': {database_url!r},"
        f" 'VIEW_BUFFER_URI': {redis_server.url!r}, 'VIEW_FLUSH_SECONDS': 3600}})\n"
        f"for _ in range(3): assert app.test_client().get('/api/v1/questions/{q['id']}').status_code == 200\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "COMMONPLACE_INSTANCE": str(tmp_path / "killed-worker")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, timeout=120)
    assert done.returncode == -signal.SIGKILL
    assert eventually(lambda: stored_views(app, q["id"]) == 3)  # written by the worker still running


def test_a_batch_a_dead_writer_left_is_written_once(people, app, redis_server):
    q = people.member().ask()
    client = redis.Redis.from_url(redis_server.url)
    # A writer took a batch of two views, then died before writing it: after the claim lapses,
    # another writer writes it.
    client.hset("commonplace:views:batch:left-behind", str(q["id"]), 2)
    client.zadd("commonplace:views:batches", {"left-behind": 0})
    assert eventually(lambda: stored_views(app, q["id"]) == 2)
    assert eventually(lambda: client.zcard("commonplace:views:batches") == 0)
    # A writer wrote its batch, then died before dropping it from Redis: it is dropped, not added again.
    client.hset("commonplace:views:batch:left-behind", str(q["id"]), 2)
    client.zadd("commonplace:views:batches", {"left-behind": 0})
    assert eventually(lambda: client.zcard("commonplace:views:batches") == 0)
    assert stored_views(app, q["id"]) == 2


def test_views_are_kept_while_redis_is_down(people, app, redis_server):
    q = people.member().ask()
    redis_server.stop()
    for _ in range(2):
        views(app, q["id"])  # kept in this worker meanwhile, and written as without Redis
    assert eventually(lambda: stored_views(app, q["id"]) == 2)


def test_the_rate_limits_redis_on_a_socket_buffers_views_too(
    people, app, database_url, redis_server, monkeypatch
):
    """`limits` spells a socket redis+unix://, redis-py unix://: the view buffer takes it either way."""
    # The module's app takes what is pending in this Redis every 0.2 s: stopped, it cannot take
    # the view this test looks for between the read that shows it and the look.
    stop_writing(app)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", f"redis+unix://{redis_server.socket}")
    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "VIEW_FLUSH_SECONDS": 3600}
    first, second = create_app(config), create_app(config)
    try:
        assert first.config["VIEW_BUFFER_URI"] == f"unix://{redis_server.socket}"
        q = people.member().ask()
        assert views(first, q["id"]) == 1
        assert views(second, q["id"]) == 2  # the first worker's view waits in the shared Redis
        assert redis.Redis(unix_socket_path=str(redis_server.socket)).exists("commonplace:views:pending")
    finally:
        close_app(first)
        close_app(second)


@pytest.mark.parametrize("address", ["redis:/127.0.0.1:6379", "127.0.0.1:6379", "memcached://127.0.0.1"])
def test_a_view_buffer_that_is_no_redis_is_refused_at_start(database_url, address):
    with pytest.raises(RuntimeError, match="VIEW_BUFFER_URI"):
        create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "VIEW_BUFFER_URI": address})
