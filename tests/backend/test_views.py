"""View counts are gathered in memory per worker and written in batches: each worker
("app" here) shows the stored count plus its own pending views, and no view is lost
when the interval passes, a question is deleted meanwhile, or the worker stops."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from backend import create_app
from backend.extensions import db
from tests.conftest import TEST_CONFIG
from tests.people import ApiClient

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(database_url: str) -> Iterator[Flask]:
    """A second worker on the same database, whose views are never due during the test."""
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "VIEW_FLUSH_SECONDS": 3600})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


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


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 0.2}])
def test_due_views_are_written_by_the_next_thread_read_even_for_a_deleted_question(people, app, worker):
    asker, reader = people.member(), people.member()
    doomed, kept = asker.ask(), asker.ask()
    reader.get(f"/questions/{doomed['id']}")
    reader.get(f"/questions/{kept['id']}")
    assert asker.delete(f"/questions/{doomed['id']}").status_code == 204
    time.sleep(0.3)
    # The same session again: not a new view, but the read writes the due batch.
    assert reader.get(f"/questions/{kept['id']}").get_json()["view_count"] == 1
    assert views(worker, kept["id"]) == 2
    assert ApiClient(worker).get(f"/questions/{doomed['id']}").status_code == 404


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
