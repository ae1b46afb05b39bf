"""Votes: one per person and post, +1 or -1; retracting deletes the row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class Vote(db.Model):  # type: ignore[name-defined]
    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("value IN (-1, 1)", name="value_is_up_or_down"),
        CheckConstraint("(question_id IS NULL) <> (answer_id IS NULL)", name="on_exactly_one_post"),
        UniqueConstraint("user_id", "question_id"),
        UniqueConstraint("user_id", "answer_id"),
        Index("ix_votes_question", "question_id"),
        Index("ix_votes_answer", "answer_id"),
        Index("ix_votes_created", "created_at"),
    )
