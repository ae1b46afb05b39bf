"""Recording that a search document must be rebuilt: one outbox row, same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from backend.database import bulk_insert
from backend.extensions import db
from backend.models import SearchOutbox, utcnow


def thread_changed(*question_ids: int) -> None:
    """Queue these threads for the search sync (which rebuilds them from the database)."""
    enqueue_many(question_ids)


def enqueue_many(question_ids: Iterable[int]) -> None:
    _enqueue("question_id", dict.fromkeys(question_ids))


def synthesis_changed(synthesis_id: int) -> None:
    """Queue a synthesis for the search sync (indexed while published, removed otherwise)."""
    _enqueue("synthesis_id", [synthesis_id])


def _enqueue(key: str, ids: Iterable[int]) -> None:
    now = utcnow()
    rows = [{key: each, "created_at": now, "available_at": now, "attempts": 0} for each in ids]
    if rows:
        # As an ORM insert would: the changes the session holds go in before the rows naming them.
        if db.session.autoflush:
            db.session.flush()
        bulk_insert(SearchOutbox.__table__, rows)
