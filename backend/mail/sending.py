"""The mail worker: claims due outbox rows, composes and sends each, and records how it went.

Each row is claimed in a short transaction (on PostgreSQL with SKIP LOCKED, so several
workers share the outbox) and settled in its own: a crash loses at most the row being sent,
which goes back to pending when its claim is older than STALE_CLAIM and is sent again with
the same Message-ID. A temporary refusal (4xx, the server down) backs off and is tried
again; once the server answers again, the waiting rows are released at once. A permanent
refusal (5xx) fails the row with the server's reply, and a refused address gets no more mail.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from backend import claims
from backend.database import insert_for_upsert
from backend.extensions import db
from backend.mail import digests
from backend.mail.compose import NothingToSend, compose
from backend.mail.transport import MailRefused, Transport, transport_for
from backend.models import MailBlock, MailOutbox, MailStatus, utcnow
from backend.synthesis.schedule import WeeklyDrafts

log = logging.getLogger(__name__)
BATCH = 50
MAX_BACKOFF = timedelta(minutes=10)
STALE_CLAIM = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def current_transport() -> Transport:
    return transport_for(current_app.config["SMTP_URL"], current_app.config["MAIL_DIR"])


@dataclass
class Round:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    server_down: str | None = None

    @property
    def rows(self) -> int:
        return self.sent + self.retrying + self.failed + self.skipped


def send_due(transport: Transport, batch: int = BATCH) -> Round:
    """Send the rows that are due now, at most `batch` of them."""
    done = Round()
    rows = _claim(batch)
    if not rows:
        return done
    with transport:
        for index, row_id in enumerate(rows):
            row = db.session.get(MailOutbox, row_id)
            if row is None:
                continue
            try:
                message = compose(row)
            except NothingToSend as reason:
                _settle(row, MailStatus.SKIPPED, str(reason))
                done.skipped += 1
                continue
            address = str(message["To"].addresses[0].addr_spec)
            try:
                transport.send(message)
            except MailRefused as refusal:
                if refusal.permanent:
                    _settle(row, MailStatus.FAILED, refusal.reply, address)
                    if refusal.blame_address:
                        _block(address, refusal.reply)
                    done.failed += 1
                    continue
                _retry_later(row, refusal.reply, address)
                done.retrying += 1
                if refusal.server_down:
                    # The rest of the batch would wait for the same timeout: back to pending.
                    _unclaim(rows[index + 1 :])
                    done.server_down = refusal.reply
                    break
                continue
            _settle(row, MailStatus.SENT, None, address)
            done.sent += 1
    return done


def _claim(limit: int) -> list[int]:
    return claims.claim_due(MailOutbox, MailStatus.PENDING, MailStatus.SENDING, limit)


def _settle(row: MailOutbox, status: MailStatus, error: str | None, address: str | None = None) -> None:
    row.status = status
    row.claim = None
    row.last_error = error[:2000] if error else None
    row.address = address or row.address
    row.attempts += status is not MailStatus.SKIPPED
    if status is MailStatus.SENT:
        row.sent_at = utcnow()
    db.session.commit()


def _retry_later(row: MailOutbox, error: str, address: str) -> None:
    row.attempts += 1
    row.available_at = utcnow() + backoff(row.attempts)
    row.status = MailStatus.PENDING
    row.claim = None
    row.last_error = error[:2000]
    row.address = address
    db.session.commit()


def _unclaim(row_ids: list[int]) -> None:
    if row_ids:
        db.session.execute(
            update(MailOutbox)
            .where(MailOutbox.id.in_(row_ids), MailOutbox.status == MailStatus.SENDING)
            .values(status=MailStatus.PENDING, claim=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def _block(address: str, reason: str) -> None:
    values = {"address": address, "reason": reason[:2000], "created_at": utcnow()}
    db.session.execute(insert_for_upsert(MailBlock).values(values).on_conflict_do_nothing())
    db.session.commit()


def release_stale_claims() -> None:
    """Rows claimed by a worker that died mid-send go back to pending (same Message-ID)."""
    claims.release_stale(MailOutbox, MailStatus.PENDING, MailStatus.SENDING, STALE_CLAIM)


def _waiting() -> tuple:
    return (
        MailOutbox.status == MailStatus.PENDING,
        MailOutbox.attempts > 0,
        MailOutbox.available_at > utcnow(),
    )


def has_waiting() -> bool:
    waiting = db.session.scalar(select(MailOutbox.id).where(*_waiting()).limit(1))
    db.session.rollback()
    return waiting is not None


def release_waiting() -> int:
    """The rows backing off after a temporary failure, due now (the server answers again)."""
    result = db.session.execute(
        update(MailOutbox)
        .where(*_waiting())
        .values(available_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass
class Worker:
    """Sends due mail until stopped: polls often, so a mail leaves within a second or two.
    Every digest_interval (and at start) it queues the digests that are due, and sends
    again what a worker that died was sending."""

    transport: Callable[[], Transport]
    poll_interval: float = 0.5
    probe_interval: float = 2.0
    digest_interval: float = 60.0
    stop: threading.Event = field(default_factory=threading.Event)
    # The weekly synthesis drafts come on the same schedule (backend/synthesis/schedule.py).
    weekly_drafts: WeeklyDrafts = field(default_factory=WeeklyDrafts)

    def run(self) -> None:
        last_probe = 0.0
        last_digests = -self.digest_interval
        while not self.stop.is_set():
            if time.monotonic() - last_digests >= self.digest_interval:
                last_digests = time.monotonic()
                release_stale_claims()
                for frequency in digests.PERIODS:
                    queued = digests.queue_due(frequency, utcnow())
                    if queued.queued:
                        log.info("queued %d %s digests", queued.queued, frequency.value)
                self.weekly_drafts.run_if_due()
            done = send_due(self.transport())
            if done.sent and has_waiting():
                released = release_waiting()
                log.warning("the mail server accepts mail again: %d waiting mails released", released)
            if done.rows and not done.server_down:
                continue
            now = time.monotonic()
            if now - last_probe >= self.probe_interval:
                last_probe = now
                if has_waiting() and self.transport().reachable():
                    log.warning("the mail server answers again: %d waiting mails released", release_waiting())
            self.stop.wait(self.poll_interval)


def status_counts() -> dict[str, int]:
    rows = db.session.execute(select(MailOutbox.status, func.count()).group_by(MailOutbox.status))
    counts = {status: count for status, count in rows}
    return {status.value: int(counts.get(status, 0)) for status in MailStatus}


def oldest_pending() -> datetime | None:
    return db.session.scalar(
        select(func.min(MailOutbox.created_at)).where(
            MailOutbox.status.in_([MailStatus.PENDING, MailStatus.SENDING])
        )
    )


def retry_failed() -> int:
    """Failed rows back to pending now; their addresses are no longer refused (an admin's call)."""
    addresses = set(
        db.session.scalars(
            select(MailOutbox.address).where(
                MailOutbox.status == MailStatus.FAILED, MailOutbox.address.is_not(None)
            )
        )
    )
    if addresses:
        db.session.execute(MailBlock.__table__.delete().where(MailBlock.address.in_(addresses)))
    result = db.session.execute(
        update(MailOutbox)
        .where(MailOutbox.status == MailStatus.FAILED)
        .values(status=MailStatus.PENDING, available_at=utcnow(), attempts=0, claim=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def unblock(address: str) -> bool:
    result = db.session.execute(MailBlock.__table__.delete().where(MailBlock.address == address.lower()))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def blocked_count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(MailBlock)) or 0)
