"""The content version: one number that every write changing what a list or a thread
shows bumps in its own transaction (content_changed), and each thread's own version.

Each app keeps caches (list totals, list pages, expert rankings) whose entries are valid
only at the content version they were computed at, so nothing cached is ever served
stale. Cached threads follow their own thread's version instead (thread_cache.py), so a
write elsewhere does not drop every thread a worker keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from flask import current_app, g
from sqlalchemy import select, update

from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.methods import reads_only
from backend.models import ListingVersion, Question

T = TypeVar("T")
# The session's record of the threads its transaction changed (rendered_threads.py stores
# them again just before it commits).
CHANGED_THREADS = "changed_threads"


def content_changed(question_ids: Iterable[int], *, store: bool = True) -> None:
    """A write changed what these threads show, and so what lists may show: cached totals,
    pages and these threads are stale.

    Lock order: the threads' rows, then the one content version row. Writes that lock a
    question at their start (accepting, editing) take it before the version too, so two
    writes never wait on each other in opposite orders (on PostgreSQL, a deadlock)."""
    ids = sorted(set(question_ids))
    if ids:
        # Stored renderings are written before the commit; a change to thousands of threads
        # at once (a tag merge) leaves them to render again when next read.
        if store:
            db.session.info.setdefault(CHANGED_THREADS, set()).update(ids)
        db.session.execute(
            update(Question)
            .where(Question.id.in_(ids))
            .values(thread_version=Question.thread_version + 1)
            .execution_options(synchronize_session=False)
        )
    _bump_content_version()


def reputations_changed() -> None:
    """Reputations moved (also outside any thread's own writes): cached totals and pages are
    stale, and cached threads check their authors' reputations again."""
    _bump_content_version()


def _bump_content_version() -> None:
    db.session.execute(
        update(ListingVersion).where(ListingVersion.id == 1).values(version=ListingVersion.version + 1)
    )


# The one row holding the content version (views.py reads it beside a thread's own row).
CONTENT_VERSION = select(ListingVersion.version).where(ListingVersion.id == 1)
_VERSION = DirectRead(CONTENT_VERSION)


def listing_version() -> int | None:
    """The current content version (None if its row is missing: then nothing is cached).

    A read request (GET) changes no content, so it reads the version once, however many of
    its caches ask (a signed-in list page asks for the page and for the hidden questions)."""
    if reads_only():
        if "content_version" not in g:
            g.content_version = _read_version()
        version: int | None = g.content_version
        return version
    return _read_version()


def read_elsewhere(version: int) -> None:
    """The content version, read by another statement of this request (the signed-in
    member's): a read request then reads it no more."""
    if reads_only():
        g.setdefault("content_version", version)


def _read_version() -> int | None:
    row = _VERSION.first()
    return None if row is None else int(row[0])


def cached(cache_name: str, key: Hashable, compute: Callable[[], T], limit: int) -> T:
    """compute(), or its result from this app's cache if the version has not moved since."""
    version = listing_version()
    cache: dict[Hashable, tuple[int, T]] = current_app.extensions.setdefault(cache_name, {})
    entry = cache.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    if version is not None:
        if len(cache) >= limit:
            cache.clear()
        cache[key] = (version, value)
    return value
