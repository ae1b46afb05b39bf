"""Changing a password, and resetting a forgotten one by mail.

A reset link holds the account and a fingerprint of its password hash and session epoch:
once the password changes (by this link or otherwise), every earlier link stops working, so
each is single-use without a table of used tokens. It is valid RESET_MAX_AGE from the moment
the mail is composed.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash

from backend.auth.services import has_password, hash_password, normalize_email
from backend.errors import Forbidden, Invalid
from backend.extensions import db
from backend.mail.outbox import account_mail
from backend.models import User, utcnow

RESET_SALT = "commonplace.password-reset"
RESET_MAX_AGE = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(f"{user.password_hash}:{user.session_epoch}".encode()).hexdigest()[:20]


def reset_token(user: User) -> str:
    return str(_serializer().dumps([user.id, _fingerprint(user)]))


def set_password(user: User, password: str) -> None:
    """A new password, and every session signed in before ends (the caller signs this one
    in again)."""
    user.password_hash = hash_password(password)
    user.session_epoch += 1


def change_password(user: User, current: str, new: str) -> None:
    if not has_password(user):
        raise Forbidden(
            "Your account signs in through your company's identity provider: it has no password here."
        )
    if not check_password_hash(user.password_hash or "", current):
        raise Invalid(
            "The current password is not right.", {"current_password": ["Not your current password."]}
        )
    set_password(user, new)


def request_reset(email: str) -> None:
    """Mail a reset link if the address belongs to an account that may have one. The caller
    answers the same either way: nobody learns which addresses have accounts."""
    if current_app.config["OIDC_ONLY"]:
        return
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None or user.password_hash is None or not user.is_active:
        return
    account_mail(user.id, {"kind": "password_reset", "at": utcnow().isoformat()})


def confirm_reset(token: str, new_password: str) -> User:
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired:
        raise _bad_link("This reset link has expired (links work for an hour): ask for a new one.") from None
    except (BadSignature, ValueError, TypeError):
        raise _bad_link("This reset link is not valid: copy the whole link from the mail.") from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or user.password_hash is None:
        raise _bad_link("This reset link is not valid: copy the whole link from the mail.")
    if fingerprint != _fingerprint(user):
        raise _bad_link("This reset link was already used: ask for a new one if you need it.")
    set_password(user, new_password)
    # Only the address's owner could open the mail.
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def _bad_link(message: str) -> Invalid:
    return Invalid(message, {"token": [message]})
