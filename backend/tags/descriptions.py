"""A community's description: Markdown, edited by moderators and members trusted to edit
others' posts (EDIT_OTHERS_MIN_REPUTATION), every version kept."""

from __future__ import annotations

from backend.content import render_markdown
from backend.edit_history import keep_edit, versions
from backend.errors import Forbidden
from backend.models import Tag, TagRevision, User, utcnow
from backend.moderation.privileges import has_reputation
from backend.questions.content_version import content_changed


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
    keep_edit(
        TagRevision,
        "tag_id",
        tag.id,
        before=(tag.description, None, tag.created_at),
        after=(text, editor.id, utcnow()),
    )
    tag.description = text
    tag.description_html = render_markdown(text) if text else ""
    content_changed([])
    return tag


def revisions(tag: Tag) -> list[TagRevision]:
    """The description's versions, newest first, each with its change from the one before."""
    return versions(TagRevision, "tag_id", tag.id)
