"""Mail a request causes: outbox rows written in the request's transaction (never sent here).

Activity in a thread reaches a person by mail at once the first time; whatever else happens
in that thread for them within MAIL_THREAD_WINDOW_SECONDS joins one more mail, sent when
the window ends: five answers in three minutes are two mails, not five.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import insert, select, update

from backend.extensions import db
from backend.models import MailKind, MailOutbox, MailStatus, utcnow

# The notification kinds that are mailed as activity (notifications.services names them).
ACTIVITY_KINDS = frozenset({"answered", "commented", "mentioned", "invited", "accepted"})


def site_host() -> str:
    return urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"


def new_message_id() -> str:
    return make_msgid("commonplace", domain=site_host())


def activity_happened(
    recipient_id: int,
    kind: str,
    *,
    actor_id: int | None,
    question_id: int,
    answer_id: int | None = None,
    comment_id: int | None = None,
) -> None:
    """Queue mail about this event for this person (already told in-app, and wanting mail)."""
    now = utcnow()
    event: dict[str, Any] = {
        "kind": kind,
        "actor_id": actor_id,
        "answer_id": answer_id,
        "comment_id": comment_id,
        "at": now.isoformat(),
    }
    # The thread's latest row for this person decides (one read): a row not yet claimed by
    # the worker takes the event (locked: the worker claims it after this transaction, and
    # then reads every event in it); a row sent within the window puts the next one after it.
    latest = db.session.execute(
        select(MailOutbox.id, MailOutbox.status, MailOutbox.events, MailOutbox.created_at)
        .where(
            MailOutbox.recipient_id == recipient_id,
            MailOutbox.thread_id == question_id,
            MailOutbox.kind == MailKind.ACTIVITY,
        )
        .order_by(MailOutbox.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if latest is not None and latest.status is MailStatus.PENDING:
        db.session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == latest.id)
            .values(events=[*latest.events, event])
            .execution_options(synchronize_session=False)
        )
        return
    window = timedelta(seconds=current_app.config["MAIL_THREAD_WINDOW_SECONDS"])
    available = now
    if latest is not None and latest.created_at > now - window:
        available = latest.created_at + window
    db.session.execute(
        insert(MailOutbox).values(
            recipient_id=recipient_id,
            kind=MailKind.ACTIVITY,
            thread_id=question_id,
            events=[event],
            message_id=new_message_id(),
            status=MailStatus.PENDING,
            available_at=available,
            attempts=0,
            created_at=now,
        )
    )
