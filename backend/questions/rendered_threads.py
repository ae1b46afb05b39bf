"""Threads stored as a signed-out reader sees them, so that reading a thread no worker has
in its cache is one row's read instead of four queries and a dump.

Every write that changes what a thread shows names it (content_version.content_changed);
just before that transaction commits, each named thread is rendered again and stored with
its new thread version, in the same transaction. A stored rendering is therefore exact
while its thread version holds, except for its authors' reputations, which writes in
other threads change: when the content version has moved since it was stored, they are
read again. Hidden and deleted threads have no stored rendering. Threads written before
this existed, imported in bulk, or stored in an older format are rendered on each read
(and cached per worker) until `flask threads render` stores them.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import zstandard
from flask import Flask
from marshmallow import Schema, fields
from sqlalchemy import Select, bindparam, delete, event, insert, or_, select, union
from sqlalchemy.orm import Session

from backend.direct_reads import DirectRead
from backend.errors import NotFound
from backend.extensions import db
from backend.models import Answer, Comment, Question, RenderedThread
from backend.questions import services
from backend.questions.content_version import CHANGED_THREADS, CONTENT_VERSION
from backend.questions.schemas import THREAD_SCHEMA
from backend.questions.stored_thread import (
    RENDERING_COLUMNS,
    StoredThread,
    read_stored_thread,
    stored_rendering,
)
from backend.questions.thread_cache import (
    Rendering,
    cached_thread,
    is_cached,
    member_slots,
    serialize,
    with_current_reputations,
)

# Bump when the rendering changes in a way the schema's shape does not show (an order, a
# rule about who is shown) or is stored differently: renderings in the old format are then
# ignored and replaced. 3: zstd instead of zlib, after where it shows "not signed in".
RENDERING_REVISION = 3


def _shape(schema: Schema) -> list[Any]:
    """The schema's fields, nested ones included: names, attributes and field types."""

    def field_shape(field: fields.Field) -> Any:
        if isinstance(field, fields.Nested):
            return ["Nested", _shape(field.schema)]
        if isinstance(field, fields.List):
            return ["List", field_shape(field.inner)]
        return type(field).__name__

    return [[name, field.attribute, field_shape(field)] for name, field in sorted(schema.dump_fields.items())]


FORMAT = hashlib.sha256(json.dumps([RENDERING_REVISION, _shape(THREAD_SCHEMA)]).encode()).hexdigest()[:40]


_HIDDEN_AUTHORS = union(
    select(Answer.author_id).where(
        Answer.question_id == bindparam("question_id"),
        Answer.is_deleted.is_(False),
        Answer.hidden_at.is_not(None),
    ),
    select(Comment.author_id).where(
        Comment.is_deleted.is_(False),
        Comment.hidden_at.is_not(None),
        or_(
            Comment.question_id == bindparam("question_id"),
            Comment.answer_id.in_(select(Answer.id).where(Answer.question_id == bindparam("question_id"))),
        ),
    ),
)


# zstd rather than zlib: at 100k generated threads it inflates a rendering in 8 us instead of
# 32 (a read of a thread no worker has cached) and deflates it in 30 us instead of 78 (every
# write to a thread), and stores it in 2.4 KB instead of 2.5. Its contexts are not to be
# shared between threads: each thread keeps its own.
_CODEC = threading.local()


def pack(body: bytes, slots: tuple[int, ...]) -> bytes:
    """A rendering's JSON as it is stored, after where it shows "not signed in" (its slots)."""
    if not hasattr(_CODEC, "packer"):
        _CODEC.packer = zstandard.ZstdCompressor(level=3)
    # Compact JSON holds no line break: the first one ends the slots.
    return _CODEC.packer.compress(b" ".join(b"%d" % at for at in slots) + b"\n" + body)


def unpack(document: bytes) -> tuple[bytes, tuple[int, ...]]:
    """A stored rendering's JSON and its slots."""
    if not hasattr(_CODEC, "unpacker"):
        _CODEC.unpacker = zstandard.ZstdDecompressor()
    slots, _, body = _CODEC.unpacker.decompress(document).partition(b"\n")
    return body, tuple(map(int, slots.split()))


def render(question_id: int) -> Rendering:
    """The thread as a signed-out reader sees it (NotFound if hidden or deleted)."""
    thread = THREAD_SCHEMA.dump(services.get_thread(question_id, None))
    hidden_authors = db.session.connection().execute(_HIDDEN_AUTHORS, {"question_id": question_id}).scalars()
    return serialize(thread, frozenset(hidden_authors))


