"""The member a session cookie names, loaded on every signed-in request.

Through the ORM (`Session.get`) that load measured a third of a signed-in thread read: a
transaction begun for one row, statement execution and the identity load. Here it is a
typed read at the driver, made into the same User the ORM would give. It joins the
request's ORM session when one opens (backend/request_session.py), so writes and lazy
loads work as usual; a read the caches answer opens none, and skips the session's cost.

Each worker also keeps the rows it read, good while the members version stands: database
triggers bump it whenever any member's row or mutes change (migration 0024), so a
suspension, a new role or a session ended elsewhere counts on the next request to every
worker. A request reads that version together with the content version, which a list page
would read anyway (it is kept for the request), and reads the member's row only when the
members version moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict

from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.models import MembersVersion, TagPreference, TagStance, User
from backend.preferences.stances import remember_mutes
from backend.questions import content_version
from backend.request_session import attach_when_opened

# Every column: until a session opens, the member is detached and could load none later.
_COLUMNS = list(User.__table__.columns)
_KEYS = [column.key for column in _COLUMNS]
# And whether they mute a tag, which every signed-in list page asks (page_cache).
_MUTES = exists().where(TagPreference.user_id == User.id, TagPreference.stance == TagStance.MUTE.value)
_MEMBER = DirectRead(
    select(*_COLUMNS, _MUTES.label("mutes")).where(User.__table__.c.id == bindparam("id")), typed=True
)
_NEW = User._sa_class_manager.new_instance  # as the ORM makes a loaded row's object: no __init__
# Both versions in one statement (one snapshot). The members version is read before the row
# it vouches for: a change committed in between makes the kept row newer than its version
# says, so it is read again next time, never kept past a change.
_VERSIONS = DirectRead(
    select(
        content_version.CONTENT_VERSION.scalar_subquery(),
        select(MembersVersion.version).where(MembersVersion.id == 1).scalar_subquery(),
    )
)
Versions = tuple[int | None, int | None]  # the content version, the members version
_KEPT = "kept_members"  # this app's: user id -> _Kept
MAX_KEPT = 4096  # members a worker keeps: more than sign in to one worker between two changes


def load_member(session_id: str) -> User | None:
    """The active member whose session this is, or None.

    The id is "<user id>.<epoch>" (User.get_id): a raised epoch ends the sessions made before
    it. A bare id is a session from before epochs, as good as epoch 0."""
    user_id = member_id_of(session_id)
    if user_id is None:
        return None
    opened = db.session.registry.has()
    known = _known(user_id) if opened else None
    if known is None:
        kept = _kept(user_id)
        user = _user_of(kept.row) if kept is not None else None
    else:
        user = known
    if user is None or not _stands(user, session_id):
        return None
    if known is None:
        attach_when_opened(user)
        if opened:
            db.session.add(user)
    return user


def reading_member(session_id: str, versions: Versions | None = None) -> User | None:
    """load_member() for a read that changes nothing and adds no member to a session
    (backend/read_lane.py): this worker's own copy of the member, kept with their row and
    shared by every such read, built once per change instead of on every request. Never
    attached to a session, nothing changes it. `versions`: the content and members versions,
    if the caller has read them (before this member's row, as _kept does)."""
    user_id = member_id_of(session_id)
    kept = _kept(user_id, versions) if user_id is not None else None
    if kept is None:
        return None
    user = kept.shared
    if user is None:
        user = _user_of(kept.row)
        if kept.members is not None:
            kept.shared = user
    else:
        remember_mutes(user.id, kept.row[-1])
    return user if _stands(user, session_id) else None


def member_id_of(session_id: str) -> int | None:
    """The id of the member a session id names (None if it names none)."""
    user_id, _, epoch = session_id.partition(".")
    return int(user_id) if user_id.isdigit() and (epoch or "0").isdigit() else None


def _stands(user: User, session_id: str) -> bool:
    epoch = session_id.partition(".")[2] or "0"
    return bool(user.is_active) and user.session_epoch == int(epoch)


def _known(user_id: int) -> User | None:
    """The member, if the request's session loaded them before they were asked for."""
    session = db.session()
    return session.identity_map.get(session.identity_key(User, user_id))


def _user_of(row: Any) -> User:
    """The User the ORM would load from this row: its values as committed state, no history."""
    *columns, mutes = row
    user = _NEW()
    instance_dict(user).update(zip(_KEYS, columns, strict=True))
    make_transient_to_detached(user)
    remember_mutes(user.id, mutes)
    return user


@dataclass
class _Kept:
    members: int | None  # the members version it was read at (None: not kept)
    row: Any  # every column, then whether they mute a tag
    shared: User | None = None  # reading_member()'s copy


def _kept(user_id: int, versions: Versions | None = None) -> _Kept | None:
    """The member's row (and whether they mute a tag): this worker's, if no member has
    changed since it was read, else read now (None if there is no such member)."""
    content, members = versions or _VERSIONS.first() or (None, None)
    if content is not None:
        content_version.read_elsewhere(content)
    kept_rows: dict[int, _Kept] = current_app.extensions.setdefault(_KEPT, {})
    entry = kept_rows.get(user_id)
    if entry is not None and members is not None and entry.members == members:
        return entry
    row = _MEMBER.first(id=user_id)
    if row is None:
        return None
    entry = _Kept(members, row)
    if members is not None:
        if len(kept_rows) >= MAX_KEPT:
            kept_rows.clear()
        kept_rows[user_id] = entry
    return entry
