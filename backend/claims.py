"""Claiming outbox rows for a worker: the mail outbox and webhook deliveries share it.

Due rows are claimed in one short transaction (on PostgreSQL with SKIP LOCKED, so several
workers share an outbox), marked `sending` under a claim token of their own; a claim older
than a worker can have needed goes back to `pending`. A model claimed here has the columns
id, status, available_at, claim and claimed_at.
"""

from __future__ import annotations

import enum
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from backend.extensions import db
from backend.models import utcnow


def claim_due(model: Any, pending: enum.StrEnum, sending: enum.StrEnum, limit: int) -> list[int]:
    """The ids of up to `limit` rows due now, claimed for this worker (committed)."""
    now = utcnow()
    due = (
        select(model.id)
        .where(model.status == pending, model.available_at <= now)
        .order_by(model.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    if not ids:
        db.session.rollback()
        return []
    claim = secrets.token_hex(8)
    db.session.execute(
        update(model)
        .where(model.id.in_(ids), model.status == pending)
        .values(status=sending, claim=claim, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(db.session.scalars(select(model.id).where(model.claim == claim).order_by(model.id)))


def release_stale(model: Any, pending: enum.StrEnum, sending: enum.StrEnum, older_than: timedelta) -> None:
    """Rows claimed by a worker that died mid-send go back to pending (committed)."""
    db.session.execute(
        update(model)
        .where(model.status == sending, model.claimed_at < utcnow() - older_than)
        .values(status=pending, claim=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
