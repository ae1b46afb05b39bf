"""Who an identity provider's claims sign in: the bound account, a linked one, or a new one."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from backend.auth import verification
from backend.auth.services import UNUSABLE_PASSWORD, ensure_may_sign_in, ensure_signup_domain, normalize_email
from backend.errors import Conflict, Invalid
from backend.extensions import db
from backend.models import ExternalIdentity, User, utcnow
from backend.models.user import PLACEHOLDER_EMAIL_DOMAIN

MAX_NAME = 60


def sign_in(issuer: str, claims: dict[str, Any]) -> User:
    """The account for this verified ID token's claims: matched by (issuer, sub) once bound;
    on a first sign-in linked to the password account with the same verified email, or made
    from the email and name claims."""
    subject = str(claims["sub"])
    identity = db.session.scalar(
        select(ExternalIdentity).where(ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject)
    )
    verified = claims.get("email_verified") is True
    if identity is not None:
        user = db.session.get_one(User, identity.user_id)
        ensure_may_sign_in(user)
        identity.last_sign_in_at = utcnow()
        _follow_email_change(user, claims, verified)
    else:
        user = _first_sign_in(issuer, subject, claims, verified)
    if verified and user.email_verified_at is None and user.email == _email(claims):
        user.email_verified_at = utcnow()
    user.last_seen_at = utcnow()
    return user


def _email(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    return normalize_email(email) if isinstance(email, str) else ""


def _first_sign_in(issuer: str, subject: str, claims: dict[str, Any], verified: bool) -> User:
    email = _email(claims)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+", email) or email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN):
        raise Invalid(
            "Your identity provider did not share a usable email address (the `email` scope).",
            {"email": ["missing from the ID token"]},
        )
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        if not verified:
            # Anyone can put any address in an unverified claim: linking on it would hand the
            # account over.
            raise Conflict(
                "An account with this email already exists. Sign in with its password: "
                "your identity provider did not confirm that the address is yours."
            )
        ensure_may_sign_in(user)
    else:
        ensure_signup_domain(email)
        user = User(email=email, display_name=_display_name(claims, email), password_hash=UNUSABLE_PASSWORD)
        db.session.add(user)
        db.session.flush()
        if not verified:
            verification.start(user)
    db.session.add(ExternalIdentity(user_id=user.id, issuer=issuer, subject=subject))
    return user


def _follow_email_change(user: User, claims: dict[str, Any], verified: bool) -> None:
    """A verified new address at the company becomes the account's, unless another account
    holds it."""
    email = _email(claims)
    if not verified or not email or email == user.email:
        return
    if db.session.scalar(select(User.id).where(User.email == email)) is None:
        user.email = email
        user.email_verified_at = utcnow()


def _display_name(claims: dict[str, Any], email: str) -> str:
    candidates = [
        claims.get("name"),
        " ".join(str(claims.get(part, "")) for part in ("given_name", "family_name")),
        claims.get("preferred_username"),
        email.split("@", 1)[0],
    ]
    for candidate in candidates:
        name = " ".join(str(candidate or "").split())[:MAX_NAME].strip()
        if len(name) >= 2:
            return name
    return email[:MAX_NAME]
