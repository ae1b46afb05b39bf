"""Rendered threads for signed-out readers, cached per content version.

Every write that changes what a thread shows (the question, its answers, comments,
votes, acceptance, and the reputation those move) bumps the content version in its own
transaction, so a cached thread is served only while it is exact. Signed-in people see
their own votes and permissions and always get a fresh rendering; the view count is
never taken from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app

from backend.questions.totals import listing_version

_CACHE = "thread_cache"
_MAX_THREADS = 2048


def cached_thread(question_id: int, render: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The thread as rendered for a signed-out reader (treat it as read-only)."""
    version = listing_version()
    cache: dict[int, tuple[int, dict[str, Any]]] = current_app.extensions.setdefault(_CACHE, {})
    entry = cache.get(question_id)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    thread = render()
    if version is not None:
        if len(cache) >= _MAX_THREADS:
            cache.clear()
        cache[question_id] = (version, thread)
    return thread
