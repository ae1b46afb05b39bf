"""What a read of a thread needs from the database, in one read: its stored view count, thread
version and asker, the content and members versions, the reader's own parts in it, and its
stored rendering when this worker has not cached the thread.

Made as three reads (the row, the rendering, the member's parts), a signed-in read of a thread
no worker had cached was three round trips on PostgreSQL and three driver calls on SQLite.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, null, select

from backend.direct_reads import DirectRead
from backend.models import MembersVersion, Question, QuestionView, RenderedThread
from backend.questions.content_version import CONTENT_VERSION
from backend.questions.presentation import PARTS_TEXT


class StoredRendering(NamedTuple):
    document: bytes  # packed (rendered_threads.unpack)
    reputations: str  # JSON, {user id: reputation}
    hidden_authors: str  # "12 345"
    content_version: int  # the content version it was stored at


# A stored rendering's columns, in StoredRendering's order.
RENDERING_COLUMNS = (
    RenderedThread.document,
    RenderedThread.reputations,
    RenderedThread.hidden_authors,
    RenderedThread.content_version,
)


def stored_rendering(columns: Sequence[Any]) -> StoredRendering | None:
    """RENDERING_COLUMNS as read (None: no rendering was found)."""
    document, *rest = columns
    return None if document is None else StoredRendering(bytes(document), *rest)


class StoredThread(NamedTuple):
    view_count: int
    thread_version: int
    content_version: int | None
    asker_id: int
    members_version: int | None  # read with the rest, for the signed-in reader's check
    parts_of: int | None  # the member whose parts were read (None: nobody's)
    parts: str | None  # theirs (presentation.parts_of reads it)
    # Whether the stored rendering at this thread version was looked for, and what was found
    # (None: none in this format).
    rendering_read: bool
    rendering: StoredRendering | None


@functools.cache
def _read(with_parts: bool, with_rendering: bool) -> DirectRead:
    """The read, with the member's parts or not, and with the stored rendering or not (a worker
    that has the thread cached at some version needs it only if the thread has moved on since,
    and then reads it apart: joined in, it cost every cached read a lookup)."""
    columns: list[Any] = [
        func.coalesce(QuestionView.view_count, 0),
        Question.thread_version,
        CONTENT_VERSION.scalar_subquery(),
        Question.author_id,
        select(MembersVersion.version).where(MembersVersion.id == 1).scalar_subquery(),
        PARTS_TEXT if with_parts else null(),
    ]
    statement = select(*columns).outerjoin(QuestionView, QuestionView.question_id == Question.id)
    if with_rendering:
        statement = statement.add_columns(*RENDERING_COLUMNS).outerjoin(
            RenderedThread,
            and_(
                RenderedThread.question_id == Question.id,
                RenderedThread.thread_version == Question.thread_version,
                RenderedThread.format == bindparam("format"),
            ),
        )
    return DirectRead(
        statement.where(Question.id == bindparam("question_id"), Question.is_deleted.is_(False))
    )


def read_stored_thread(
    question_id: int, member_id: int | None, rendering_format: str | None
) -> StoredThread | None:
    """The thread's stored state (None if it does not exist or is deleted), with this member's
    parts in it if one is named, and its stored rendering in this format if one is given."""
    params: dict[str, Any] = {"question_id": question_id}
    if member_id is not None:
        params["user_id"] = member_id
    if rendering_format is not None:
        params["format"] = rendering_format
    row = _read(member_id is not None, rendering_format is not None).first(**params)
    if row is None:
        return None
    views, thread_version, content_version, asker_id, members_version, parts, *rendering = row
    return StoredThread(
        int(views),
        int(thread_version),
        content_version,
        int(asker_id),
        members_version,
        member_id,
        parts,
        rendering_format is not None,
        stored_rendering(rendering) if rendering else None,
    )
