"""In-app notifications: one row per thing a person should hear about.

New questions in a followed tag are batched: one unread row per person and tag whose
count grows, instead of one row per question.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class Notification(db.Model):  # type: ignore[name-defined]
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    # Who did it; None when nobody may be named (an anonymous asker, a batch, the system).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    # How many events this row stands for (batched kinds); 1 otherwise.
    count: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    is_read: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moves when a batched row takes another event: lists sort by it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        # The list: one person's, unread first, newest first; also the unread count.
        Index("ix_notifications_inbox", "recipient_id", "is_read", "updated_at", "id"),
        # The batch row to grow: a person's unread row for a tag.
        Index("ix_notifications_tag_batch", "tag_id", "kind", "is_read", "recipient_id"),
    )
