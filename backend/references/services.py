"""Performance-support references: resolved threads as short cards, ready to reuse."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from backend.content import plain_text
from backend.errors import NotFound
from backend.extensions import db
from backend.models import Answer, Attribution, Question, QuestionStatus, User
from backend.moderation.visibility import shown
from backend.presented import Presented
from backend.questions.anonymity import visible_author
from backend.tags.services import tag_names_by_question

PROBLEM_CHARS = 320


def shorten(text: str, limit: int = PROBLEM_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def reference_cards(
    question_ids: Sequence[int], viewer: User | None, highlights: dict[int, str] | None = None
) -> list[Presented]:
    """Cards for the resolved, listed threads among these ids, in the order given."""
    if not question_ids:
        return []
    answerer = aliased(User)
    rows = db.session.execute(
        select(Question, Answer, answerer)
        .join(Answer, Answer.id == Question.accepted_answer_id)
        .join(answerer, answerer.id == Answer.author_id)
        .where(
            Question.id.in_(question_ids),
            Question.is_deleted.is_(False),
            Question.status == QuestionStatus.RESOLVED,
            Answer.is_deleted.is_(False),
        )
    ).all()
    # Hidden posts stay off cards for everyone but their authors and moderators.
    by_id = {
        question.id: (question, answer, author)
        for question, answer, author in rows
        if shown(question, viewer) and shown(answer, viewer)
    }
    tags = tag_names_by_question(list(by_id))
    attributions = _attributions(list(by_id), [answer.id for _, answer, _ in by_id.values()])
    cards = []
    for question_id in question_ids:
        if question_id not in by_id:
            continue
        question, answer, author = by_id[question_id]
        cards.append(
            Presented(
                question,
                title_highlighted=(highlights or {}).get(question_id) or escape(question.title),
                problem=shorten(plain_text(question.body_html)),
                answer_html=answer.body_html,
                answered_by=visible_author(
                    author, answer.author_id, question.author_id, question.is_anonymous, viewer
                ),
                answer_score=answer.score,
                helped_count=answer.helped_count,
                answer_label=answer.label,
                answer_label_note=answer.label_note,
                tags=tags[question_id],
                updated_at=max(question.last_activity_at, answer.updated_at),
                url=f"/r/{question_id}",
                thread_url=f"/questions/{question_id}",
                question_attribution=attributions.get(("q", question_id)),
                answer_attribution=attributions.get(("a", answer.id)),
            )
        )
    return cards


def _attributions(question_ids: list[int], answer_ids: list[int]) -> dict[tuple[str, int], Attribution]:
    if not question_ids:
        return {}
    found = db.session.scalars(
        select(Attribution).where(
            or_(Attribution.question_id.in_(question_ids), Attribution.answer_id.in_(answer_ids))
        )
    )
    return {
        ("q", a.question_id) if a.question_id is not None else ("a", a.answer_id): a  # type: ignore[misc]
        for a in found
    }


def reference_card(question_id: int, viewer: User | None) -> Presented:
    cards = reference_cards([question_id], viewer)
    if not cards:
        raise NotFound(f"Question {question_id} is not a resolved thread.")
    return cards[0]
