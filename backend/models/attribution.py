"""Where an imported post came from: shown with the post, as its licence requires."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db


class Attribution(db.Model):  # type: ignore[name-defined]
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), unique=True
    )
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), unique=True)
    # The source site's short name (e.g. "beer") and the post's id there.
    site: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(500))
    author_name: Mapped[str] = mapped_column(String(200))
    licence: Mapped[str] = mapped_column(String(50))

    __table_args__ = (
        CheckConstraint("(question_id IS NULL) <> (answer_id IS NULL)", name="of_exactly_one_post"),
        UniqueConstraint("site", "source_id"),
    )
