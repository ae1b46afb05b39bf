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
from sqlalchemy import bindparam, insert, select, update

from backend.extensions import db
from backend.models import MailKind, MailOutbox, MailStatus, utcnow

# The notification kinds that are mailed as activity (notifications.services names them).
ACTIVITY_KINDS = frozenset({"answered", "commented", "mentioned", "invited", "accepted"})

_OUTBOX = MailOutbox.__table__
# The thread's latest row for this person decides: a row not yet claimed by the worker
# takes the event (locked: the worker claims it after this transaction, and then reads
# every event in it); a row sent within the window puts the next one after it.
_LATEST = (
    select(_OUTBOX.c.id, _OUTBOX.c.status, _OUTBOX.c.events, _OUTBOX.c.created_at)
    .where(
        _OUTBOX.c.recipient_id == bindparam("recipient"),
        _OUTBOX.c.thread_id == bindparam("thread"),
        _OUTBOX.c.kind == MailKind.ACTIVITY,
    )
    .order_by(_OUTBOX.c.id.desc())
    .limit(1)
    .with_for_update()
)
_APPEND = update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row")).values(events=bindparam("events"))
_INSERT = insert(_OUTBOX)


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
    # Statements built once and run on the session's connection (its transaction): built
    # and run through the ORM each time, they cost 0.9 ms, a tenth of an answer's request
    # (docs/benchmarks.md, issue 15).
    connection = db.session.connection()
    latest = connection.execute(_LATEST, {"recipient": recipient_id, "thread": question_id}).first()
    if latest is not None and latest.status == MailStatus.PENDING:
        connection.execute(_APPEND, {"row": latest.id, "events": [*latest.events, event]})
        return
    window = timedelta(seconds=current_app.config["MAIL_THREAD_WINDOW_SECONDS"])
    available = now
    if latest is not None and latest.created_at > now - window:
        available = latest.created_at + window
    connection.execute(
        _INSERT,
        {
            "recipient_id": recipient_id,
            "kind": MailKind.ACTIVITY,
            "thread_id": question_id,
            "events": [event],
            "message_id": new_message_id(),
            "status": MailStatus.PENDING,
            "available_at": available,
            "attempts": 0,
            "created_at": now,
        },
    )


def account_mail(recipient_id: int, event: dict[str, Any]) -> None:
    """Queue a mail about the account itself (its link is made when the mail is sent)."""
    db.session.add(
        MailOutbox(
            recipient_id=recipient_id,
            kind=MailKind.ACCOUNT,
            events=[event],
            message_id=new_message_id(),
            status=MailStatus.PENDING,
            available_at=utcnow(),
            attempts=0,
        )
    )
