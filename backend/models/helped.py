"""Thanks ("this helped me"): one per person and answer (answers keep an exact helped_count)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class HelpedMark(db.Model):  # type: ignore[name-defined]
    __tablename__ = "helped_marks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_helped_marks_answer", "answer_id", "user_id"),
        Index("ix_helped_marks_created", "created_at"),
    )
