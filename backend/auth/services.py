"""Accounts: registration and password checks."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from backend.errors import Conflict, Forbidden, Invalid, Unauthorized
from backend.extensions import db
from backend.models import User, utcnow
from backend.models.user import PLACEHOLDER_EMAIL_DOMAIN
from backend.settings import site_setting

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
# Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def register(email: str, password: str, display_name: str, check_domain: bool = True) -> User:
    """Create a member account; the email must not be taken (and, unless an operator makes
    it, must be in ALLOWED_EMAIL_DOMAINS)."""
    email = normalize_email(email)
    if email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN):
        # Reserved for imported authors: registering one would let someone claim their posts.
        raise Invalid("This email address cannot be used.", {"email": ["This email address cannot be used."]})
    allowed = (site_setting("ALLOWED_EMAIL_DOMAINS") or []) if check_domain else []
    if allowed and email.rsplit("@", 1)[-1] not in allowed:
        message = "Sign-up is open to addresses at " + ", ".join(allowed) + "."
        raise Invalid(message, {"email": [message]})
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            "An account with this email already exists.",
            {"email": ["An account with this email already exists."]},
        )
    user = User(email=email, display_name=display_name, password_hash=hash_password(password))
    user.last_seen_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User:
    """The account these credentials open, or Unauthorized; placeholders never log in."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or user.password_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        raise Unauthorized("Email or password is incorrect.")
    if not check_password_hash(user.password_hash, password):
        raise Unauthorized("Email or password is incorrect.")
    if not user.is_active:
        raise Forbidden("This account is deactivated.")
    if user.is_suspended:
        from backend.moderation.suspension import suspension_message

        raise Forbidden(suspension_message(user))
    user.last_seen_at = utcnow()
    return user
