"""Who may reach the API: personal API tokens (Authorization: Bearer) and private sites.

A request with a bearer token is its owner's, whatever cookie it carries; it needs no CSRF
token (a page on another site cannot set that header) and, with a read-only token, may not
write. On a private site (REQUIRE_SIGN_IN) only signing in and the API's description are
open to anonymous visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, g, request
from flask_login import current_user

from backend.errors import Forbidden, Unauthorized
from backend.extensions import db, login_manager
from backend.methods import SAFE_METHODS
from backend.settings import site_setting
from backend.tokens import services as tokens

# Endpoints an anonymous visitor reaches on a private site: signing in by each way, the CSRF
# token those need, one-click unsubscribing (its link is its proof), health and probes, the
# metrics (their own rule: by address) and the spec.
OPEN_ON_PRIVATE_SITES = frozenset(
    {
        "auth.get_csrf",
        "auth.options",
        "auth.register",
        "auth.login",
        "auth.logout",
        "auth.request_password_reset",
        "auth.confirm_password_reset",
        "auth.confirm_email",
        "sso.login",
        "sso.callback",
        "mail.unsubscribe",
        "mail.confirm_unsubscribe",
        "health.health",
        "probes.healthz",
        "probes.readyz",
        "metrics.metrics",
        "api-docs.openapi_json",
        "docs.api_docs",
    }
)

View = TypeVar("View", bound=Callable[..., Any])


def via_token() -> bool:
    return g.get("api_token") is not None


def session_only(view: View) -> View:
    """A view a token may not call: managing tokens, the password or the account itself."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if via_token():
            raise Forbidden("An API token cannot do this: sign in on the site.")
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def init_app(app: Flask) -> None:
    """Register before the CSRF check, which trusts what this decides."""

    @app.before_request
    def check_access() -> None:
        # The request object itself and its environ, not the proxy's properties: this runs
        # on every request (docs/benchmarks.md, issue 16).
        req = request._get_current_object()  # type: ignore[attr-defined]
        environ = req.environ
        if not environ.get("PATH_INFO", "").startswith("/api/"):
            return
        header = environ.get("HTTP_AUTHORIZATION")
        if header:
            _sign_in_with_token(req.method, header)
        if req.routing_exception is not None or not site_setting("REQUIRE_SIGN_IN"):
            return
        if req.url_rule.endpoint not in OPEN_ON_PRIVATE_SITES and not current_user.is_authenticated:
            raise Unauthorized("This site is private: sign in to read it.")


def _sign_in_with_token(method: str, header: str) -> None:
    scheme, _, text = header.partition(" ")
    if scheme.lower() != "bearer":
        return
    user, token = tokens.authenticate(text.strip())
    db.session.commit()  # when it was last used
    g.api_token = token
    # As login_user() does, minus the session: the cookie (if any) is left as it was.
    login_manager._update_request_context_with_user(user)
    if method not in SAFE_METHODS and "write" not in token.scopes:
        raise Forbidden("This API token may only read: make one with the `write` scope to change things.")
