"""Making, listing, revoking and checking personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from backend.errors import Forbidden, NotFound, Unauthorized
from backend.extensions import db
from backend.models import ApiToken, User, utcnow

SCOPES = ("read", "write")
# Recognisable in logs and by secret scanners; the rest is 256 random bits.
TOKEN_PREFIX = "cpt_"
MAX_TOKENS = 50
# Writing last_used_at on every request would make every read a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(owner: User, name: str, scopes: list[str], expires_in_days: int | None) -> tuple[ApiToken, str]:
    """A new token and its text, which is shown once and never stored."""
    now = utcnow()
    count = db.session.scalar(select(db.func.count()).where(ApiToken.user_id == owner.id)) or 0
    if count >= MAX_TOKENS:
        raise Forbidden(f"You have {MAX_TOKENS} tokens, the most one person may have: revoke one first.")
    text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=owner.id,
        name=name,
        token_hash=_digest(text),
        prefix=text[: len(TOKEN_PREFIX) + 4],
        # "write" includes reading: a token that may post may also read what it posted.
        scopes=["read", "write"] if "write" in scopes else ["read"],
        expires_at=None if expires_in_days is None else now + timedelta(days=expires_in_days),
        created_at=now,
    )
    db.session.add(token)
    db.session.flush()
    return token, text


def tokens_of(owner: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == owner.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke(owner: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id:
        raise NotFound(f"Token {token_id} does not exist.")
    db.session.delete(token)


def authenticate(text: str) -> tuple[User, ApiToken]:
    """The owner of this token, or Unauthorized with the reason. Marks the token used (at
    most once a minute): the caller commits that on its own, so a read stays a read."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(text)))
    if token is None:
        raise Unauthorized("This API token is not valid: it was mistyped or revoked.")
    now = utcnow()
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthorized("This API token has expired: make a new one on your Tokens page.")
    user = db.session.get_one(User, token.user_id)
    if not user.is_active or user.deleted_at is not None:
        raise Unauthorized("This API token's account is deactivated.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return user, token
