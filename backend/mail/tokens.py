"""Signed one-click unsubscribe tokens (RFC 8058): whoever holds the link from a mail may
turn off that kind of mail for its recipient, and nothing else, without signing in."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from backend.models import MailKind

SALT = "commonplace.mail.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(user_id: int, kind: MailKind) -> str:
    return _serializer().dumps([user_id, kind.value])


def read_unsubscribe_token(token: str) -> tuple[int, MailKind] | None:
    """(person, kind of mail), or None for a token this site did not sign as is."""
    try:
        user_id, kind = _serializer().loads(token)
        return int(user_id), MailKind(kind)
    except (BadSignature, ValueError, TypeError):
        return None
