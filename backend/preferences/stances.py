"""Tag stances at the level the lists need (no knowledge of routes or of questions' rules)."""

from __future__ import annotations

from flask import g
from sqlalchemy import bindparam, select

from backend.direct_reads import DirectRead
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


_A_MUTE = DirectRead(
    select(TagPreference.tag_id)
    .where(TagPreference.user_id == bindparam("user_id"), TagPreference.stance == TagStance.MUTE.value)
    .limit(1)
)


# (user id, whether they mute a tag), read with the signed-in member: one read less on
# every signed-in list page. Forgotten when this request changes a stance.
_KNOWN = "member_mutes"


def remember_mutes(user_id: int, mutes: bool) -> None:
    setattr(g, _KNOWN, (user_id, mutes))


def forget_mutes() -> None:
    g.pop(_KNOWN, None)


def has_mutes(user_id: int) -> bool:
    """Asked by every signed-in list read (page_cache), hence at the driver."""
    known = g.get(_KNOWN)
    if known is not None and known[0] == user_id:
        return bool(known[1])
    return _A_MUTE.first(user_id=user_id) is not None
