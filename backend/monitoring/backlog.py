"""The outboxes' backlog (changes and messages waiting to leave) and the mail sent, read from
the database at each scrape: every process and host reports the same figures, whichever
worker did the sending."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from backend.extensions import db
from backend.mail.sending import status_counts
from backend.models import MailOutbox, MailStatus, SearchOutbox, utcnow
from backend.models.webhook import DeliveryStatus, WebhookDelivery

# The rows of each outbox still to be handled.
OUTBOXES: dict[str, tuple[Any, Any]] = {
    "search": (SearchOutbox, SearchOutbox.processed_at.is_(None)),
    "mail": (MailOutbox, MailOutbox.status.in_([MailStatus.PENDING, MailStatus.SENDING])),
    "webhooks": (
        WebhookDelivery,
        WebhookDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
    ),
}


def oldest_pending_seconds(outbox: str) -> float | None:
    """How long the oldest waiting row of an outbox has waited, or None when none waits."""
    model, pending = OUTBOXES[outbox]
    return _age(db.session.scalar(select(func.min(model.created_at)).where(pending)))


def _age(moment: datetime | None) -> float | None:
    return None if moment is None else max(0.0, (utcnow() - moment).total_seconds())


class BacklogCollector(Collector):
    """Gauges of each outbox's backlog and its oldest row's age; the mail by outcome."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def collect(self) -> Iterator[Any]:
        backlog = GaugeMetricFamily(
            "commonplace_outbox_backlog", "Rows waiting in an outbox", labels=["outbox"]
        )
        age = GaugeMetricFamily(
            "commonplace_outbox_oldest_age_seconds",
            "How long the oldest waiting row of an outbox has waited (0 when none waits)",
            labels=["outbox"],
        )
        mail = CounterMetricFamily(
            "commonplace_mail_messages", "Mail the outbox has handled, by outcome", labels=["outcome"]
        )
        with self.app.app_context():
            try:
                for name, (model, pending) in OUTBOXES.items():
                    count, oldest = db.session.execute(
                        select(func.count(), func.min(model.created_at)).where(pending)
                    ).one()
                    backlog.add_metric([name], count)
                    age.add_metric([name], _age(oldest) or 0.0)
                counts = status_counts()
                for status in (MailStatus.SENT, MailStatus.FAILED):
                    mail.add_metric([status.value], counts[status.value])
            finally:
                db.session.remove()
        yield from (backlog, age, mail)
