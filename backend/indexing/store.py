"""The outbox as the sync worker sees it: short transactions, never held across a call to Meilisearch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from backend.database import read_only
from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.indexing.documents import build
from backend.models import SearchOutbox, utcnow
from search.documents import synthesis_document_id
from search.sync import Built, PendingRow


class SqlOutboxStore:
    def pending(self, limit: int) -> list[PendingRow]:
        with read_only():
            rows = db.session.execute(
                select(
                    SearchOutbox.id,
                    SearchOutbox.question_id,
                    SearchOutbox.synthesis_id,
                    SearchOutbox.attempts,
                )
                .where(SearchOutbox.processed_at.is_(None), SearchOutbox.available_at <= utcnow())
                .order_by(SearchOutbox.id)
                .limit(limit)
            ).all()
            db.session.rollback()
        return [
            PendingRow(
                id=r.id,
                document_id=synthesis_document_id(r.synthesis_id) if r.question_id is None else r.question_id,
                attempts=r.attempts,
            )
            for r in rows
        ]

    def build(self, document_ids: Sequence[int | str]) -> Built:
        return build(document_ids)

    def mark_done(self, row_ids: Sequence[int]) -> None:
        db.session.execute(
            update(SearchOutbox)
            .where(SearchOutbox.id.in_(row_ids))
            .values(processed_at=utcnow(), last_error=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()

    def mark_failed(
        self, rows: Sequence[PendingRow], error: str, retry_at: Callable[[int], datetime]
    ) -> None:
        for row in rows:
            db.session.execute(
                update(SearchOutbox)
                .where(SearchOutbox.id == row.id)
                .values(
                    attempts=row.attempts + 1,
                    available_at=retry_at(row.attempts + 1),
                    last_error=error[:2000],
                )
                .execution_options(synchronize_session=False)
            )
        db.session.commit()

    def has_waiting(self) -> bool:
        with read_only():
            waiting = db.session.scalar(select(SearchOutbox.id).where(*_waiting()).limit(1))
            db.session.rollback()
        return waiting is not None

    def release_waiting(self) -> int:
        result = db.session.execute(
            update(SearchOutbox)
            .where(*_waiting())
            .values(available_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return int(result.rowcount)  # type: ignore[attr-defined]

    def high_water_mark(self) -> int:
        return int(db.session.scalar(select(func.max(SearchOutbox.id))) or 0)

    def replay_after(self, row_id: int) -> int:
        """Send again every change recorded after row_id (e.g. while a reindex was running)."""
        result = db.session.execute(
            update(SearchOutbox)
            .where(SearchOutbox.id > row_id)
            .values(processed_at=None, available_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return int(result.rowcount)  # type: ignore[attr-defined]


def _waiting() -> tuple[Any, ...]:
    """Rows that failed and wait out their back-off."""
    return (SearchOutbox.processed_at.is_(None), SearchOutbox.available_at > utcnow())


@dataclass(frozen=True)
class OutboxStatus:
    backlog: int
    oldest_pending: datetime | None
    last_error: str | None
    failing: int


def outbox_status() -> OutboxStatus:
    pending = SearchOutbox.processed_at.is_(None)
    backlog, oldest = db.session.execute(
        select(func.count(), func.min(SearchOutbox.created_at)).where(pending)
    ).one()
    failing = db.session.scalar(select(func.count()).where(pending, SearchOutbox.attempts > 0)) or 0
    last_error = db.session.scalar(
        select(SearchOutbox.last_error)
        .where(pending, SearchOutbox.last_error.is_not(None))
        .order_by(SearchOutbox.id.desc())
        .limit(1)
    )
    return OutboxStatus(backlog=backlog, oldest_pending=oldest, last_error=last_error, failing=failing)


_LAST_SYNC = DirectRead(select(func.max(SearchOutbox.processed_at)))


def last_sync() -> str:
    """When the sync last changed the index (as the database gives it): what was read from
    Meilisearch before that may be kept, what is older may not."""
    rows = _LAST_SYNC.all()
    return str(rows[0][0] if rows else None)
