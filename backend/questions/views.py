"""View counts, gathered in memory and written in batches.

A view is a popularity signal, not content: like Stack Exchange and Discourse, each
worker adds views up in memory and a thread of its own writes them in one short
transaction every VIEW_FLUSH_SECONDS (and when the worker stops), instead of a read
taking the database's write lock. The batch is written off the request path: written
by the request that found it due, its commit (and now and then SQLite's checkpoint)
held up every request queued behind that worker, which was most of the thread's p99.
A reader still sees their own view at once: a thread's count is the stored count plus
this worker's pending views. A worker killed without warning loses at most its last
interval's views; every other write is made in the request that asks for it. With
VIEW_FLUSH_SECONDS=0 each view is written in its own request instead, and with
VIEW_BUFFER_URI=redis://... views wait in Redis, where no worker's death loses them
(shared_views.py).
"""

from __future__ import annotations

import atexit
import functools
import logging
import threading
import time
import weakref
from collections import Counter

from flask import Config, Flask, Response, current_app, request, session
from sqlalchemy import Insert, Integer, bindparam, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import dump_cookie

from backend import redis_urls
from backend.extensions import db
from backend.models import Question, QuestionView

WRITER_STOP_SECONDS = 30.0  # how long stopping waits for a batch being written
VIEWS_REMEMBERED = 200  # question ids a browser remembers as already viewed
# The threads this browser has been counted as viewing ("12.345.6789"), in a cookie of its own
# rather than the signed session: signing and serializing the session on a signed-out
# reader's first read cost a seventh of serving a thread, and a signature protects nothing
# here (editing the cookie can only stop or repeat one's own views, as clearing it can).
VIEWED_COOKIE = "commonplace_viewed"
REDIS_PREFIX = "commonplace:"  # of the keys of the shared view buffer (shared_views.py)
log = logging.getLogger(__name__)


class ViewCounter:
    """One app's pending views (question id -> views not yet in the database) and the
    thread that writes them."""

    def __init__(self, app: Flask, flush_seconds: float) -> None:
        self.flush_seconds = flush_seconds
        self._app = weakref.ref(app)  # the writer must not keep a discarded app alive
        self._pending: Counter[int] = Counter()
        # The batch being written, still shown until it is committed: a read while the
        # writer works would otherwise miss the batch's views, its reader's own among them.
        self._writing: Counter[int] = Counter()
        self._since: float | None = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._writer: threading.Thread | None = None

    def add(self, question_id: int) -> None:
        with self._lock:
            self._pending[question_id] += 1
            if self._since is None:
                self._since = time.monotonic()
            writer = self._writer
        # Started on the first view in this process: a thread does not survive a fork, and
        # gunicorn may fork workers from a process that built the app.
        if writer is None or not writer.is_alive():
            self._start_writer()

    def start(self) -> None:
        """Start writing now, not at the first view (in the process that serves requests)."""
        self._start_writer()

    def pending(self, question_id: int) -> int:
        return self._pending.get(question_id, 0) + self._writing.get(question_id, 0)

    def due(self) -> bool:
        since = self._since
        return since is not None and time.monotonic() - since >= self.flush_seconds

    def flush(self) -> int:
        """Write the pending views in one transaction (in the caller's app context, whose
        session must be idle); returns how many were written. On a database error they stay
        pending for the next try."""
        with self._lock:
            batch, self._pending, self._since = self._pending, Counter(), None
            self._writing = batch
        if not batch:
            return 0
        try:
            connection = db.session.connection()
            connection.execute(
                add_views(connection.dialect.name),
                [{"qid": qid, "n": n} for qid, n in sorted(batch.items())],
            )
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            with self._lock:
                self._pending.update(batch)
                self._writing = Counter()
                self._since = self._since or time.monotonic()
            log.warning("could not write %d pending views; will retry", sum(batch.values()), exc_info=True)
            return 0
        self._writing = Counter()
        return sum(batch.values())

    def stop(self) -> int:
        """Stop the writer and write what is pending (the worker or the app is going away);
        returns how many views this last write wrote."""
        if self._stopped.is_set() and not self._pending:
            return 0  # stopped before (the app was closed, then the process exits)
        self._stopped.set()
        writer = self._writer
        if writer is not None and writer.is_alive() and writer is not threading.current_thread():
            writer.join(WRITER_STOP_SECONDS)
        app = self._app()
        if app is None:
            return 0
        with app.app_context():
            return self.flush()

    def _start_writer(self) -> None:
        with self._lock:
            running = self._writer is not None and self._writer.is_alive()
            if running or self.flush_seconds <= 0 or self._stopped.is_set():
                return
            self._writer = threading.Thread(target=self._write_until_stopped, name="view-writer", daemon=True)
            self._writer.start()

    def _write_until_stopped(self) -> None:
        while not self._stopped.wait(self._seconds_until_due()):
            app = self._app()
            if app is None:
                return
            if self.due():
                try:
                    with app.app_context():
                        self.flush()
                except Exception:  # keep writing later batches whatever went wrong with this one
                    log.exception("the view writer failed")
            del app

    def _seconds_until_due(self) -> float:
        since = self._since
        if since is None:
            return self.flush_seconds
        return max(0.0, since + self.flush_seconds - time.monotonic())


