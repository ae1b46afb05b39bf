"""The content version, and exact list totals without counting on every read.

Every write that changes what a list or a thread shows bumps the version in its own
transaction (content_changed); each app caches totals, list pages and threads against it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import current_app
from sqlalchemy import select, update

from backend.extensions import db
from backend.models import ListingVersion

_CACHE = "listing_totals"  # app.extensions key: {filter key: (version, total)}
_MAX_CACHED = 4096


def content_changed() -> None:
    """A write changed what some list or thread shows: cached totals, pages and threads are stale."""
    db.session.execute(
        update(ListingVersion).where(ListingVersion.id == 1).values(version=ListingVersion.version + 1)
    )


def listing_version() -> int | None:
    """The current listing version (None if the row is missing: then nothing is cached)."""
    return db.session.connection().scalar(select(ListingVersion.version).where(ListingVersion.id == 1))


def cached_total(key: Hashable, count: Callable[[], int]) -> int:
    version = listing_version()
    cache: dict[Hashable, tuple[int, int]] = current_app.extensions.setdefault(_CACHE, {})
    cached = cache.get(key)
    if version is not None and cached is not None and cached[0] == version:
        return cached[1]
    total = count()
    if version is not None:
        if len(cache) >= _MAX_CACHED:
            cache.clear()
        cache[key] = (version, total)
    return total
