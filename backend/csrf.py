"""CSRF: a per-session token that every unsafe request must echo in X-CSRF-Token."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, request, session

from backend.errors import Forbidden
from backend.methods import SAFE_METHODS

HEADER = "X-CSRF-Token"
SESSION_KEY = "csrf_token"


def csrf_token() -> str:
    """The session's token, created on first use."""
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return str(token)


View = TypeVar("View", bound=Callable[..., Any])


def exempt(view: View) -> View:
    """A view that carries its own proof instead (a signed token in its URL): it is meant
    to be called from outside the site, without the session (e.g. one-click unsubscribe)."""
    view.csrf_exempt = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask) -> None:
    @app.before_request
    def check_csrf() -> None:
        if request.method in SAFE_METHODS or not request.path.startswith("/api/"):
            return
        if request.routing_exception is not None:
            return  # no such endpoint or method: let the 404/405 say so
        if getattr(current_app.view_functions.get(request.endpoint or ""), "csrf_exempt", False):
            return
        if g.get("api_token") is not None:
            return  # signed in by Authorization: Bearer (backend/access.py), not by the cookie
        expected = session.get(SESSION_KEY)
        sent = request.headers.get(HEADER, "")
        if not expected or not hmac.compare_digest(str(expected), sent):
            raise Forbidden(
                f"Missing or invalid CSRF token: GET /api/v1/auth/csrf and send it in the {HEADER} header."
            )
