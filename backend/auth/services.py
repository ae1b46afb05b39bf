"""Accounts: registration and password checks."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from backend.auth import verification
from backend.errors import Conflict, Forbidden, Invalid, Unauthorized
from backend.extensions import db
from backend.mail.outbox import account_mail
from backend.models import User, utcnow
from backend.models.user import PLACEHOLDER_EMAIL_DOMAIN
from backend.settings import site_setting

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
# Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")
# The hash of an account that signs in through single sign-on: it matches no password.
# (None is kept for placeholder accounts, which receive nothing and cannot sign in at all.)
UNUSABLE_PASSWORD = "!"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def register(email: str, password: str, display_name: str, by_operator: bool = False) -> User:
    """Create a member account; the email must not be taken. Unless an operator makes it
    (`flask users create`), it must be in ALLOWED_EMAIL_DOMAINS and may need confirming."""
    email = normalize_email(email)
    _ensure_usable(email, by_operator)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            "An account with this email already exists.",
            {"email": ["An account with this email already exists."]},
        )
    user = User(email=email, display_name=display_name, password_hash=hash_password(password))
    user.last_seen_at = utcnow()
    db.session.add(user)
    db.session.flush()
    if by_operator:
        user.email_verified_at = utcnow()
    else:
        verification.start(user)
    return user


def _ensure_usable(email: str, by_operator: bool) -> None:
    if email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN):
        # Reserved for imported authors: registering one would let someone claim their posts.
        raise Invalid("This email address cannot be used.", {"email": ["This email address cannot be used."]})
    if not by_operator:
        ensure_signup_domain(email)


def register_by_mail(email: str, password: str, display_name: str) -> None:
    """Where addresses are confirmed: a new address gets its account (unconfirmed) and the link
    that finishes it; a taken one gets a mail to its owner, and the caller answers the same."""
    normalized = normalize_email(email)
    _ensure_usable(normalized, by_operator=False)
    taken = db.session.scalar(select(User).where(User.email == normalized))
    if taken is None:
        register(email, password, display_name)
        return
    hash_password(password)  # as long as making the account would take
    if taken.is_active and taken.password_hash is not None:
        account_mail(taken.id, {"kind": "signup_attempt", "at": utcnow().isoformat()})


def sign_in_options(sso_error: str | None) -> dict[str, Any]:
    from backend.sso import client as sso

    return {
        "passwords": not current_app.config["OIDC_ONLY"],
        "sso": sso.enabled(),
        "sso_label": sso.button_label() if sso.enabled() else None,
        "sso_login_url": "/api/v1/auth/oidc/login" if sso.enabled() else None,
        "require_sign_in": bool(site_setting("REQUIRE_SIGN_IN")),
        "allowed_email_domains": site_setting("ALLOWED_EMAIL_DOMAINS") or [],
        "sso_error": sso_error,
    }


def ensure_passwords_allowed() -> None:
    if current_app.config["OIDC_ONLY"]:
        raise Forbidden("This site signs people in through their company account only.")


def has_password(user: User) -> bool:
    """Whether a password can open this account (not a placeholder, not single sign-on only)."""
    return user.password_hash is not None and user.password_hash != UNUSABLE_PASSWORD


def ensure_signup_domain(email: str) -> None:
    allowed = site_setting("ALLOWED_EMAIL_DOMAINS") or []
    if allowed and email.rsplit("@", 1)[-1] not in allowed:
        message = "Sign-up is open to addresses at " + ", ".join(allowed) + "."
        raise Invalid(message, {"email": [message]})


def ensure_may_sign_in(user: User) -> None:
    if not user.is_active:
        raise Forbidden("This account is deactivated.")
    if user.is_suspended:
        from backend.moderation.suspension import suspension_message

        raise Forbidden(suspension_message(user))


def authenticate(email: str, password: str) -> User:
    """The account these credentials open, or Unauthorized; placeholders never log in."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or not has_password(user):
        check_password_hash(_DUMMY_HASH, password)
        raise Unauthorized("Email or password is incorrect.")
    if not check_password_hash(user.password_hash, password):
        raise Unauthorized("Email or password is incorrect.")
    ensure_may_sign_in(user)
    user.last_seen_at = utcnow()
    return user
