"""Rendered threads for signed-out readers, cached per content version.

Every write that changes what a thread shows (the question, its answers, comments,
votes, acceptance, and the reputation those move) bumps the content version, so a
cached thread is served only while it is exact. Signed-in people see their own votes
and permissions and always get a fresh rendering; the view count is never taken from
the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backend.questions.content_version import cached_at

MAX_THREADS = 2048


def cached_thread(
    question_id: int, version: int | None, render: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The thread as rendered for a signed-out reader at this content version (treat it as read-only)."""
    return cached_at(version, "thread_cache", question_id, render, MAX_THREADS)
