"""Moderation: flags on posts, suggested edits, and the audit log of moderator actions."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow

_ONE_OF_THREE = (
    "(CASE WHEN question_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END"
    " + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1"
)


class FlagReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    MISINFORMATION = "misinformation"
    OUTDATED = "outdated"
    OFF_TOPIC = "off-topic"
    OTHER = "other"


class Flag(db.Model):  # type: ignore[name-defined]
    """One person's flag on one post; open until a moderator dismisses it or acts on the post."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(_ONE_OF_THREE, name="on_exactly_one_post"),
        UniqueConstraint("user_id", "question_id"),
        UniqueConstraint("user_id", "answer_id"),
        UniqueConstraint("user_id", "comment_id"),
        Index("ix_flags_question", "question_id", "resolved_at"),
        Index("ix_flags_answer", "answer_id", "resolved_at"),
        Index("ix_flags_comment", "comment_id", "resolved_at"),
        Index("ix_flags_open", "resolved_at", "created_at"),
    )


class SuggestedEdit(db.Model):  # type: ignore[name-defined]
    """An edit of someone else's post by a member without the privilege to edit it directly:
    applied only when the author or a moderator approves it."""

    __tablename__ = "suggested_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    body_source: Mapped[str | None] = mapped_column(Text)
    # Space-separated tag names (questions only), or None when the tags are unchanged.
    tags: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("(question_id IS NULL) <> (answer_id IS NULL)", name="of_exactly_one_post"),
        Index("ix_suggested_edits_status", "status", "created_at"),
    )


class ModerationAction(db.Model):  # type: ignore[name-defined]
    """The audit log: who did what to which target, when and why."""

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_moderation_actions_created", "created_at", "id"),
        # The log filtered by who acted, or by what was acted on.
        Index("ix_moderation_actions_actor", "actor_id", "created_at"),
        Index("ix_moderation_actions_target", "target_type", "target_id", "created_at"),
    )
