"""The webhook sender, beside the mail worker: claims due deliveries, posts each one signed
with its webhook's secret, and records the answer (status code, time taken).

A receiver that is down, slow (TIMEOUT) or answers other than 2xx is tried again with
back-off, up to MAX_ATTEMPTS; each try is recorded where admins see it. It runs on its own
thread, so a slow receiver delays no mail, and no request ever waits for it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta

from backend import claims
from backend.extensions import db
from backend.models import DeliveryStatus, Webhook, WebhookDelivery, utcnow
from backend.webhooks.payloads import Gone, body_of

log = logging.getLogger(__name__)
TIMEOUT = 5.0
MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(minutes=10)
STALE_CLAIM = timedelta(minutes=2)
BATCH = 20
SIGNATURE_HEADER = "X-Commonplace-Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** max(attempts, 0)), MAX_BACKOFF)


def deliver_due(batch: int = BATCH) -> int:
    """Post the deliveries due now (at most `batch`); returns how many were tried."""
    ids = _claim(batch)
    for delivery_id in ids:
        delivery = db.session.get(WebhookDelivery, delivery_id)
        webhook = db.session.get(Webhook, delivery.webhook_id) if delivery is not None else None
        if delivery is None:
            continue
        if webhook is None or not webhook.is_active:
            _settle(delivery, DeliveryStatus.SKIPPED, error="the webhook was turned off")
            continue
        try:
            body = body_of(delivery, webhook.format)
        except Gone as reason:
            _settle(delivery, DeliveryStatus.SKIPPED, error=str(reason))
            continue
        _post(delivery, webhook, body)
    return len(ids)


def _post(delivery: WebhookDelivery, webhook: Webhook, body: bytes) -> None:
    request = urllib.request.Request(
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Commonplace-Webhooks/1",
            "X-Commonplace-Event": f"question.{delivery.event}",
            "X-Commonplace-Delivery": str(delivery.id),
            SIGNATURE_HEADER: signature(webhook.secret, body),
        },
    )
    started = time.monotonic()
    code: int | None = None
    error: str | None = None
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            code = response.status
    except urllib.error.HTTPError as failure:
        code, error = failure.code, f"{failure.code} {failure.reason}"
    except (OSError, ValueError) as failure:  # refused, unreachable, timed out, bad address
        error = str(getattr(failure, "reason", None) or failure) or type(failure).__name__
    took = int((time.monotonic() - started) * 1000)
    if code is not None and 200 <= code < 300:
        _settle(delivery, DeliveryStatus.DELIVERED, code=code, took=took)
    else:
        _retry_or_fail(delivery, code, took, error or f"answered {code}")


def _claim(limit: int) -> list[int]:
    return claims.claim_due(WebhookDelivery, DeliveryStatus.PENDING, DeliveryStatus.SENDING, limit)


def _settle(
    delivery: WebhookDelivery,
    status: DeliveryStatus,
    *,
    code: int | None = None,
    took: int | None = None,
    error: str | None = None,
) -> None:
    delivery.status = status
    delivery.claim = None
    delivery.status_code = code
    delivery.duration_ms = took
    delivery.last_error = error
    if status is DeliveryStatus.DELIVERED:
        delivery.attempts += 1
        delivery.delivered_at = utcnow()
    db.session.commit()


def _retry_or_fail(delivery: WebhookDelivery, code: int | None, took: int, error: str) -> None:
    delivery.attempts += 1
    delivery.claim = None
    delivery.status_code = code
    delivery.duration_ms = took
    delivery.last_error = error[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.available_at = utcnow() + backoff(delivery.attempts)
    db.session.commit()


def release_stale_claims() -> None:
    """Deliveries claimed by a sender that died go back to pending."""
    claims.release_stale(WebhookDelivery, DeliveryStatus.PENDING, DeliveryStatus.SENDING, STALE_CLAIM)


@dataclass
class WebhookWorker:
    poll_interval: float = 0.5
    stale_check_interval: float = 60.0
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        last_check = -self.stale_check_interval
        while not self.stop.is_set():
            try:
                if time.monotonic() - last_check >= self.stale_check_interval:
                    last_check = time.monotonic()
                    release_stale_claims()
                tried = deliver_due()
            except Exception:  # a database hiccup must not end the thread: log, wait, go on
                log.exception("webhook deliveries failed")
                db.session.rollback()
                tried = 0
            if not tried:
                self.stop.wait(self.poll_interval)
