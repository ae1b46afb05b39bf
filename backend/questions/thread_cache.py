"""Rendered threads for signed-out readers, cached per thread version.

Every write that changes what a thread shows (the question, its answers, comments,
votes, acceptance, labels, moderation) bumps that thread's version in its own
transaction, so a cached thread is served only while it is exact, and a write in one
thread leaves the others cached. The one thing a thread shows that writes elsewhere
change is its authors' reputations: after any write anywhere (the content version
moved) they are read again, and the thread is rendered anew if one has changed.
Signed-in people see their own votes and permissions and always get a fresh rendering;
the view count is never taken from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select

from backend.direct_reads import DirectRead
from backend.models import User

MAX_THREADS = 2048
_CACHE = "thread_cache"

_REPUTATIONS = DirectRead(
    select(User.id, User.reputation).where(User.id.in_(bindparam("ids", expanding=True)))
)


@dataclass
class CachedThread:
    thread_version: int
    # The content version at which the authors' reputations were last found unchanged.
    checked_at: int
    reputations: dict[int, int]
    thread: dict[str, Any]


def cached_thread(
    question_id: int, thread_version: int, content_version: int | None, render: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The thread as rendered for a signed-out reader (treat it as read-only)."""
    cache: dict[int, CachedThread] = current_app.extensions.setdefault(_CACHE, {})
    entry = cache.get(question_id)
    if entry is not None and entry.thread_version == thread_version and content_version is not None:
        if entry.checked_at == content_version:
            return entry.thread
        if _current_reputations(entry.reputations) == entry.reputations:
            entry.checked_at = content_version
            return entry.thread
    thread = render()
    if content_version is not None:
        if len(cache) >= MAX_THREADS:
            cache.clear()
        reputations = {author["id"]: author["reputation"] for author in _authors(thread)}
        cache[question_id] = CachedThread(thread_version, content_version, reputations, thread)
    return thread


def _current_reputations(shown: dict[int, int]) -> dict[int, int]:
    return dict(_REPUTATIONS.all(ids=sorted(shown))) if shown else {}


def _authors(thread: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every author shown in the thread: of the question, its answers and all comments."""
    posts = [thread, *thread["answers"]]
    for post in posts:
        for author in (post["author"], *(comment["author"] for comment in post["comments"])):
            if author is not None:
                yield author
