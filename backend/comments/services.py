"""Comments: short remarks on a question or an answer, for clarifying questions."""

from __future__ import annotations

from sqlalchemy import select

from backend.answers.services import get_answer
from backend.community_health import activity
from backend.content import render_markdown
from backend.errors import NotFound
from backend.extensions import db
from backend.models import Answer, Comment, Question, User, utcnow
from backend.moderation import premoderation, privileges
from backend.moderation.posts import question_id_of
from backend.moderation.visibility import ensure_visible
from backend.notifications import events
from backend.permissions import ensure_can_modify
from backend.questions.content_version import content_changed
from backend.questions.services import get_question


def comment_on_question(question_id: int, author: User, body: str) -> Comment:
    question = get_question(question_id)
    privileges.ensure_thread_open(question, author)
    return _add(author, body, question.id, question=question)


def comment_on_answer(answer_id: int, author: User, body: str) -> Comment:
    answer = get_answer(answer_id)
    ensure_visible(answer, author, "answer")
    privileges.ensure_thread_open(get_question(answer.question_id), author)
    return _add(author, body, answer.question_id, answer=answer)


def _add(
    author: User, body: str, thread_id: int, question: Question | None = None, answer: Answer | None = None
) -> Comment:
    comment = Comment(
        question_id=question.id if question else None,
        answer_id=answer.id if answer else None,
        author_id=author.id,
        body_source=body,
        body_html=render_markdown(body),
        created_at=utcnow(),
    )
    if premoderation.holds(author):
        premoderation.hold(comment)
    db.session.add(comment)
    db.session.flush()
    content_changed([thread_id])
    events.comment_posted(comment)
    activity.acted(author.id, thread_id, comment.created_at, posted=True)
    return comment


def get_comment(comment_id: int) -> Comment:
    comment = db.session.scalar(
        select(Comment).where(Comment.id == comment_id, Comment.is_deleted.is_(False))
    )
    if comment is None:
        raise NotFound(f"Comment {comment_id} does not exist.")
    return comment


def delete_comment(comment: Comment, actor: User) -> None:
    ensure_can_modify(actor, comment.author_id, "comment")
    comment.is_deleted = True
    content_changed([question_id_of(comment)])
