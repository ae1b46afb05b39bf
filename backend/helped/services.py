"""Thanks on answers: the mark and the answer's helped_count change in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from backend.answers.services import get_answer
from backend.badges import services as badges
from backend.database import insert_for_upsert
from backend.errors import Forbidden
from backend.extensions import db
from backend.models import Answer, HelpedMark, Question, User, utcnow
from backend.questions.content_version import content_changed


@dataclass(frozen=True)
class HelpedResult:
    helped_count: int
    helped: bool


def _current(answer_id: int) -> int:
    return db.session.scalar(select(Answer.helped_count).where(Answer.id == answer_id)) or 0


def _count(answer_id: int, delta: int) -> int:
    return db.session.execute(
        update(Answer)
        .where(Answer.id == answer_id)
        .values(helped_count=Answer.helped_count + delta)
        .returning(Answer.helped_count)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def _others_answer(answer_id: int, person: User) -> Answer:
    answer = get_answer(answer_id)
    if answer.author_id == person.id:
        raise Forbidden("You cannot thank yourself for your own answer.")
    return answer


def mark_helped(answer_id: int, person: User) -> HelpedResult:
    """Say the answer helped (idempotent); not on your own answer."""
    answer = _others_answer(answer_id, person)
    # RETURNING, not rowcount: ORM-enabled statements do not report a row count on every driver.
    added = db.session.execute(
        insert_for_upsert(HelpedMark)
        .values(user_id=person.id, answer_id=answer.id, created_at=utcnow())
        .on_conflict_do_nothing()
        .returning(HelpedMark.answer_id)
    ).scalar_one_or_none()
    if added is None:
        return HelpedResult(helped_count=_current(answer.id), helped=True)
    count = _count(answer.id, 1)
    content_changed([answer.question_id])  # the count shows on the thread and on reference cards
    question = db.session.get(Question, answer.question_id)
    assert question is not None
    badges.answer_thanked(question, answer)
    return HelpedResult(helped_count=count, helped=True)


def unmark_helped(answer_id: int, person: User) -> HelpedResult:
    """Take the thanks back (idempotent)."""
    answer = _others_answer(answer_id, person)
    removed = db.session.execute(
        delete(HelpedMark)
        .where(HelpedMark.user_id == person.id, HelpedMark.answer_id == answer.id)
        .returning(HelpedMark.answer_id)
    ).scalar_one_or_none()
    if removed is None:
        return HelpedResult(helped_count=_current(answer.id), helped=False)
    content_changed([answer.question_id])
    return HelpedResult(helped_count=_count(answer.id, -1), helped=False)
