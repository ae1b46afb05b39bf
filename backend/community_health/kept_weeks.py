"""Finished weeks' costliest figures, kept (models.activity.HealthWeek): a year's view then
ranks the waits only of the weeks whose questions changed, and counts members only for
the weeks not yet over."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import SQLAlchemyError

from backend.database import insert_for_upsert, session_writes
from backend.extensions import db
from backend.models import SITE, HealthWeek

log = logging.getLogger(__name__)

Percentiles = tuple[float | None, float | None]  # median and 90th percentile, in seconds


@dataclass(frozen=True)
class Waits:
    first_answer: Percentiles = (None, None)
    accepted_answer: Percentiles = (None, None)


def _kept(tag_id: int | None, first: date, last: date) -> Iterable[HealthWeek]:
    return db.session.execute(
        select(HealthWeek).where(HealthWeek.tag_id == (tag_id or SITE), HealthWeek.week.between(first, last))
    ).scalars()


def known_waits(tag_id: int | None, fingerprints: dict[date, str]) -> dict[date, Waits]:
    """The kept weeks (by Monday) whose questions are as they were when ranked."""
    if not fingerprints:
        return {}
    return {
        row.week: Waits((row.first_median, row.first_p90), (row.accepted_median, row.accepted_p90))
        for row in _kept(tag_id, min(fingerprints), max(fingerprints))
        if row.fingerprint is not None and fingerprints.get(row.week) == row.fingerprint
    }


def keep_waits(tag_id: int | None, ranked: Iterable[tuple[date, str, Waits]]) -> None:
    _keep(
        tag_id,
        [
            {
                "week": week,
                "fingerprint": fingerprint,
                "first_median": waits.first_answer[0],
                "first_p90": waits.first_answer[1],
                "accepted_median": waits.accepted_answer[0],
                "accepted_p90": waits.accepted_answer[1],
            }
            for week, fingerprint, waits in ranked
        ],
        ("fingerprint", "first_median", "first_p90", "accepted_median", "accepted_p90"),
    )


def known_members(tag_id: int | None, first: date, last: date) -> dict[date, dict[str, int]]:
    return {
        row.week: {"seen": row.seen, "active": row.active or 0}
        for row in _kept(tag_id, first, last)
        if row.seen is not None
    }


def keep_members(tag_id: int | None, counted: dict[date, dict[str, int]]) -> None:
    rows = [{"week": week, "seen": each["seen"], "active": each["active"]} for week, each in counted.items()]
    _keep(tag_id, rows, ("seen", "active"))


def forget_members(connection: Connection | None = None) -> None:
    """Count every week's members again when next shown (after they were counted again)."""
    (connection or db.session).execute(update(HealthWeek).values(seen=None, active=None))


def _keep(tag_id: int | None, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    """Upsert these weeks' figures. In a request that reads, on a connection of its own: its
    transaction stays a read, and failing to keep a cache entry only costs time later.
    Where the session writes anyway (a command), with its transaction."""
    if not rows:
        return
    rows = [{"tag_id": tag_id or SITE, **row} for row in rows]
    statement = insert_for_upsert(HealthWeek.__table__, bind=db.engine)
    statement = statement.on_conflict_do_update(
        index_elements=["tag_id", "week"], set_={name: statement.excluded[name] for name in columns}
    )
    if session_writes():
        db.session.execute(statement, rows)
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(statement, rows)
    except SQLAlchemyError:
        log.warning("could not keep %d weeks of community health", len(rows), exc_info=True)
