"""Admins' webhooks: the rules for adding, changing and removing them (audit-logged)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from backend.errors import Forbidden, NotFound
from backend.extensions import db
from backend.models import Role, User, Webhook, WebhookDelivery, utcnow
from backend.moderation import audit

SHOWN_DELIVERIES = 50


def ensure_admin(person: User) -> None:
    if person.role != Role.ADMIN:
        raise Forbidden("Only admins can see and change webhooks.")


def list_webhooks() -> list[Webhook]:
    return list(db.session.scalars(select(Webhook).order_by(Webhook.id)))


def get_webhook(webhook_id: int) -> Webhook:
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None:
        raise NotFound("No such webhook.")
    return webhook


def _tags(names: list[str]) -> list[str]:
    return sorted({name.strip().lower() for name in names if name.strip()})


def create_webhook(admin: User, data: dict[str, Any]) -> Webhook:
    webhook = Webhook(
        url=data["url"],
        secret=secrets.token_hex(32),
        tags=_tags(data["tags"]),
        events=sorted(set(data["events"])),
        format=data["format"],
        is_active=True,
        created_by_id=admin.id,
        created_at=utcnow(),
    )
    db.session.add(webhook)
    db.session.flush()
    audit.record(admin, "webhook-add", "webhook", webhook.id, webhook.url)
    return webhook


def update_webhook(admin: User, webhook_id: int, data: dict[str, Any]) -> Webhook:
    webhook = get_webhook(webhook_id)
    if "url" in data:
        webhook.url = data["url"]
    if "tags" in data:
        webhook.tags = _tags(data["tags"])
    if "events" in data:
        webhook.events = sorted(set(data["events"]))
    if "format" in data:
        webhook.format = data["format"]
    if "is_active" in data:
        webhook.is_active = data["is_active"]
    audit.record(admin, "webhook-change", "webhook", webhook.id, webhook.url)
    return webhook


def delete_webhook(admin: User, webhook_id: int) -> None:
    webhook = get_webhook(webhook_id)
    audit.record(admin, "webhook-remove", "webhook", webhook.id, webhook.url)
    db.session.delete(webhook)


def recent_deliveries(webhook_id: int) -> list[WebhookDelivery]:
    get_webhook(webhook_id)
    return list(
        db.session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.webhook_id == webhook_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(SHOWN_DELIVERIES)
        )
    )
