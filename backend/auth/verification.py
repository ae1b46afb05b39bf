"""Confirming one's email address: a mailed single-use link, valid VERIFY_MAX_AGE.

Required of new password accounts when the site mails (SMTP_URL) or REQUIRE_EMAIL_VERIFICATION
says so; until then they read but cannot post. The link names the account and the address,
so it stops working once that address is confirmed or replaced.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from backend.errors import Forbidden, Invalid
from backend.extensions import db
from backend.mail.outbox import account_mail
from backend.methods import SAFE_METHODS
from backend.models import User, utcnow

VERIFY_SALT = "commonplace.verify-email"
VERIFY_MAX_AGE = 48 * 3600
# What an unconfirmed account may still change: itself, its session and its settings.
ACCOUNT_BLUEPRINTS = frozenset(
    {"auth", "sso", "account", "tokens", "preferences", "notifications", "mail", "previews"}
)


def required() -> bool:
    return bool(current_app.config["REQUIRE_EMAIL_VERIFICATION"] or current_app.config["SMTP_URL"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=VERIFY_SALT)


def verification_token(user_id: int, email: str) -> str:
    return str(_serializer().dumps([user_id, email]))


def start(user: User) -> None:
    """A new or changed address: confirmed at once where the site does not ask for it,
    otherwise by the link mailed to it."""
    if not required():
        user.email_verified_at = utcnow()
        return
    user.email_verified_at = None
    account_mail(user.id, {"kind": "verify_email", "email": user.email, "at": utcnow().isoformat()})


def resend(user: User) -> None:
    if user.email_verified_at is not None:
        raise Invalid("Your address is already confirmed.")
    account_mail(user.id, {"kind": "verify_email", "email": user.email, "at": utcnow().isoformat()})


def confirm(token: str) -> User:
    try:
        user_id, email = _serializer().loads(token, max_age=VERIFY_MAX_AGE)
    except SignatureExpired:
        raise _bad_link("This link has expired (links work for 48 hours): ask for a new one.") from None
    except (BadSignature, ValueError, TypeError):
        raise _bad_link("This link is not valid: copy the whole link from the mail.") from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or user.email != email:
        raise _bad_link("This link is for an address the account no longer has.")
    if user.email_verified_at is not None:
        raise _bad_link("This link was already used: your address is confirmed.")
    user.email_verified_at = utcnow()
    return user


def _bad_link(message: str) -> Invalid:
    return Invalid(message, {"token": [message]})


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_unconfirmed_writers() -> None:
        if request.method in SAFE_METHODS:
            return
        if not request.path.startswith("/api/"):
            return
        if request.blueprint in ACCOUNT_BLUEPRINTS or request.routing_exception is not None:
            return
        if current_user.is_authenticated and current_user.email_verified_at is None and required():
            raise Forbidden(
                f"Confirm your email address first: open the link we sent to {current_user.email} "
                "(your Settings page sends a new one)."
            )
