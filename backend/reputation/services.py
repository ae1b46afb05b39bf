"""Reputation kept exact in the same transaction as the event, and rebuilt from scratch on demand."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import and_, bindparam, case, func, literal, select, union_all, update

from backend.extensions import db
from backend.models import Answer, Question, User, Vote
from backend.questions.content_version import reputations_changed
from backend.reputation import rules


def adjust(user_id: int, delta: int) -> None:
    """Add delta to a person's reputation with one atomic UPDATE (safe under concurrent votes)."""
    if delta:
        db.session.execute(update(User).where(User.id == user_id).values(reputation=User.reputation + delta))


def adjust_many(deltas: Mapping[int, int]) -> None:
    """adjust() for many people in one executemany: an import's acceptances move thousands."""
    users = User.__table__
    rows = [{"user": user_id, "delta": delta} for user_id, delta in sorted(deltas.items()) if delta]
    if rows:
        # In id order, the order every writer locks users in.
        db.session.execute(
            update(users)
            .where(users.c.id == bindparam("user"))
            .values(reputation=users.c.reputation + bindparam("delta")),
            rows,
        )


def earns_reputation(post: Question | Answer) -> bool:
    """Whether votes on this post move its author's reputation.

    Not for an anonymous question, nor for the asker's own answers in it: a reputation
    that moves would tell anyone watching a profile who asked.
    """
    if isinstance(post, Question):
        return not post.is_anonymous
    question = db.session.get(Question, post.question_id)
    return question is None or not (question.is_anonymous and question.author_id == post.author_id)


def acceptance_deltas(question: Question, answer: Answer) -> dict[int, int]:
    """Reputation an acceptance is worth, by person (undoing it subtracts the same)."""
    if answer.author_id == question.author_id:
        return {}
    deltas = {answer.author_id: rules.ANSWER_ACCEPTED}
    if not question.is_anonymous:
        deltas[question.author_id] = rules.ASKER_ACCEPTED
    return deltas


def expected_reputation() -> dict[int, int]:
    """Everyone's reputation as the rules derive it from votes and acceptances."""
    up_or_down = lambda points: case((Vote.value > 0, points), else_=rules.POST_DOWNVOTED)  # noqa: E731
    question_votes = (
        select(Question.author_id.label("user_id"), up_or_down(rules.QUESTION_UPVOTED).label("points"))
        .join(Vote, Vote.question_id == Question.id)
        .where(Question.is_anonymous.is_(False))
    )
    answer_votes = (
        select(Answer.author_id.label("user_id"), up_or_down(rules.ANSWER_UPVOTED).label("points"))
        .join(Vote, Vote.answer_id == Answer.id)
        .join(Question, Question.id == Answer.question_id)
        .where(~and_(Question.is_anonymous.is_(True), Question.author_id == Answer.author_id))
    )
    accepted = and_(Answer.id == Question.accepted_answer_id, Answer.author_id != Question.author_id)
    answerers = select(
        Answer.author_id.label("user_id"), literal(rules.ANSWER_ACCEPTED).label("points")
    ).join(Question, accepted)
    askers = (
        select(Question.author_id.label("user_id"), literal(rules.ASKER_ACCEPTED).label("points"))
        .join(Answer, accepted)
        .where(Question.is_anonymous.is_(False))
    )
    events = union_all(question_votes, answer_votes, answerers, askers).subquery()
    rows = db.session.execute(select(events.c.user_id, func.sum(events.c.points)).group_by(events.c.user_id))
    return {user_id: int(total) for user_id, total in rows}


def recompute() -> list[tuple[int, int, int]]:
    """Rebuild every reputation from the events; returns (user_id, old, new) for those that changed."""
    expected = expected_reputation()
    changed = []
    for user_id, current in db.session.execute(select(User.id, User.reputation)):
        new = expected.get(user_id, 0)
        if new != current:
            changed.append((user_id, current, new))
            db.session.execute(update(User).where(User.id == user_id).values(reputation=new))
    if changed:
        reputations_changed()
    return changed
