"""Recording that a search document must be rebuilt: one outbox row, same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert

from backend.extensions import db
from backend.models import SearchOutbox, utcnow


def thread_changed(*question_ids: int) -> None:
    """Queue these threads for the search sync (which rebuilds them from the database)."""
    enqueue_many(question_ids)


def enqueue_many(question_ids: Iterable[int]) -> None:
    now = utcnow()
    rows = [
        {"question_id": qid, "created_at": now, "available_at": now, "attempts": 0}
        for qid in dict.fromkeys(question_ids)
    ]
    if rows:
        db.session.execute(insert(SearchOutbox), rows)


def synthesis_changed(synthesis_id: int) -> None:
    """Queue a synthesis for the search sync (indexed while published, removed otherwise)."""
    now = utcnow()
    db.session.execute(
        insert(SearchOutbox),
        [{"synthesis_id": synthesis_id, "created_at": now, "available_at": now, "attempts": 0}],
    )
