"""The ORM session of an app context, which takes the signed-in member in when it opens.

A signed-in read that the caches answer never opens the session: the member, loaded at the
driver (backend/auth/session_member.py), waits here, detached but with every column loaded.
Whatever opens a session in the same context (a write, a query, a lazy load) gets the
member in it at once, as the persistent User the ORM would have given: the identity map
returns it, its changes are flushed, and a commit expires it as usual.
"""

from __future__ import annotations

from typing import Any

from flask import g, has_app_context
from flask_sqlalchemy.session import Session

_WAITING = "_member_for_session"


class RequestSession(Session):
    def __init__(self, db: Any, **kwargs: Any) -> None:
        super().__init__(db, **kwargs)
        if has_app_context():
            member = g.get(_WAITING)
            if member is not None:
                self.add(member)


def attach_when_opened(member: object) -> None:
    """Put the member in this context's session when it opens (again, after a remove())."""
    setattr(g, _WAITING, member)
