"""Experts by tag, from the answers people gave: accepted and upvoted, recent ones weighing more.

The formula (documented in the API as well): for each of a person's listed (not deleted,
not hidden) answers on a listed question carrying the tag (answers to their own questions do not count),

    points = 3 x (1 if accepted else 0) + max(score, 0)
    weight = 2 if the answer was posted in the last 90 days else 1

and a person's expertise is the sum of points x weight. People rank by expertise, then
by accepted answers, then by id (so the order is stable). Accounts that cannot sign in
(imported authors) and deactivated ones are not listed: they cannot be asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import case, func, select

from backend.extensions import db
from backend.models import Answer, Question, QuestionTag, User, utcnow
from backend.questions.anonymity import sees_asker
from backend.questions.content_version import cached
from backend.questions.services import get_question
from backend.tags.services import get_tag

ACCEPTED_POINTS = 3
RECENT_DAYS = 90
RECENT_WEIGHT = 2
MAX_CACHED = 512


@dataclass(frozen=True)
class Expert:
    id: int
    display_name: str
    reputation: int
    expertise: int
    accepted_answers: int
    upvotes: int
    answers: int


def _scored(tag_ids: Sequence[int] | None, by_tag: bool) -> Any:
    """Each person's expertise in these tags (every tag for None; by tag too, when asked), by
    the formula above."""
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    cutoff = today - timedelta(days=RECENT_DAYS)
    accepted = case((Question.accepted_answer_id == Answer.id, 1), else_=0)
    upvotes = case((Answer.score > 0, Answer.score), else_=0)
    weight = case((Answer.created_at >= cutoff, RECENT_WEIGHT), else_=1)
    expertise = func.sum((accepted * ACCEPTED_POINTS + upvotes) * weight)
    listed = [
        Answer.is_deleted.is_(False),
        Question.is_deleted.is_(False),
        # Posts hidden pending review count for nobody until a moderator restores them.
        Answer.hidden_at.is_(None),
        Question.hidden_at.is_(None),
        Answer.author_id != Question.author_id,
    ]
    scores = select(
        Answer.author_id.label("user_id"),
        expertise.label("expertise"),
        func.sum(accepted).label("accepted_answers"),
        func.sum(upvotes).label("upvotes"),
        func.count().label("answers"),
    ).join(Question, Question.id == Answer.question_id)
    if by_tag:
        scores = (
            scores.add_columns(QuestionTag.tag_id)
            .join(QuestionTag, QuestionTag.question_id == Answer.question_id)
            .where(*listed, QuestionTag.is_deleted.is_(False))
            .group_by(QuestionTag.tag_id, Answer.author_id)
        )
        if tag_ids is not None:
            scores = scores.where(QuestionTag.tag_id.in_(tag_ids))
    else:
        in_tags = select(QuestionTag.question_id).where(
            QuestionTag.tag_id.in_(tag_ids or []), QuestionTag.is_deleted.is_(False)
        )
        scores = scores.where(*listed, Answer.question_id.in_(in_tags)).group_by(Answer.author_id)
    return scores.having(expertise > 0).subquery()


def _expert(row: Any) -> Expert:
    return Expert(
        id=row.id,
        display_name=row.display_name,
        reputation=row.reputation,
        expertise=int(row.expertise),
        accepted_answers=int(row.accepted_answers),
        upvotes=int(row.upvotes),
        answers=int(row.answers),
    )


def _ranking(tag_ids: Sequence[int], limit: int) -> list[Expert]:
    scores = _scored(tag_ids, by_tag=False)
    rows = db.session.execute(
        select(User.id, User.display_name, User.reputation, scores)
        .join(scores, scores.c.user_id == User.id)
        .where(User.password_hash.is_not(None), User.is_active.is_(True))
        .order_by(scores.c.expertise.desc(), scores.c.accepted_answers.desc(), User.id)
        .limit(limit)
    )
    return [_expert(row) for row in rows]


# Beyond this many tags, every tag is ranked and the rest dropped here: SQLite probes a
# long IN list once per answer (68 s for 700 tags at 100k questions, against 3 s for all).
MANY_TAGS = 20


def experts_by_tag(tag_ids: Sequence[int], limit: int) -> dict[int, list[Expert]]:
    """The people who know each of these tags best, best first: one statement for them all
    (the weekly drafts ask for hundreds of communities at once)."""
    if not tag_ids:
        return {}
    wanted = set(tag_ids)
    scores = _scored(tag_ids if len(wanted) <= MANY_TAGS else None, by_tag=True)
    rank = (
        func.row_number()
        .over(
            partition_by=scores.c.tag_id,
            order_by=(scores.c.expertise.desc(), scores.c.accepted_answers.desc(), User.id),
        )
        .label("rank")
    )
    ranked = (
        select(User.id, User.display_name, User.reputation, scores, rank)
        .join(scores, scores.c.user_id == User.id)
        .where(User.password_hash.is_not(None), User.is_active.is_(True))
        .subquery()
    )
    found: dict[int, list[Expert]] = {}
    for row in db.session.execute(
        select(ranked).where(ranked.c.rank <= limit).order_by(ranked.c.tag_id, ranked.c.rank)
    ):
        if row.tag_id in wanted:
            found.setdefault(row.tag_id, []).append(_expert(row))
    return found


def _cached_ranking(tag_ids: Sequence[int], limit: int) -> list[Expert]:
    # The day is part of the key: the 90-day window moves even when nothing is written.
    key = (tuple(sorted(tag_ids)), limit, utcnow().date())
    return cached("expert_rankings", key, lambda: _ranking(tag_ids, limit), MAX_CACHED)


def tag_experts(tag_name: str, limit: int) -> list[Expert]:
    """The people who know this tag best, best first."""
    return _cached_ranking([get_tag(tag_name).id], limit)


def question_experts(question_id: int, viewer: User | None, limit: int) -> list[Expert]:
    """The best people to ask about this question (by its tags), without its asker.

    For an anonymous question the asker is left out only for those who may know who asked
    (the asker and moderators): for anyone else, a known expert missing from the list
    would tell who asked.
    """
    question = get_question(question_id)
    tag_ids = list(
        db.session.scalars(select(QuestionTag.tag_id).where(QuestionTag.question_id == question.id))
    )
    if not tag_ids:
        return []
    hide_asker = not question.is_anonymous or sees_asker(question.author_id, viewer)
    experts = _cached_ranking(tag_ids, limit + 1)
    if hide_asker:
        experts = [e for e in experts if e.id != question.author_id]
    return experts[:limit]
