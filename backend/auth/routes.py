"""Sign-up, sign-in, sign-out and the CSRF token."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request, session
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from backend.account.schemas import EmailTokenSchema, PasswordResetConfirmSchema, PasswordResetRequestSchema
from backend.arguments import Blueprint
from backend.auth import passwords, services, throttle, verification
from backend.auth.schemas import (
    CsrfSchema,
    LoginSchema,
    RegisterSchema,
    RegistrationMailedSchema,
    SignInOptionsSchema,
)
from backend.csrf import csrf_token
from backend.errors import Unauthorized
from backend.extensions import db, limiter
from backend.preferences.services import account_view
from backend.presented import Presented
from backend.sso.routes import ERROR_KEY
from backend.users.schemas import CurrentUserSchema

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions")


@blp.route("/csrf", methods=["GET"])
@blp.response(200, CsrfSchema)
def get_csrf() -> dict[str, str]:
    """The session's CSRF token: send it as X-CSRF-Token on every unsafe request."""
    return {"csrf_token": csrf_token()}


@blp.route("/options", methods=["GET"])
@blp.response(200, SignInOptionsSchema)
def options() -> dict:
    """How one signs in here: passwords, registration, the identity provider's button, and
    whether the site is private. After a failed sign-in through the provider, why it failed
    (once)."""
    return services.sign_in_options(sso_error=session.pop(ERROR_KEY, None))


@blp.route("/register", methods=["POST"])
@blp.arguments(RegisterSchema)
@blp.response(201, CurrentUserSchema)
@blp.alt_response(
    202, schema=RegistrationMailedSchema, description="Where the site mails: finish by the mailed link"
)
def register(data: dict) -> Presented | tuple[Response, int]:
    """Create an account and sign in; the answer is the account as GET /auth/me shows it.

    Where addresses are confirmed (the site mails, or REQUIRE_EMAIL_VERIFICATION), the answer
    is 202 for every address instead, taken or not, and the account is finished by the link
    mailed to it (POST /auth/verify-email), which signs in. An address that has an account
    gets a mail saying someone tried, so nobody learns here which addresses have accounts."""
    services.ensure_passwords_allowed()
    if verification.required():
        services.register_by_mail(**data)
        db.session.commit()
        mailed = {
            "email": services.normalize_email(data["email"]),
            "message": "Check your mail: the link in it finishes your account.",
        }
        return jsonify(RegistrationMailedSchema().dump(mailed)), 202
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
    services.ensure_passwords_allowed()
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


def _reset_key() -> str:
    """Per address asked about, so nobody floods one person's mailbox from many addresses."""
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"reset:{services.normalize_email(email) if isinstance(email, str) else ''}"


@blp.route("/password-reset", methods=["POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], key_func=get_remote_address)
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], key_func=_reset_key)
@blp.arguments(PasswordResetRequestSchema)
@blp.response(202)
def request_password_reset(data: dict) -> None:
    """Mail a reset link (valid one hour, once) to this address if it has an account. The
    answer is 202 either way: it does not tell which addresses have accounts."""
    passwords.request_reset(data["email"])
    db.session.commit()


@blp.route("/password-reset/confirm", methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], key_func=get_remote_address)
@blp.arguments(PasswordResetConfirmSchema)
@blp.response(200, CurrentUserSchema)
def confirm_password_reset(data: dict) -> Presented:
    """Set a new password with the mailed link's token; every session signed in before ends,
    and this one signs in."""
    user = passwords.confirm_reset(data["token"], data["password"])
    services.ensure_may_sign_in(user)
    db.session.commit()
    login_user(user)
    return account_view(user)


@blp.route("/verify-email", methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], key_func=get_remote_address)
@blp.arguments(EmailTokenSchema)
@blp.response(200, CurrentUserSchema)
def confirm_email(data: dict) -> Presented:
    """Confirm an address with the mailed link's token; the link signs its account in (only
    whoever reads that mailbox has it)."""
    user = verification.confirm(data["token"])
    services.ensure_may_sign_in(user)
    db.session.commit()
    login_user(user)
    return account_view(user)
