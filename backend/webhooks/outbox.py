"""Deliveries a request causes: rows written in the request's transaction (never sent here).

Only what an anonymous reader could see is posted: thread events are recorded for threads
that are not hidden (held questions once approved), and the body is built when the
delivery leaves, from the thread as it is then.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from backend.extensions import db
from backend.models import DeliveryStatus, Question, QuestionTag, Tag, Webhook, WebhookDelivery, utcnow

ASKED, ANSWERED, RESOLVED = "asked", "answered", "resolved"
EVENTS = (ASKED, ANSWERED, RESOLVED)


def thread_event(event: str, question: Question, answer_id: int | None = None) -> None:
    """Queue a delivery of this event to every active webhook that wants it."""
    if question.hidden_at is not None or question.is_deleted:
        return
    hooks = db.session.execute(
        select(Webhook.id, Webhook.events, Webhook.tags).where(Webhook.is_active)
    ).all()
    if not hooks:
        return
    tags = set(
        db.session.scalars(
            select(Tag.name)
            .join(QuestionTag, QuestionTag.tag_id == Tag.id)
            .where(QuestionTag.question_id == question.id)
        )
    )
    now = utcnow()
    rows = [
        {
            "webhook_id": hook.id,
            "event": event,
            "subject": {"question_id": question.id, "answer_id": answer_id},
            "status": DeliveryStatus.PENDING,
            "available_at": now,
            "attempts": 0,
            "created_at": now,
        }
        for hook in hooks
        if event in hook.events and (not hook.tags or tags & set(hook.tags))
    ]
    if rows:
        db.session.execute(insert(WebhookDelivery), rows)
