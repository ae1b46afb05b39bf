"""Texts kept from their first edit on (comments, tag descriptions): the text before it, then
each edit. Never edited, a text has no versions; its row is its only one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backend.extensions import db
from backend.text_diff import with_changes


def keep_edit(
    model: Any,
    owner: str,
    owner_id: int,
    *,
    before: tuple[str, int | None, datetime],
    after: tuple[str, int, datetime],
) -> None:
    """Record an edit as a version of `model` (whose `owner` column names the edited row). The
    first edit also keeps the text it replaces, if any: (text, its author, when written)."""
    text, author_id, written_at = before
    kept = select(model.id).where(getattr(model, owner) == owner_id).limit(1)
    if text and db.session.scalar(kept) is None:
        db.session.add(
            model(**{owner: owner_id}, editor_id=author_id, body_source=text, created_at=written_at)
        )
    text, editor_id, edited_at = after
    db.session.add(model(**{owner: owner_id}, editor_id=editor_id, body_source=text, created_at=edited_at))


def versions(model: Any, owner: str, owner_id: int) -> list[Any]:
    """The kept versions, newest first, each with what changed from the one before."""
    return with_changes(
        list(
            db.session.scalars(
                select(model)
                .where(getattr(model, owner) == owner_id)
                .options(joinedload(model.editor))
                .order_by(model.created_at.desc(), model.id.desc())
            )
        )
    )
