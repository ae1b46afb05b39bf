"""A thread as a signed-out reader sees it, stored as JSON so that reading a thread no
worker has rendered is one row's read rather than four queries and a dump.

Written in the transaction of every write that changes the thread (its thread version
moves with it), so a stored rendering is exact while its thread version and format match.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db


class RenderedThread(db.Model):  # type: ignore[name-defined]
    __tablename__ = "rendered_threads"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # The question's thread version when it was rendered: stale once the question's moves on.
    thread_version: Mapped[int] = mapped_column(Integer)
    # The content version it was rendered at: if it has moved since, the authors'
    # reputations (changed by writes elsewhere) are read again.
    content_version: Mapped[int] = mapped_column(Integer)
    # What produced it (the thread schema's shape and the rendering's revision): a rendering
    # in an older format is ignored until `flask threads render` replaces it.
    format: Mapped[str] = mapped_column(String(40))
    # The thread's JSON as sent (its view count left at 0), zstd-compressed
    # (rendered_threads.pack): a rendering holds each body twice (source and HTML), 8.8 KB on
    # average at 100k generated threads, 2.4 KB compressed; inflating it costs 8 us.
    document: Mapped[bytes] = mapped_column(LargeBinary)
    # The reputations it shows, {user id: reputation}: checked against the users' own when
    # the content version has moved, without reading the document.
    reputations: Mapped[str] = mapped_column(Text)
    # Authors of its hidden answers and comments ("12 345"): they see those posts, so a member
    # among them is shown the thread rendered for them rather than this one.
    hidden_authors: Mapped[str] = mapped_column(Text)
