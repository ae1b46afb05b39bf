"""The outbox as the sync workers see it: short transactions, never held across a call to
Meilisearch.

Several workers may share the outbox (on PostgreSQL; SQLite keeps one). Each batch is claimed
in one short transaction: the claiming is serialised by an advisory lock, and rows are taken
with SKIP LOCKED past the rows other workers are marking. A document is only ever in one
live batch: a row whose document another worker is sending waits until that batch is done,
so a later state of a thread is always built, and sent, after an earlier one, and the index
ends equal to the database. A claim older than CLAIM_LEASE (its worker died) is taken over."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update

from backend.database import read_only
from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.indexing.documents import build
from backend.models import SearchOutbox, utcnow
from search.documents import synthesis_document_id
from search.sync import Built, PendingRow

# Building and sending a batch takes seconds (encoding its vectors, under a minute).
CLAIM_LEASE = timedelta(minutes=2)
# The key of the PostgreSQL advisory lock the workers take, one at a time, to claim a batch.
_CLAIMING = 0x5EA4C0


class SqlOutboxStore:
    def __init__(self) -> None:
        self.worker = f"{socket.gethostname()[:40]}:{os.getpid()}"  # fits the claim column

    def pending(self, limit: int) -> list[PendingRow]:
        """Claim up to `limit` due rows for this worker (committed) and return them."""
        now = utcnow()
        live = now - CLAIM_LEASE
        due_now = (
            SearchOutbox.processed_at.is_(None),
            SearchOutbox.available_at <= now,
            or_(SearchOutbox.claimed_at.is_(None), SearchOutbox.claimed_at < live),
        )
        # Most polls find nothing: they only read (on SQLite a claim takes the write lock).
        with read_only():
            anything = db.session.scalar(select(SearchOutbox.id).where(*due_now).limit(1))
            db.session.rollback()
        if anything is None:
            return []
        postgres = db.session.get_bind().dialect.name == "postgresql"
        if postgres:
            db.session.execute(select(func.pg_advisory_xact_lock(_CLAIMING)))
        busy = set(
            db.session.execute(
                select(SearchOutbox.question_id, SearchOutbox.synthesis_id).where(
                    SearchOutbox.processed_at.is_(None), SearchOutbox.claimed_at >= live
                )
            ).all()
        )
        due = (
            select(
                SearchOutbox.id, SearchOutbox.question_id, SearchOutbox.synthesis_id, SearchOutbox.attempts
            )
            .where(*due_now)
            .order_by(SearchOutbox.id)
            .limit(limit + len(busy))
        )
        if postgres:
            due = due.with_for_update(skip_locked=True)
        rows = [r for r in db.session.execute(due).all() if (r.question_id, r.synthesis_id) not in busy][
            :limit
        ]
        if not rows:
            db.session.rollback()
            return []
        db.session.execute(
            update(SearchOutbox)
            .where(SearchOutbox.id.in_([r.id for r in rows]))
            .values(claim=f"{self.worker}:{secrets.token_hex(4)}", claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
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
                    claim=None,
                    claimed_at=None,
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
            .values(processed_at=None, available_at=utcnow(), claim=None, claimed_at=None)
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
