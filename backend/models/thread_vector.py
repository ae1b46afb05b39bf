"""A thread's embedding, kept so that a reindex or a re-sync does not encode it again.

Computed by the search sync (never in a request) from the text the model reads; a change
to that text (or another model) makes it stale, and the next sync replaces it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class ThreadVector(db.Model):  # type: ignore[name-defined]
    __tablename__ = "thread_vectors"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    model: Mapped[str] = mapped_column(String(100))
    # sha256 of the embedded text: the vector is current while it matches.
    text_hash: Mapped[str] = mapped_column(String(64))
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
