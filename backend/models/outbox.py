"""The search outbox: one row per change to a search document (a thread's, or a published
synthesis's), written in the same transaction as the change, so Meilisearch being down
never loses an update."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class SearchOutbox(db.Model):  # type: ignore[name-defined]
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Exactly one of the two is set. No foreign keys: the row must outlive whatever happens
    # to the thread or the synthesis (its document then leaves the index).
    question_id: Mapped[int | None] = mapped_column(Integer)
    synthesis_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the row may next be tried; pushed back with each failure.
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The sync worker's batch that took the row (host:pid:batch), and when: several workers
    # share the outbox; a claim older than the lease is taken over (its worker died).
    claim: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_search_outbox_pending", "processed_at", "available_at", "id"),)
