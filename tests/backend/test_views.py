"""View counts are gathered in memory per worker and written in batches: each worker
("app" here) shows the stored count plus its own pending views, and no view is lost
when the interval passes, a question is deleted meanwhile, or the worker stops."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from backend import create_app
from backend.questions.views import stop_writing
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(database_url: str) -> Iterator[Flask]:
    """A second worker on the same database, whose views are never due during the test."""
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "VIEW_FLUSH_SECONDS": 3600})
    yield other
    close_app(other)


def views(app: Flask, question_id: int) -> int:
    """The count a new reader of this worker is shown (it includes their own view)."""
    return int(ApiClient(app).get(f"/questions/{question_id}").get_json()["view_count"])


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 0}])
def test_with_no_interval_every_view_is_written_at_once(people, app, worker):
    q = people.member().ask()
    assert views(app, q["id"]) == 1
    assert views(app, q["id"]) == 2
    assert views(worker, q["id"]) == 3


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 3600}])
def test_views_wait_in_the_worker_that_counted_them(people, app, worker):
    q = people.member().ask()
    assert views(app, q["id"]) == 1
    assert views(app, q["id"]) == 2
    assert views(worker, q["id"]) == 1  # the other worker's two are not written yet
    assert views(app, q["id"]) == 3


def eventually(check: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextmanager
def views_locked(database_url: str, question_id: int) -> Iterator[None]:
    """Another connection holds a lock on the question's views until the block ends."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            # The question's first views make its row: another transaction's uncommitted row
            # stops them on PostgreSQL, as its write lock does on SQLite.
            first = text("INSERT INTO question_views (question_id, view_count) VALUES (:id, 0)")
            conn.execute(first, {"id": question_id})
            yield
    finally:
        engine.dispose()


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 0.2}])
def test_due_views_are_written_with_no_further_request_even_for_a_deleted_question(people, app, worker):
    asker, reader = people.member(), people.member()
    doomed, kept = asker.ask(), asker.ask()
    reader.get(f"/questions/{doomed['id']}")
    reader.get(f"/questions/{kept['id']}")
    assert asker.delete(f"/questions/{doomed['id']}").status_code == 204
    observer = ApiClient(worker)  # one browser: its own view counts once, however often it looks
    assert eventually(lambda: observer.get(f"/questions/{kept['id']}").get_json()["view_count"] == 2)
    assert ApiClient(worker).get(f"/questions/{doomed['id']}").status_code == 404


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 0.2}])
def test_views_being_written_still_show_until_their_write_commits(people, app, worker, database_url):
    q = people.member().ask()
    first = ApiClient(app)
    with views_locked(database_url, q["id"]):
        assert first.get(f"/questions/{q['id']}").get_json()["view_count"] == 1
        time.sleep(0.6)  # the batch is due: the writer has taken it and waits for the lock
        assert views(app, q["id"]) == 2  # the waiting batch, and this reader's own view
        assert views(worker, q["id"]) == 1  # nothing written yet: only its own reader
    observer = ApiClient(worker)
    assert eventually(lambda: observer.get(f"/questions/{q['id']}").get_json()["view_count"] == 3)
    # Written, and no longer shown as pending too (the observer's view waits in the other worker).
    assert first.get(f"/questions/{q['id']}").get_json()["view_count"] == 2


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 3600}])
def test_stopping_an_app_writes_its_pending_views(people, app, worker):
    q = people.member().ask()
    for _ in range(3):
        ApiClient(worker).get(f"/questions/{q['id']}")
    assert views(app, q["id"]) == 1
    assert stop_writing(worker) == 3
    assert views(app, q["id"]) == 5  # the stopped worker's three, and two readers here


def test_a_worker_that_stops_writes_its_pending_views(people, app, worker, database_url, tmp_path):
    q = people.member().ask()
    script = (
        "from backend import create_app\n"
        "from tests.conftest import TEST_CONFIG\n"
        f"app = create_app({{**TEST_CONFIG, 'SQLALCHEMY_DATABASE_URI': {database_url!r},"
        " 'VIEW_FLUSH_SECONDS': 3600})\n"
        f"for _ in range(3): assert app.test_client().get('/api/v1/questions/{q['id']}').status_code == 200\n"
    )
    env = {**os.environ, "COMMONPLACE_INSTANCE": str(tmp_path / "stopping-worker")}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)
    assert views(worker, q["id"]) == 4


