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
_KEPT = "kept_members"  # this app's: user id -> (members version, row)
MAX_KEPT = 4096  # members a worker keeps: more than sign in to one worker between two changes


def load_member(session_id: str) -> User | None:
    """The active member whose session this is, or None.

    The id is "<user id>.<epoch>" (User.get_id): a raised epoch ends the sessions made before
    it. A bare id is a session from before epochs, as good as epoch 0."""
    user_id, _, epoch = session_id.partition(".")
    epoch = epoch or "0"
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    opened = db.session.registry.has()
    known = _known(int(user_id)) if opened else None
    user = known or _read(int(user_id))
    if user is None or not user.is_active or user.session_epoch != int(epoch):
        return None
    if known is None:
        attach_when_opened(user)
        if opened:
            db.session.add(user)
    return user


def _known(user_id: int) -> User | None:
    """The member, if the request's session loaded them before they were asked for."""
    session = db.session()
    return session.identity_map.get(session.identity_key(User, user_id))


def _read(user_id: int) -> User | None:
    row = _kept_row(user_id)
    if row is None:
        return None
    *columns, mutes = row
    user = _NEW()
    # As the ORM loads a row: the values as committed state, with no history to flush.
    instance_dict(user).update(zip(_KEYS, columns, strict=True))
    make_transient_to_detached(user)
    remember_mutes(user_id, mutes)
    return user


def _kept_row(user_id: int) -> Any:
    """The member's row (and whether they mute a tag): this worker's, if no member has
    changed since it was read, else read now (None if there is no such member)."""
    content, members = _VERSIONS.first() or (None, None)
    if content is not None:
        content_version.read_elsewhere(content)
    kept: dict[int, tuple[int, Any]] = current_app.extensions.setdefault(_KEPT, {})
    entry = kept.get(user_id)
    if entry is not None and members is not None and entry[0] == members:
        return entry[1]
    row = _MEMBER.first(id=user_id)
    if row is not None and members is not None:
        if len(kept) >= MAX_KEPT:
            kept.clear()
        kept[user_id] = (members, row)
    return row
