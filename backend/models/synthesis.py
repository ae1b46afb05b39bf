"""A community's weekly synthesis (drafted from the week's data, edited and published by its
synthesizers) and who its synthesizers are."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class SynthesisStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Synthesizer(db.Model):  # type: ignore[name-defined]
    __tablename__ = "tag_synthesizers"

    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_tag_synthesizers_user", "user_id", "tag_id"),)


class Synthesis(db.Model):  # type: ignore[name-defined]
    __tablename__ = "syntheses"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"))
    # ISO week, e.g. "2026-W49": Monday 00:00 to Monday 00:00 in SITE_TIMEZONE.
    week: Mapped[str] = mapped_column(String(8))
    status: Mapped[SynthesisStatus] = mapped_column(
        Enum(SynthesisStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=SynthesisStatus.DRAFT,
    )
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        # Once per community and week, whoever or whatever drafts it (a restart included).
        UniqueConstraint("tag_id", "week"),
        Index("ix_syntheses_tag_week", "tag_id", "week"),
    )


class SynthesisRevision(db.Model):  # type: ignore[name-defined]
    """A published synthesis as it was before an edit."""

    __tablename__ = "synthesis_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    synthesis_id: Mapped[int] = mapped_column(ForeignKey("syntheses.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
