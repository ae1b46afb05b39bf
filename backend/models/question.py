"""A thread: the question, its answers and the comments on either."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.models.tag import Tag
from backend.models.types import UTCDateTime, utcnow
from backend.models.user import User


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Question(db.Model):  # type: ignore[name-defined]
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[QuestionStatus] = mapped_column(
        Enum(
            QuestionStatus,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=QuestionStatus.OPEN,
    )
    accepted_answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("answers.id", use_alter=True, ondelete="SET NULL")
    )
    # When its answer was accepted (None when none is): digests and the weekly synthesis
    # list what was resolved since.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # When the first answer came (kept if that answer goes): the time to first answer.
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A question closed as a duplicate points at the original.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer, default=0)
    answer_count: Mapped[int] = mapped_column(Integer, default=0)
    # Its view count is in question_views (a narrow table: see models/question_view.py).
    # Bumped by every write that changes what the thread shows (content_version.content_changed).
    thread_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Moderation: hidden pending review (flags or a moderator); locked: no new answers,
    # comments or votes.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="raise")
    tags: Mapped[list[Tag]] = relationship(
        secondary="question_tags", order_by="Tag.name", lazy="raise", viewonly=True
    )

    # One index per list sort (and per status filter), each ending in id so that
    # page N is a walk of one index and ties break the same way on every page.
    __table_args__ = (
        Index("ix_questions_newest", "is_deleted", "created_at", "id"),
        Index("ix_questions_active", "is_deleted", "last_activity_at", "id"),
        Index("ix_questions_votes", "is_deleted", "score", "created_at", "id"),
        Index("ix_questions_unanswered", "is_deleted", "answer_count", "created_at", "id"),
        Index("ix_questions_status_newest", "is_deleted", "status", "created_at", "id"),
        Index("ix_questions_status_active", "is_deleted", "status", "last_activity_at", "id"),
        Index("ix_questions_status_votes", "is_deleted", "status", "score", "created_at", "id"),
        Index("ix_questions_author", "author_id", "is_deleted", "created_at"),
        Index("ix_questions_hidden", "hidden_at"),
        # Community health's weekly figures, read from the index alone (never the bodies).
        Index(
            "ix_questions_health",
            "is_deleted",
            "created_at",
            "hidden_at",
            "answer_count",
            "accepted_answer_id",
            "first_answer_at",
            "resolved_at",
            "id",
        ),
        # Who helped most: the questions resolved in a span, without reading the others.
        Index("ix_questions_resolved", "is_deleted", "resolved_at", "hidden_at", "accepted_answer_id"),
    )


class Answer(db.Model):  # type: ignore[name-defined]
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    score: Mapped[int] = mapped_column(Integer, default=0)
    # "This helped me" marks (helped_marks rows), kept exact in the same transaction.
    helped_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A soft label ("needs-verification" or "outdated"): the answer stays visible, ranked lower.
    label: Mapped[str | None] = mapped_column(String(32))
    label_note: Mapped[str | None] = mapped_column(String(500))

    author: Mapped[User] = relationship(lazy="raise")
    question: Mapped[Question] = relationship(foreign_keys=[question_id], lazy="raise")

    __table_args__ = (
        Index("ix_answers_question", "question_id", "is_deleted", "score"),
        Index("ix_answers_author", "author_id", "is_deleted", "created_at"),
        Index("ix_answers_created", "created_at"),
        # Who helped most: an accepted answer's author, without reading the answer's row.
        Index("ix_answers_shown_author", "id", "is_deleted", "hidden_at", "author_id"),
    )


class Comment(db.Model):  # type: ignore[name-defined]
    """A comment on exactly one post: a question or an answer."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the text last changed (created_at until it is edited).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint("(question_id IS NULL) <> (answer_id IS NULL)", name="on_exactly_one_post"),
        Index("ix_comments_question", "question_id", "created_at"),
        Index("ix_comments_answer", "answer_id", "created_at"),
        Index("ix_comments_created", "created_at"),
    )