def test_workers_forked_from_a_built_app_write_their_own_views(people, app, worker, database_url, tmp_path):
    """As under `gunicorn --preload`, the workers are forked from a process that built the app,
    here one whose writer had already written a view (a thread does not survive a fork). Each
    worker's own writer writes its views; the workers end without running exit handlers."""
    asker = people.member()
    read_before, read_after = asker.ask(), asker.ask()
    script = (
        "import os, time\n"
        "from backend import create_app\n"
        "from backend.extensions import db\n"
        "from tests.conftest import TEST_CONFIG\n"
        f"app = create_app({{**TEST_CONFIG, 'SQLALCHEMY_DATABASE_URI': {database_url!r},"
        " 'VIEW_FLUSH_SECONDS': 0.2})\n"
        f"assert app.test_client().get('/api/v1/questions/{read_before['id']}').status_code == 200\n"
        "time.sleep(1)\n"
        "children = []\n"
        "for _ in range(2):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        with app.app_context(): db.engine.dispose(close=False)\n"
        f"        ok = app.test_client().get('/api/v1/questions/{read_after['id']}').status_code == 200\n"
        "        time.sleep(3)\n"
        "        os._exit(0 if ok else 1)\n"
        "    children.append(pid)\n"
        "assert all(os.waitpid(pid, 0)[1] == 0 for pid in children)\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "COMMONPLACE_INSTANCE": str(tmp_path / "forked-workers")}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)
    assert views(worker, read_before["id"]) == 2
    assert views(worker, read_after["id"]) == 3


def test_views_are_not_counted_for_missing_or_deleted_questions(member, anon):
    q = member.ask()
    assert member.delete(f"/questions/{q['id']}").status_code == 204
    for path in (f"/questions/{q['id']}", "/questions/999999"):
        response = anon.get(path)
        assert response.status_code == 404
        assert response.get_json()["code"] == 404


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 0}])
def test_a_session_from_before_the_compact_cookie_still_counts_its_views_once(app, member):
    """Sessions used to keep the counted ids as a list; they keep working after an upgrade."""
    first, second = member.ask()["id"], member.ask()["id"]
    reader = ApiClient(app)
    old_cookie = app.session_interface.get_signing_serializer(app).dumps({"viewed": [first]})  # type: ignore[attr-defined]
    reader.client.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    assert reader.get(f"/questions/{first}").get_json()["view_count"] == 0  # counted before
    assert reader.get(f"/questions/{second}").get_json()["view_count"] == 1
    assert reader.get(f"/questions/{first}").get_json()["view_count"] == 0
    assert reader.get(f"/questions/{second}").get_json()["view_count"] == 1


def test_a_signed_out_read_keeps_its_counted_views_in_a_plain_cookie_not_a_session(app, member):
    first, second = member.ask()["id"], member.ask()["id"]
    reader = ApiClient(app)
    response = reader.get(f"/questions/{first}")
    cookies = response.headers.getlist("Set-Cookie")
    assert [c.split("=")[0] for c in cookies] == ["commonplace_viewed"]
    assert cookies[0].startswith(f"commonplace_viewed={first};") and "HttpOnly" in cookies[0]
    assert "SameSite=Lax" in cookies[0]
    again = reader.get(f"/questions/{first}")
    assert again.headers.getlist("Set-Cookie") == []  # not counted again: nothing to remember
    assert again.get_json()["view_count"] == response.get_json()["view_count"]
    reader.get(f"/questions/{second}")
    assert reader.client.get_cookie("commonplace_viewed").value == f"{first}.{second}"


def test_a_tampered_viewed_cookie_only_changes_that_browsers_own_views(app, member):
    q = member.ask()["id"]
    reader = ApiClient(app)
    reader.client.set_cookie("commonplace_viewed", f"junk.-4.{q}x.<script>")
    response = reader.get(f"/questions/{q}")
    assert response.status_code == 200 and response.get_json()["view_count"] == 1
    assert reader.client.get_cookie("commonplace_viewed").value == str(q)
    assert views(app, q) == 2  # another browser
    reader.client.delete_cookie("commonplace_viewed")
    assert reader.get(f"/questions/{q}").get_json()["view_count"] == 3  # as after clearing cookies
    reader.client.set_cookie("commonplace_viewed", f"{q}.{q + 1}")
    assert reader.get(f"/questions/{q}").get_json()["view_count"] == 3  # claims it has seen it
