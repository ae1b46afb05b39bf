"""What a read of a thread needs from the database, in one read: its stored view count, thread
version and asker, the content and members versions, the reader's own parts in it, and its
stored rendering when this worker has not cached the thread at its version.

Made as three reads (the row, the rendering, the member's parts), a signed-in read of a thread
no worker had cached was three round trips on PostgreSQL and three driver calls on SQLite.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, case, func, null, select

from backend.direct_reads import DirectRead
from backend.models import MembersVersion, Question, QuestionView, RenderedThread
from backend.questions.content_version import CONTENT_VERSION
from backend.questions.presentation import PARTS_TEXT


class StoredRendering(NamedTuple):
    document: bytes  # packed (rendered_threads.unpack)
    reputations: str  # JSON, {user id: reputation}
    hidden_authors: str  # "12 345"
    content_version: int  # the content version it was stored at


class StoredThread(NamedTuple):
    view_count: int
    thread_version: int
    content_version: int | None
    asker_id: int
    members_version: int | None  # read with the rest, for the signed-in reader's check
    parts_of: int | None  # the member whose parts were read (None: nobody's)
    parts: str | None  # theirs (presentation.parts_of reads it)
    # Whether the stored rendering at this thread version was looked for (the worker had not
    # cached the thread at it), and what was found (None: none in this format).
    rendering_read: bool
    rendering: StoredRendering | None


@functools.cache
def _read(with_parts: bool) -> DirectRead:
    fresh = Question.thread_version != bindparam("cached_version")
    statement: Select[tuple[object, ...]] = (
        select(
            func.coalesce(QuestionView.view_count, 0),
            Question.thread_version,
            CONTENT_VERSION.scalar_subquery(),
            Question.author_id,
            select(MembersVersion.version).where(MembersVersion.id == 1).scalar_subquery(),
            PARTS_TEXT if with_parts else null(),
            # Not even read from the row when the worker has the rendering already.
            case((fresh, RenderedThread.document), else_=null()),
            case((fresh, RenderedThread.reputations), else_=null()),
            case((fresh, RenderedThread.hidden_authors), else_=null()),
            case((fresh, RenderedThread.content_version), else_=null()),
        )
        .outerjoin(QuestionView, QuestionView.question_id == Question.id)
        .outerjoin(
            RenderedThread,
            and_(
                RenderedThread.question_id == Question.id,
                RenderedThread.thread_version == Question.thread_version,
                RenderedThread.format == bindparam("format"),
            ),
        )
        .where(Question.id == bindparam("question_id"), Question.is_deleted.is_(False))
    )
    return DirectRead(statement)


def read_stored_thread(
    question_id: int, member_id: int | None, cached_version: int | None, rendering_format: str
) -> StoredThread | None:
    """The thread's stored state (None if it does not exist or is deleted), with this member's
    parts in it if one is named, and its stored rendering in this format unless the worker
    has cached the thread at `cached_version` and that is still its version."""
    params = {"question_id": question_id, "cached_version": -1 if cached_version is None else cached_version}
    if member_id is not None:
        params["user_id"] = member_id
    row = _read(member_id is not None).first(format=rendering_format, **params)
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
        thread_version != cached_version,
        None if rendering[0] is None else StoredRendering(bytes(rendering[0]), *rendering[1:]),
    )
