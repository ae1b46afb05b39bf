"""What a person follows or filters out: tags they follow or mute, questions they watch."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class TagStance(enum.StrEnum):
    FOLLOW = "follow"
    MUTE = "mute"


class TagPreference(db.Model):  # type: ignore[name-defined]
    """A person follows or mutes a tag (never both: one row per person and tag)."""

    __tablename__ = "tag_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    stance: Mapped[TagStance] = mapped_column(
        Enum(TagStance, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Fan-out to a tag's followers.
    __table_args__ = (Index("ix_tag_preferences_tag", "tag_id", "stance", "user_id"),)


class QuestionWatch(db.Model):  # type: ignore[name-defined]
    """A person hears about new answers and comments on this question."""

    __tablename__ = "question_watches"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_question_watches_question", "question_id", "user_id"),)
