"""Sign-up, sign-in, sign-out and the CSRF token."""

from __future__ import annotations

from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from backend.arguments import Blueprint
from backend.auth import services, throttle
from backend.auth.schemas import CsrfSchema, LoginSchema, RegisterSchema
from backend.csrf import csrf_token
from backend.errors import Unauthorized
from backend.extensions import db
from backend.preferences.services import account_view
from backend.presented import Presented
from backend.users.schemas import CurrentUserSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions")


@blp.route("/csrf", methods=["GET"])
@blp.response(200, CsrfSchema)
def get_csrf() -> dict[str, str]:
    """The session's CSRF token: send it as X-CSRF-Token on every unsafe request."""
    return {"csrf_token": csrf_token()}


@blp.route("/register", methods=["POST"])
@blp.arguments(RegisterSchema)
@blp.response(201, CurrentUserSchema)
def register(data: dict) -> Presented:
    """Create an account and sign in; the answer is the account as GET /auth/me shows it."""
    user = services.register(**data)
    db.session.commit()
    login_user(user)
    return account_view(user)


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(200, CurrentUserSchema)
@blp.alt_response(429, description="Too many failed sign-ins for the account or the address")
def login(data: dict) -> Presented:
    """Sign in (the account as GET /auth/me shows it); failed attempts are limited per account
    and per address (429 with Retry-After beyond)."""
    address = get_remote_address()
    throttle.ensure_sign_in_allowed(data["email"], address)
    try:
        user = services.authenticate(data["email"], data["password"])
    except Unauthorized:
        throttle.record_failed_sign_in(data["email"], address)
        db.session.commit()
        raise
    db.session.commit()
    login_user(user)
    return account_view(user)


@blp.route("/logout", methods=["POST"])
@blp.response(204)
def logout() -> None:
    """Sign out (idempotent)."""
    logout_user()


@blp.route("/me", methods=["GET"])
@login_required
@blp.response(200, CurrentUserSchema)
def me() -> Presented:
    """The signed-in account (with the number of unread notifications), or 401."""
    return account_view(current_user)