def store(question_ids: Iterable[int]) -> int:
    """Render these threads and store them in the caller's transaction (it never commits);
    returns how many were stored (hidden and deleted threads are not)."""
    ids = sorted(set(question_ids))
    if not ids:
        return 0
    session = db.session
    content_version = session.execute(CONTENT_VERSION).scalar() or 0
    versions: dict[int, int] = dict(
        session.execute(select(Question.id, Question.thread_version).where(Question.id.in_(ids))).all()
    )
    rows = []
    for question_id in ids:
        if question_id not in versions:
            continue
        try:
            rendering = render(question_id)
        except NotFound:
            continue
        rows.append(
            {
                "question_id": question_id,
                "thread_version": versions[question_id],
                "content_version": content_version,
                "format": FORMAT,
                "document": pack(rendering.body, member_slots(rendering.body)),
                "reputations": json.dumps(rendering.reputations),
                "hidden_authors": " ".join(map(str, sorted(rendering.hidden_authors))),
            }
        )
    session.execute(delete(RenderedThread).where(RenderedThread.question_id.in_(ids)))
    if rows:
        session.execute(insert(RenderedThread), rows)
    return len(rows)


def _store_changed_threads(session: Session) -> None:
    """Before a commit: store the threads its transaction changed."""
    changed = session.info.pop(CHANGED_THREADS, None)
    if changed:
        session.flush()  # the renderings read with Core statements, which do not autoflush
        store(changed)


def _forget_changed_threads(session: Session, *args: Any) -> None:
    session.info.pop(CHANGED_THREADS, None)


def init_app(app: Flask) -> None:
    if not event.contains(db.session, "before_commit", _store_changed_threads):
        event.listen(db.session, "before_commit", _store_changed_threads)
        event.listen(db.session, "after_rollback", _forget_changed_threads)


_STORED = DirectRead(
    select(*RENDERING_COLUMNS).where(
        RenderedThread.question_id == bindparam("question_id"),
        RenderedThread.thread_version == bindparam("thread_version"),
        RenderedThread.format == bindparam("format"),
    )
)


def thread_row(question_id: int, member_id: int | None) -> StoredThread | None:
    """The thread's stored state (stored_thread.py), with this member's parts in it, and its
    stored rendering if this worker has not cached the thread (at any version: one that has
    moved on is read apart, as after a write)."""
    return read_stored_thread(question_id, member_id, None if is_cached(question_id) else FORMAT)


def public_rendering(question_id: int, found: StoredThread) -> Rendering:
    """The thread as a signed-out reader sees it, from this worker's cache, else from its
    stored rendering, else rendered from the database (`found`: its thread_row)."""
    thread_version, content_version = found.thread_version, found.content_version
    return cached_thread(
        question_id,
        thread_version,
        content_version,
        lambda: _stored(question_id, found) or render(question_id),
    )


def _stored(question_id: int, found: StoredThread) -> Rendering | None:
    """The stored rendering of this thread at its thread version (None if there is none),
    with its authors' reputations as they are now."""
    stored = found.rendering
    if not found.rendering_read:  # the worker had it cached, at another version or no longer
        row = _STORED.first(question_id=question_id, thread_version=found.thread_version, format=FORMAT)
        stored = None if row is None else stored_rendering(row)
    if stored is None:
        return None
    reputations = {int(user_id): reputation for user_id, reputation in json.loads(stored.reputations).items()}
    hidden_authors = frozenset(map(int, stored.hidden_authors.split()))
    body, slots = unpack(stored.document)
    rendering = Rendering(body, reputations, hidden_authors, slots)
    if stored.content_version == found.content_version:
        return rendering
    return with_current_reputations(rendering)


def stale_threads() -> Select[int]:
    """Listed, shown threads whose stored rendering is missing, out of date or in an older format."""
    return (
        select(Question.id)
        .outerjoin(RenderedThread, RenderedThread.question_id == Question.id)
        .where(
            Question.is_deleted.is_(False),
            Question.hidden_at.is_(None),
            or_(
                RenderedThread.question_id.is_(None),
                RenderedThread.thread_version != Question.thread_version,
                RenderedThread.format != FORMAT,
            ),
        )
    )


def stale_ids(after_id: int, limit: int) -> Sequence[int]:
    """The next stale threads' ids after this one, in order."""
    statement = stale_threads().where(Question.id > after_id).order_by(Question.id).limit(limit)
    return db.session.scalars(statement).all()
