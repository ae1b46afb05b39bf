"""The body a delivery posts, built when it leaves from the thread as it is then: our JSON
document, or Slack's `{"text": ...}` (which Mattermost and Rocket.Chat accept as well).

What an anonymous reader could see, no more: nothing about a thread or answer hidden or
deleted since, and never the name of a question's anonymous asker.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app
from sqlalchemy import select

from backend.extensions import db
from backend.models import Answer, Question, QuestionTag, Tag, User, WebhookDelivery, WebhookFormat

EXCERPT = 300


class Gone(Exception):
    """The thread or answer may no longer be shown: the delivery is skipped."""


def body_of(delivery: WebhookDelivery, format: WebhookFormat) -> bytes:
    document = _document(delivery)
    if format is WebhookFormat.SLACK:
        return json.dumps({"text": _slack_text(delivery.event, document)}).encode()
    return json.dumps(document).encode()


def _document(delivery: WebhookDelivery) -> dict[str, Any]:
    site = str(current_app.config["SITE_URL"])
    question = db.session.get(Question, delivery.subject["question_id"])
    if question is None or question.is_deleted or question.hidden_at is not None:
        raise Gone("the thread is gone or hidden")
    url = f"{site}/questions/{question.id}"
    tags = list(
        db.session.scalars(
            select(Tag.name)
            .join(QuestionTag, QuestionTag.tag_id == Tag.id)
            .where(QuestionTag.question_id == question.id)
            .order_by(Tag.name)
        )
    )
    document: dict[str, Any] = {
        "event": f"question.{delivery.event}",
        "delivery_id": delivery.id,
        "site": site,
        "question": {
            "id": question.id,
            "title": question.title,
            "url": url,
            "tags": tags,
            "status": question.status.value,
            "answer_count": question.answer_count,
            "asked_by": None if question.is_anonymous else _name(question.author_id),
            "created_at": question.created_at.isoformat(),
        },
        "answer": None,
    }
    answer_id = delivery.subject.get("answer_id")
    if answer_id is not None:
        answer = db.session.get(Answer, answer_id)
        if answer is None or answer.is_deleted or answer.hidden_at is not None:
            raise Gone("the answer is gone or hidden")
        document["answer"] = {
            "id": answer.id,
            "url": f"{url}#answer-{answer.id}",
            # The asker answering their own anonymous question stays anonymous.
            "author": None
            if question.is_anonymous and answer.author_id == question.author_id
            else _name(answer.author_id),
            "excerpt": _excerpt(answer.body_source),
        }
    return document


def _name(user_id: int) -> str | None:
    return db.session.scalar(select(User.display_name).where(User.id == user_id))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " ..."


def _escape(text: str) -> str:
    """Slack's own escaping: only these three mean something in its text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_text(event: str, document: dict[str, Any]) -> str:
    question = document["question"]
    link = f"<{question['url']}|{_escape(question['title'])}>"
    tags = ", ".join(question["tags"])
    where = f" in {_escape(tags)}" if tags else ""
    if event == "asked":
        by = f" (asked by {_escape(question['asked_by'])})" if question["asked_by"] else ""
        return f"New question{where}: {link}{by}"
    answer = document["answer"] or {}
    who = _escape(answer.get("author") or "The asker")
    if event == "answered":
        return f"{who} answered {link}: {_escape(answer.get('excerpt', ''))}"
    return f"Resolved{where}: {link} (accepted answer by {who})"
