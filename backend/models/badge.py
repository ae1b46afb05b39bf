"""Badges: recognition for helping, each awarded to a person at most once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class BadgeAward(db.Model):  # type: ignore[name-defined]
    __tablename__ = "badge_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    badge: Mapped[str] = mapped_column(String(32))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Exactly once, even when two requests earn it at the same moment.
    __table_args__ = (UniqueConstraint("user_id", "badge"),)
