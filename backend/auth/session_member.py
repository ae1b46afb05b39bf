"""The member a session cookie names, loaded on every signed-in request.

Through the ORM (`Session.get`) that load measured a third of a signed-in thread read: a
transaction begun for one row, statement execution and the identity load. Here it is one
typed read at the driver, made into the same persistent User the ORM would give (in the
request's session, so writes, relationships and the columns left out work as usual).
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict

from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.models import User

# Every column but the long texts only some requests need (loaded when first used).
_COLUMNS = [column for column in User.__table__.columns if column.key not in {"about", "about_html"}]
_KEYS = [column.key for column in _COLUMNS]
_MEMBER = DirectRead(select(*_COLUMNS).where(User.__table__.c.id == bindparam("id")), typed=True)


def load_member(session_id: str) -> User | None:
    """The active member whose session this is, or None.

    The id is "<user id>.<epoch>" (User.get_id): a raised epoch ends the sessions made before
    it. A bare id is a session from before epochs, as good as epoch 0."""
    user_id, _, epoch = session_id.partition(".")
    epoch = epoch or "0"
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = _persistent(int(user_id))
    if user is None or not user.is_active or user.session_epoch != int(epoch):
        return None
    return user


def _persistent(user_id: int) -> User | None:
    session = db.session
    if len(session.identity_map):  # something loaded before the member was asked for
        known = session.identity_map.get(session.identity_key(User, user_id))
        if known is not None:
            return known
    row = _MEMBER.first(id=user_id)
    if row is None:
        return None
    user = User()
    # As the ORM loads a row: the values as committed state, with no history to flush.
    instance_dict(user).update(zip(_KEYS, row, strict=True))
    make_transient_to_detached(user)
    session.add(user)
    return user
