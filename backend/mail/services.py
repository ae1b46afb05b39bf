"""Each person's choice of mail: activity mail on or off, and how often the digest comes."""

from __future__ import annotations

from backend.errors import Forbidden
from backend.extensions import db
from backend.mail.tokens import read_unsubscribe_token
from backend.models import DigestFrequency, MailKind, User


def set_mail_settings(user: User, email_activity: bool | None, digest: DigestFrequency | None) -> None:
    if email_activity is not None:
        user.email_activity = email_activity
    if digest is not None:
        user.digest = digest


def unsubscribe(token: str) -> tuple[User, MailKind]:
    """Turn off the kind of mail a one-click link names, for the person it was sent to."""
    read = read_unsubscribe_token(token)
    user = db.session.get(User, read[0]) if read is not None else None
    if read is None or user is None:
        raise Forbidden("This unsubscribe link is not valid.", {"token": ["Not a link this site sent."]})
    kind = read[1]
    if kind is MailKind.ACTIVITY:
        user.email_activity = False
    else:
        user.digest = DigestFrequency.OFF
    return user, kind
