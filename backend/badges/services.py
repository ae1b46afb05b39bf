"""Awarding badges in the transaction of the event that earns them.

Anonymous questions earn their asker nothing (like reputation): neither the question,
nor the asker's own answers in it, nor votes on them, since a badge appearing on a
profile at that moment would tell who asked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from backend.badges import rules
from backend.database import insert_for_upsert
from backend.extensions import db
from backend.models import Answer, BadgeAward, HelpedMark, Question, User, utcnow
from backend.notifications import services as notifications


def award(user_id: int, badge: str) -> bool:
    """Give the badge unless the person has it; True if it was given now (and they were told).

    The unique (user_id, badge) constraint decides races: the second insert does nothing.
    """
    if badge not in rules.BADGES:
        raise ValueError(f"Unknown badge {badge!r}")
    # RETURNING, not rowcount: ORM-enabled inserts do not report a row count on every driver.
    awarded = db.session.execute(
        insert_for_upsert(BadgeAward)
        .values(user_id=user_id, badge=badge, awarded_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "badge"])
        .returning(BadgeAward.id)
    ).scalar_one_or_none()
    if awarded is None:
        return False
    notifications.notify(user_id, notifications.BADGE, actor_id=None, data={"badge": badge})
    return True


def _has(user_id: int, badge: str) -> bool:
    return (
        db.session.scalar(
            select(BadgeAward.id).where(BadgeAward.user_id == user_id, BadgeAward.badge == badge)
        )
        is not None
    )


def _credited(question: Question, author_id: int) -> bool:
    """Whether a post by this author in this thread may earn them anything."""
    return not (question.is_anonymous and question.author_id == author_id)


def question_asked(question: Question) -> None:
    if not question.is_anonymous:
        award(question.author_id, "first_question")


def answer_posted(question: Question, answer: Answer) -> None:
    if _credited(question, answer.author_id):
        award(answer.author_id, "first_answer")


def answer_accepted(question: Question, answer: Answer) -> None:
    if answer.author_id == question.author_id:
        return  # accepting your own answer earns nothing
    award(answer.author_id, "first_accepted")
    if not _has(answer.author_id, "problem_solver") and _accepted_count(answer.author_id) >= (
        rules.PROBLEM_SOLVER_ACCEPTED
    ):
        award(answer.author_id, "problem_solver")


def _accepted_count(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Answer)
            .join(Question, Question.id == Answer.question_id)
            .where(
                Answer.author_id == user_id,
                Answer.is_deleted.is_(False),
                Question.accepted_answer_id == Answer.id,
                Question.author_id != user_id,
                Question.is_deleted.is_(False),
            )
        )
        or 0
    )


def answer_scored(question: Question, answer: Answer, score: int) -> None:
    if score >= rules.HELPFUL_UPVOTES and _credited(question, answer.author_id):
        award(answer.author_id, "helpful")


def question_scored(question: Question, score: int) -> None:
    if score <= 0 or question.is_anonymous or _has(question.author_id, "curious"):
        return
    upvoted = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(
            Question.author_id == question.author_id,
            Question.is_deleted.is_(False),
            Question.is_anonymous.is_(False),
            Question.score > 0,
        )
    )
    if (upvoted or 0) >= rules.CURIOUS_QUESTIONS:
        award(question.author_id, "curious")


def answer_thanked(question: Question, answer: Answer) -> None:
    author_id = answer.author_id
    if not _credited(question, author_id) or _has(author_id, "community_builder"):
        return
    thankers = db.session.scalar(
        select(func.count(func.distinct(HelpedMark.user_id)))
        .join(Answer, Answer.id == HelpedMark.answer_id)
        .where(Answer.author_id == author_id, Answer.is_deleted.is_(False))
    )
    if (thankers or 0) >= rules.COMMUNITY_BUILDER_THANKS:
        award(author_id, "community_builder")


def badges_of(user: User) -> list[tuple[rules.Badge, datetime]]:
    """The person's badges, most recent first."""
    rows = db.session.execute(
        select(BadgeAward.badge, BadgeAward.awarded_at)
        .where(BadgeAward.user_id == user.id)
        .order_by(BadgeAward.awarded_at.desc(), BadgeAward.id.desc())
    )
    return [(rules.BADGES[key], awarded_at) for key, awarded_at in rows if key in rules.BADGES]
