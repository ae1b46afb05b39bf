"""Watches, at the level the thread events need (no knowledge of routes or questions' rules)."""

from __future__ import annotations

from sqlalchemy import delete, select

from backend.database import insert_for_upsert
from backend.extensions import db
from backend.models import QuestionWatch, utcnow


def add_watch(user_id: int, question_id: int) -> None:
    """Watch the question (idempotent, also when two requests race)."""
    row = {"user_id": user_id, "question_id": question_id, "created_at": utcnow()}
    db.session.execute(insert_for_upsert(QuestionWatch).values(row).on_conflict_do_nothing())


def remove_watch(user_id: int, question_id: int) -> None:
    db.session.execute(
        delete(QuestionWatch).where(
            QuestionWatch.user_id == user_id, QuestionWatch.question_id == question_id
        )
    )


def is_watching(user_id: int, question_id: int) -> bool:
    return (
        db.session.scalar(
            select(QuestionWatch.user_id).where(
                QuestionWatch.user_id == user_id, QuestionWatch.question_id == question_id
            )
        )
        is not None
    )


def watcher_ids(question_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(QuestionWatch.user_id)
            .where(QuestionWatch.question_id == question_id)
            .order_by(QuestionWatch.user_id)
        )
    )
