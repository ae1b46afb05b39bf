"""Failed sign-ins, kept where every worker and host sees them: the sign-in limits count these
rows, so they hold exactly however many processes serve the site."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class SignInFailure(db.Model):  # type: ignore[name-defined]
    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "account:<normalized email>" or "address:<client address>".
    key: Mapped[str] = mapped_column(String(300))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_sign_in_failures_key_failed_at", "key", "failed_at"),
        Index("ix_sign_in_failures_failed_at", "failed_at"),
    )
