"""A question's view count, in a narrow table of its own.

Views are written in batches of a thousand or more random questions a second at busy
times. In the questions row (bodies included) each count dirtied a page of its own:
writing 1,400 of them took 28-37 ms at 10k questions and 43-55 ms at 100k, mostly the
commit; here hundreds of counts share a page and the same batch takes 2-4 ms at 10k and 4-7
ms at 100k (raw SQL; docs/benchmarks.md). A question nobody has viewed has no row: its count is 0.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class QuestionView(db.Model):  # type: ignore[name-defined]
    __tablename__ = "question_views"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    view_count: Mapped[int] = mapped_column(Integer)


class ViewBatch(db.Model):  # type: ignore[name-defined]
    """A batch of views taken from the shared buffer (Redis) and added to question_views, by
    its id: written in the same transaction, so a batch a dead worker left behind is added once
    (added already: only its Redis copy is dropped). Kept for an hour (views.py)."""

    __tablename__ = "view_batches"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
