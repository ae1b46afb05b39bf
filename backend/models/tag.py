"""Tags: communities of practice, and the question/tag link with its listing keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow
from backend.models.user import User


class Tag(db.Model):  # type: ignore[name-defined]
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(35), unique=True)
    # Markdown, as typed, and its sanitized HTML.
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    # Listed (not deleted) questions carrying this tag; exact, kept in the same transaction.
    question_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A synonym: another name for that tag. Asking, searching, following or muting with it
    # uses the main tag; it carries no questions of its own.
    synonym_of_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_tags_popular", "question_count", "name"),
        Index("ix_tags_synonym_of", "synonym_of_id"),
    )


class TagRevision(db.Model):  # type: ignore[name-defined]
    """A tag's description as it was after each change (from its first edit on: the text
    before it, then each edit)."""

    __tablename__ = "tag_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    # None for a description written before revisions were kept (a seed, an import).
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="raise")

    __table_args__ = (Index("ix_tag_revisions_tag", "tag_id", "created_at"),)


class QuestionTag(db.Model):  # type: ignore[name-defined]
    """A question's tag, carrying copies of the question's sort keys.

    Listing one tag's questions sorted by date, activity or score at any page depth
    then walks one index instead of sorting every question in the tag. The copies
    are refreshed by questions.listing.refresh_listing_keys in the same transaction
    as the change.
    """

    __tablename__ = "question_tags"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    is_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)
    score: Mapped[int] = mapped_column(Integer, default=0)
    answer_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_question_tags_newest", "tag_id", "is_deleted", "created_at", "question_id"),
        Index("ix_question_tags_active", "tag_id", "is_deleted", "last_activity_at", "question_id"),
        Index("ix_question_tags_votes", "tag_id", "is_deleted", "score", "created_at", "question_id"),
        Index(
            "ix_question_tags_unanswered",
            "tag_id", "is_deleted", "answer_count", "created_at", "question_id",
        ),
    )  # fmt: skip