def init_app(app: Flask) -> None:
    flush_seconds = float(app.config["VIEW_FLUSH_SECONDS"])
    buffer = app.config["VIEW_BUFFER_URI"]
    shared = redis_urls.for_redis_py(buffer)
    if shared is None and buffer != "memory://":
        # Refused at start: a mistyped address would otherwise keep views in each worker.
        raise RuntimeError(
            f"VIEW_BUFFER_URI: {buffer!r} is neither memory:// nor a Redis address"
            " (redis://host:6379, rediss://..., unix:///path/to/redis.sock)"
        )
    counter: ViewCounter
    if shared is not None and flush_seconds > 0:
        from backend.questions.shared_views import SharedViewCounter

        counter = SharedViewCounter(app, flush_seconds, shared, REDIS_PREFIX)
        counter.start()  # a worker that serves no thread still writes a dead one's views
    else:
        counter = ViewCounter(app, flush_seconds)
    app.extensions["view_counter"] = counter
    atexit.register(counter.stop)


def stop_writing(app: Flask) -> int:
    """Write the app's pending views and stop its writer thread: call it before dropping an
    app that stays in a running process (tests do), or its last batch is written later, to
    whatever database its URL then names."""
    counter: ViewCounter = app.extensions["view_counter"]
    return counter.stop()


def _counter() -> ViewCounter:
    counter: ViewCounter = current_app.extensions["view_counter"]
    return counter


def seen_ids() -> list[int]:
    """The question ids this browser was counted as viewing: its cookie's, and those sessions
    kept before the cookie existed ("12.345" or, older still, a list)."""
    return seen_in(session.get("viewed"), request.cookies.get(VIEWED_COOKIE))


def seen_in(in_session: object, in_cookie: str | None) -> list[int]:
    seen: list[int] = []
    for stored in (in_session, in_cookie):
        if isinstance(stored, str):
            seen += [int(part) for part in stored.split(".")[-VIEWS_REMEMBERED:] if part.isdigit()]
        elif isinstance(stored, list):
            seen += [part for part in stored if isinstance(part, int)]
    return seen


def remember_seen(response: Response, seen: list[int]) -> None:
    """Keep the counted ids in the browser (until it closes, as the session is)."""
    response.headers.add("Set-Cookie", seen_cookie(current_app.config, seen))


def seen_cookie(config: Config, seen: list[int]) -> str:
    """The Set-Cookie header that keeps them, as Response.set_cookie writes it."""
    return dump_cookie(
        VIEWED_COOKIE,
        ".".join(map(str, seen)),
        path="/",
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite=config["SESSION_COOKIE_SAMESITE"],
        max_size=config["MAX_COOKIE_SIZE"],
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


def batched() -> bool:
    """Whether views are written in batches (else each in its own request)."""
    return _counter().flush_seconds > 0


def write_if_unbatched() -> None:
    """With VIEW_FLUSH_SECONDS=0, write this request's view now (ends the session's read
    transaction first: on SQLite a transaction that begins with a write waits for the lock)."""
    counter = _counter()
    if counter.flush_seconds <= 0:
        db.session.rollback()
        counter.flush()


@functools.cache
def add_views(dialect: str) -> Insert:
    """Add :n views to question :qid (a row on its first views; none for a deleted question)."""
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    adding = insert(QuestionView).from_select(
        ["question_id", "view_count"],
        select(Question.id, bindparam("n", type_=Integer)).where(
            Question.id == bindparam("qid"), Question.is_deleted.is_(False)
        ),
    )
    return adding.on_conflict_do_update(
        index_elements=[QuestionView.question_id],
        set_={"view_count": QuestionView.view_count + adding.excluded.view_count},
    )
