"""Outgoing mail: the outbox the mail worker sends from, and the addresses it no longer
mails (the receiving server refused them for good)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class MailKind(enum.StrEnum):
    ACTIVITY = "activity"  # what happened in one thread (answers, comments, mentions, ...)
    DIGEST = "digest"  # the daily or weekly digest of followed communities
    ACCOUNT = "account"  # a password reset or an address to confirm: sent whatever the settings


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a worker; back to pending if that worker dies
    SENT = "sent"
    FAILED = "failed"  # refused for good (5xx): the server's reply is in last_error
    SKIPPED = "skipped"  # nothing left to tell when it was due (posts hidden, mail turned off)


def _enum(kind: type[enum.StrEnum], length: int) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class MailOutbox(db.Model):  # type: ignore[name-defined]
    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[MailKind] = mapped_column(_enum(MailKind, 16))
    # The thread an activity mail is about; later events on it join a pending row.
    thread_id: Mapped[int | None] = mapped_column(Integer)
    # What the mail tells, rendered when it is sent (from the posts as they are then).
    events: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Fixed when the row is written: a resend after a crash is the same message.
    message_id: Mapped[str] = mapped_column(String(255))
    status: Mapped[MailStatus] = mapped_column(_enum(MailStatus, 16), default=MailStatus.PENDING)
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the row may be sent: later for a thread mailed a moment ago, and after each failure.
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The address it went to (or was refused by), recorded when it was tried.
    address: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_mail_outbox_due", "status", "available_at", "id"),
        # A thread's latest row for a person (backend/mail/outbox.py).
        Index("ix_mail_outbox_thread", "recipient_id", "thread_id", "id"),
    )


class MailBlock(db.Model):  # type: ignore[name-defined]
    """An address a mail server refused for good: no more mail to it until the person
    changes their address or an admin clears it (`flask mail unblock`)."""

    __tablename__ = "mail_blocks"

    address: Mapped[str] = mapped_column(String(254), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
