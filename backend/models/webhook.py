"""Webhooks for team chat: where to post, and the outbox of deliveries to them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


def _enum(kind: type[enum.StrEnum], length: int) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class WebhookFormat(enum.StrEnum):
    GENERIC = "generic"  # our JSON document
    SLACK = "slack"  # {"text": ...}, which Mattermost and Rocket.Chat accept too


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after MAX_ATTEMPTS
    SKIPPED = "skipped"  # the thread was hidden or deleted before it left


class Webhook(db.Model):  # type: ignore[name-defined]
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    # Signs each delivery (X-Commonplace-Signature: sha256=<HMAC of the body>).
    secret: Mapped[str] = mapped_column(String(64))
    # Tag names; empty: every tag.
    tags: Mapped[list[str]] = mapped_column(JSON)
    # "asked", "answered", "resolved".
    events: Mapped[list[str]] = mapped_column(JSON)
    format: Mapped[WebhookFormat] = mapped_column(_enum(WebhookFormat, 16))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(db.Model):  # type: ignore[name-defined]
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(16))
    # What happened (question, answer), posted as the thread is when it is delivered.
    subject: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus, 16), default=DeliveryStatus.PENDING)
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The last try: the receiver's status code (None when it did not answer), how long it took.
    status_code: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "available_at", "id"),
        Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),
    )
