"""Members seen each week: the first signed-in request of a week (per browser session) writes
one row, so "active members as a share of members seen" has its denominator. The session
remembers the week, and every other request of the week writes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g, request, session

from backend import weeks
from backend.community_health import activity
from backend.extensions import db
from backend.models import utcnow

SEEN_KEY = "seen_week"


def noted_this_week(session_data: Mapping[str, Any]) -> bool:
    """Whether this browser session's presence is already counted this week."""
    return session_data.get(SEEN_KEY) == weeks.monday(utcnow()).isoformat()


def init_app(app: Flask) -> None:
    @app.after_request
    def note_presence(response: Response) -> Response:
        # Only a person with a browser session (not an API token), after a request that went
        # well (its own transaction is committed or was only read).
        user = g.get("_login_user")
        if user is None or not user.is_authenticated or g.get("api_token") is not None:
            return response
        if response.status_code >= 400 or not request.path.startswith("/api/"):
            return response
        if noted_this_week(session):
            return response
        now = utcnow()
        user_id = user.id  # before the rollback below expires it
        try:
            # A fresh transaction: a read's snapshot (a GET's) may not be upgraded to a write
            # on SQLite once another request has written since.
            db.session.rollback()
            activity.seen(user_id, now)
            db.session.commit()
        except Exception:
            # Counting a visit must never fail the visit.
            db.session.rollback()
            app.logger.exception("could not record a member's presence")
            return response
        session[SEEN_KEY] = weeks.monday(now).isoformat()
        return response
