"""A community's description: Markdown, edited by moderators and members trusted to edit
others' posts (EDIT_OTHERS_MIN_REPUTATION), every version kept."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from backend.content import render_markdown
from backend.errors import Forbidden
from backend.extensions import db
from backend.models import Tag, TagRevision, User, utcnow
from backend.moderation.privileges import has_reputation
from backend.questions.content_version import content_changed
from backend.text_diff import with_changes


def may_describe(person: User | None) -> bool:
    return person is not None and has_reputation(person, "EDIT_OTHERS_MIN_REPUTATION")


def ensure_may_describe(person: User) -> None:
    if not may_describe(person):
        raise Forbidden("Describing a community is for moderators and members trusted to edit others' posts.")


def describe(tag: Tag, text: str, editor: User) -> Tag:
    """Change the description; the first change also keeps the text it replaces."""
    ensure_may_describe(editor)
    text = text.strip()
    if text == tag.description:
        return tag
    now = utcnow()
    kept = select(TagRevision.id).where(TagRevision.tag_id == tag.id).limit(1)
    if tag.description and db.session.scalar(kept) is None:
        db.session.add(
            TagRevision(tag_id=tag.id, editor_id=None, body_source=tag.description, created_at=tag.created_at)
        )
    db.session.add(TagRevision(tag_id=tag.id, editor_id=editor.id, body_source=text, created_at=now))
    tag.description = text
    tag.description_html = render_markdown(text) if text else ""
    content_changed([])
    return tag


def revisions(tag: Tag) -> list[TagRevision]:
    """The description's versions, newest first, each with its change from the one before."""
    return with_changes(
        list(
            db.session.scalars(
                select(TagRevision)
                .where(TagRevision.tag_id == tag.id)
                .options(joinedload(TagRevision.editor))
                .order_by(TagRevision.created_at.desc(), TagRevision.id.desc())
            )
        )
    )
