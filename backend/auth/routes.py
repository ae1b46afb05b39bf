"""Sign-up, sign-in, sign-out and the CSRF token."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from backend.arguments import Blueprint
from backend.auth import services
from backend.auth.schemas import CsrfSchema, LoginSchema, RegisterSchema
from backend.csrf import csrf_token
from backend.extensions import db, limiter
from backend.preferences.services import account_view
from backend.presented import Presented
from backend.users.schemas import CurrentUserSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions")


def _login_account_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return "login-account:" + (services.normalize_email(email) if isinstance(email, str) else "")


def _failed(response: Response) -> bool:
    return response.status_code == 401


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
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    key_func=lambda: "login-address:" + get_remote_address(),
    deduct_when=_failed,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_account_key,
    deduct_when=_failed,
)
@blp.arguments(LoginSchema)
@blp.response(200, CurrentUserSchema)
def login(data: dict) -> Presented:
    """Sign in (the account as GET /auth/me shows it); failed attempts are throttled per
    account and per address."""
    user = services.authenticate(data["email"], data["password"])
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
