"""Tag stances at the level the lists need (no knowledge of routes or of questions' rules)."""

from __future__ import annotations

from sqlalchemy import select

from backend.extensions import db
from backend.models import Tag, TagPreference, TagStance


def muted_tags(user_id: int) -> list[tuple[int, str]]:
    """(id, name) of the tags this person mutes."""
    rows = db.session.execute(
        select(Tag.id, Tag.name)
        .join(TagPreference, TagPreference.tag_id == Tag.id)
        .where(TagPreference.user_id == user_id, TagPreference.stance == TagStance.MUTE)
        .order_by(Tag.id)
    )
    return [(tag_id, name) for tag_id, name in rows]


def has_mutes(user_id: int) -> bool:
    return (
        db.session.scalar(
            select(TagPreference.tag_id)
            .where(TagPreference.user_id == user_id, TagPreference.stance == TagStance.MUTE)
            .limit(1)
        )
        is not None
    )
