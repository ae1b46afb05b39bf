"""SQLite's write-ahead log reaches the database file through a thread of each process, not
through the request whose commit fills the log (which then waited for the copy)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.backend.test_views import eventually
from tests.conftest import close_app
from tests.people import ApiClient

ASKS_PAST_THE_DEFAULT = 120  # question posts that write well over SQLite's 1,000-page default


@pytest.fixture(autouse=True)
def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL has no write-ahead log to checkpoint (SQLite only)")


def in_the_file_alone(database_url: str, tmp_path: Path, title: str) -> bool:
    """Whether the database file by itself, without its log, holds a question with this title:
    only a checkpoint puts it there."""
    copy = tmp_path / f"file-alone-{time.monotonic_ns()}.db"
    shutil.copyfile(database_url.removeprefix("sqlite:///"), copy)
    connection = sqlite3.connect(copy)
    try:
        return (
            connection.execute("SELECT count(*) FROM questions WHERE title = ?", (title,)).fetchone()[0] == 1
        )
    except sqlite3.DatabaseError:  # copied halfway through a checkpoint's writes
        return False
    finally:
        connection.close()


@pytest.mark.parametrize("app_config", [{"SQLITE_CHECKPOINT_SECONDS": 0.05}])
def test_a_commit_reaches_the_database_file_without_filling_the_log(member, database_url, tmp_path):
    member.ask(title="Where is the printer on the third floor?")
    assert eventually(
        lambda: in_the_file_alone(database_url, tmp_path, "Where is the printer on the third floor?")
    )


@pytest.mark.parametrize("app_config", [{"SQLITE_CHECKPOINT_SECONDS": 0}])
def test_without_the_thread_a_commit_stays_in_the_log(member, database_url, tmp_path):
    member.ask(title="Where is the printer on the third floor?")
    time.sleep(0.5)
    assert not in_the_file_alone(database_url, tmp_path, "Where is the printer on the third floor?")


@pytest.mark.parametrize(
    ("app_config", "checkpointed_by_a_commit"),
    [({"SQLITE_CHECKPOINT_SECONDS": 0}, True), ({"SQLITE_CHECKPOINT_SECONDS": 3600}, False)],
)
def test_with_the_thread_no_request_copies_a_full_log(
    member, database_url, tmp_path, checkpointed_by_a_commit
):
    """SQLite's own checkpoint runs in the commit that brings the log to 1,000 pages; with the
    thread (here one that never wakes during the test) the app's commits leave the log alone."""
    member.ask(title="What is the first question of the batch?")
    for _ in range(ASKS_PAST_THE_DEFAULT):
        member.ask()
    assert (
        in_the_file_alone(database_url, tmp_path, "What is the first question of the batch?")
        is checkpointed_by_a_commit
    )


def checkpointer_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "wal-checkpointer"]


@pytest.mark.parametrize("app_config", [{"SQLITE_CHECKPOINT_SECONDS": 0.05}])
def test_the_thread_starts_with_the_first_commit_and_stops_with_the_app(app, people):
    before = checkpointer_threads()
    ApiClient(app).get("/questions")  # reads commit nothing
    assert checkpointer_threads() == before
    people.member("Reta Reader")
    started = [thread for thread in checkpointer_threads() if thread not in before]
    assert len(started) == 1
    close_app(app)
    assert not started[0].is_alive()


@pytest.mark.parametrize("app_config", [{"SQLITE_CHECKPOINT_SECONDS": 0.05}])
def test_a_forked_process_starts_a_thread_of_its_own(app, member):
    """gunicorn may fork its workers from a process that built the app (and committed)."""
    member.ask(title="Asked before the fork")
    assert len(checkpointer_threads()) == 1
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: no thread after the fork, then one after its first commit
        status = 1
        try:
            os.close(read)
            from backend.extensions import db

            with app.app_context():
                db.engine.dispose(close=False)  # the parent's connections stay the parent's
            threads = [len(checkpointer_threads())]
            member.ask(title="Asked in the forked worker")
            threads.append(len([thread for thread in checkpointer_threads() if thread.is_alive()]))
            os.write(write, repr(threads).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    _, status = os.waitpid(child, 0)
    answer = os.read(read, 64)
    os.close(read)
    assert status == 0
    assert answer == b"[0, 1]"
