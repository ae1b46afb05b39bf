"""View counts, gathered in memory and written in batches.

A view is a popularity signal, not content: like Stack Exchange and Discourse, each
worker adds views up in memory and writes them in one short transaction at most every
VIEW_FLUSH_SECONDS (and when it stops), instead of taking the database's write lock on
every read. A reader still sees their own view at once: a thread's count is the stored
count plus this worker's pending views. A worker killed without warning loses at most
its last interval's views; every other write is made in the request that asks for it.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import weakref
from collections import Counter
from typing import NamedTuple

from flask import Flask, Response, current_app, request, session
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import OperationalError

from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.models import Question
from backend.questions.content_version import CONTENT_VERSION

VIEWS_REMEMBERED = 200  # question ids a browser remembers as already viewed
# The threads this browser has been counted as viewing ("12.345.6789"), in a cookie of its own
# rather than the signed session: signing and serializing the session on a signed-out
# reader's first read cost a seventh of serving a thread, and a signature protects nothing
# here (editing the cookie can only stop or repeat one's own views, as clearing it can).
VIEWED_COOKIE = "commonplace_viewed"
log = logging.getLogger(__name__)


class ViewCounter:
    """One app's pending views: question id -> views not yet in the database."""

    def __init__(self, flush_seconds: float) -> None:
        self.flush_seconds = flush_seconds
        self._pending: Counter[int] = Counter()
        self._since: float | None = None
        self._lock = threading.Lock()

    def add(self, question_id: int) -> None:
        with self._lock:
            self._pending[question_id] += 1
            if self._since is None:
                self._since = time.monotonic()

    def pending(self, question_id: int) -> int:
        return self._pending.get(question_id, 0)

    def due(self) -> bool:
        since = self._since
        return since is not None and time.monotonic() - since >= self.flush_seconds

    def flush(self) -> int:
        """Write the pending views in one transaction (the caller's session must be idle);
        returns how many were written. On failure they stay pending for the next try."""
        with self._lock:
            batch, self._pending, self._since = self._pending, Counter(), None
        if not batch:
            return 0
        try:
            questions = Question.__table__
            db.session.connection().execute(
                update(questions)
                .where(questions.c.id == bindparam("qid"), questions.c.is_deleted.is_(False))
                .values(view_count=questions.c.view_count + bindparam("n")),
                [{"qid": qid, "n": n} for qid, n in sorted(batch.items())],
            )
            db.session.commit()
        except OperationalError:
            db.session.rollback()
            with self._lock:
                self._pending.update(batch)
                self._since = self._since or time.monotonic()
            log.warning("could not write %d pending views; will retry", sum(batch.values()), exc_info=True)
            return 0
        return sum(batch.values())


def init_app(app: Flask) -> None:
    app.extensions["view_counter"] = ViewCounter(float(app.config["VIEW_FLUSH_SECONDS"]))
    app_ref = weakref.ref(app)

    def flush_at_exit() -> None:
        alive = app_ref()
        if alive is not None:
            with alive.app_context():
                alive.extensions["view_counter"].flush()

    atexit.register(flush_at_exit)


def _counter() -> ViewCounter:
    counter: ViewCounter = current_app.extensions["view_counter"]
    return counter


def seen_ids() -> list[int]:
    """The question ids this browser was counted as viewing: its cookie's, and those sessions
    kept before the cookie existed ("12.345" or, older still, a list)."""
    seen: list[int] = []
    for stored in (session.get("viewed"), request.cookies.get(VIEWED_COOKIE)):
        if isinstance(stored, str):
            seen += [int(part) for part in stored.split(".")[-VIEWS_REMEMBERED:] if part.isdigit()]
        elif isinstance(stored, list):
            seen += [part for part in stored if isinstance(part, int)]
    return seen


def remember_seen(response: Response, seen: list[int]) -> None:
    """Keep the counted ids in the browser (until it closes, as the session is)."""
    config = current_app.config
    response.set_cookie(
        VIEWED_COOKIE,
        ".".join(map(str, seen)),
        httponly=True,
        secure=config["SESSION_COOKIE_SECURE"],
        samesite=config["SESSION_COOKIE_SAMESITE"],
    )


def count_view(question_id: int, viewer_id: int | None, author_id: int | None, seen: list[int]) -> bool:
    """Count one view unless the viewer asked the question or this browser already counted
    it; `seen`, the browser's counted ids, is updated in place. Returns whether it counted."""
    if question_id in seen or (viewer_id is not None and viewer_id == author_id):
        return False
    _counter().add(question_id)
    seen.append(question_id)
    del seen[:-VIEWS_REMEMBERED]
    return True


def pending_views(question_id: int) -> int:
    return _counter().pending(question_id)


def flush_views_if_due() -> None:
    """Write this worker's pending views if the interval has passed (ends the session's
    transaction: on SQLite a fresh transaction that begins with a write waits for the lock)."""
    counter = _counter()
    if counter.due():
        db.session.rollback()
        counter.flush()


def flush_views() -> int:
    db.session.rollback()
    return _counter().flush()


# Built once: this runs on every read of a thread.
_STORED_VIEWS_AND_VERSIONS = DirectRead(
    select(
        Question.view_count,
        Question.thread_version,
        CONTENT_VERSION.scalar_subquery(),
        Question.author_id,
    ).where(Question.id == bindparam("question_id"), Question.is_deleted.is_(False))
)


class StoredThread(NamedTuple):
    view_count: int
    thread_version: int
    content_version: int | None
    asker_id: int


def stored_views_and_versions(question_id: int) -> StoredThread | None:
    """A listed question's stored view count, thread version and asker, and the content
    version, in one query (None if the question does not exist or is deleted)."""
    row = _STORED_VIEWS_AND_VERSIONS.first(question_id=question_id)
    return None if row is None else StoredThread(int(row[0]), int(row[1]), row[2], int(row[3]))
