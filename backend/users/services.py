"""Public profiles and a person's posts, without revealing anonymous questions."""

from __future__ import annotations

from sqlalchemy import and_, case, func, not_, select

from backend.errors import NotFound
from backend.extensions import db
from backend.models import Answer, Question, QuestionTag, Tag, User
from backend.moderation.visibility import sees_hidden
from backend.presented import Presented
from backend.questions.anonymity import sees_asker


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def _answers_shown(user: User, viewer: User | None) -> list:
    conditions = [
        Answer.author_id == user.id,
        Answer.is_deleted.is_(False),
        Question.is_deleted.is_(False),
    ]
    if not sees_hidden(user.id, viewer):
        conditions += [Answer.hidden_at.is_(None), Question.hidden_at.is_(None)]
    if not sees_asker(user.id, viewer):
        # An answer by the asker in their own anonymous thread would name the asker.
        conditions.append(not_(and_(Question.is_anonymous.is_(True), Question.author_id == user.id)))
    return conditions


def people_by_id(ids: set[int]) -> dict[int, User]:
    """These accounts by id, in one query (none for an empty set)."""
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def profile(user: User, viewer: User | None) -> Presented:
    """Public profile: reputation and counts of what this viewer may see."""
    question_conditions = [Question.author_id == user.id, Question.is_deleted.is_(False)]
    if not sees_asker(user.id, viewer):
        question_conditions.append(Question.is_anonymous.is_(False))
    if not sees_hidden(user.id, viewer):
        question_conditions.append(Question.hidden_at.is_(None))
    questions = db.session.scalar(select(func.count()).select_from(Question).where(*question_conditions))
    answer_conditions = _answers_shown(user, viewer)
    answers, accepted = db.session.execute(
        select(func.count(), func.count(case((Question.accepted_answer_id == Answer.id, 1))))
        .select_from(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(*answer_conditions)
    ).one()
    return Presented(
        user,
        question_count=questions or 0,
        answer_count=answers,
        accepted_answer_count=accepted,
        communities=_communities(answer_conditions),
        # Moderators see a suspension on the profile, to lift it; nobody else is told.
        suspension=(
            {"until": user.suspended_until, "reason": user.suspension_reason}
            if viewer is not None and viewer.is_moderator and user.is_suspended
            else None
        ),
    )


COMMUNITIES_SHOWN = 5


def _communities(answer_conditions: list) -> list[dict]:
    """The tags the person answers in most (what they could be asked about), with how many
    of those answers were accepted."""
    rows = db.session.execute(
        select(
            Tag.name,
            func.count().label("answers"),
            func.count(case((Question.accepted_answer_id == Answer.id, 1))).label("accepted"),
        )
        .select_from(Answer)
        .join(Question, Question.id == Answer.question_id)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(Tag, Tag.id == QuestionTag.tag_id)
        .where(*answer_conditions)
        .group_by(Tag.name)
        .order_by(func.count().desc(), Tag.name)
        .limit(COMMUNITIES_SHOWN)
    )
    return [{"tag": name, "answers": answers, "accepted": accepted} for name, answers, accepted in rows]


def list_answers(user: User, viewer: User | None, page: int, per_page: int) -> tuple[list, int]:
    conditions = _answers_shown(user, viewer)
    base = select(Answer.id).join(Question, Question.id == Answer.question_id).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = db.session.execute(
        select(
            Answer.id,
            Answer.question_id,
            Question.title.label("question_title"),
            Answer.score,
            # NULL = id is NULL, not false, when the question has no accepted answer.
            func.coalesce(Question.accepted_answer_id == Answer.id, False).label("is_accepted"),
            Answer.created_at,
        )
        .join(Question, Question.id == Answer.question_id)
        .where(*conditions)
        .order_by(Answer.created_at.desc(), Answer.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return list(rows), total
