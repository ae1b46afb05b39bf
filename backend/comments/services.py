"""Comments: short remarks on a question or an answer, for clarifying questions."""

from __future__ import annotations

from sqlalchemy import select

from backend.answers.services import get_answer
from backend.comments.window import may_edit
from backend.community_health import activity
from backend.content import render_markdown
from backend.edit_history import keep_edit, versions
from backend.errors import Forbidden, NotFound
from backend.extensions import db
from backend.models import Answer, Comment, CommentRevision, Question, User, utcnow
from backend.moderation import premoderation, privileges
from backend.moderation.posts import question_id_of
from backend.moderation.visibility import ensure_answer_visible, ensure_visible
from backend.notifications import events
from backend.permissions import ensure_can_modify
from backend.questions.content_version import content_changed
from backend.questions.services import get_question
from backend.settings import site_setting


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
        created_at=(now := utcnow()),
        updated_at=now,
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


def edit_comment(comment: Comment, editor: User, body: str) -> Comment:
    """Change the comment's text, keeping the earlier ones (the first edit keeps the original)."""
    ensure_visible(comment, editor, "comment")
    thread = get_question(question_id_of(comment))
    privileges.ensure_thread_open(thread, editor)
    if comment.answer_id is not None:
        ensure_answer_visible(get_answer(comment.answer_id), editor)
    if not may_edit(comment.author_id, comment.created_at, editor):
        if editor.id != comment.author_id:
            raise Forbidden("Only the comment's author or a moderator can edit it.")
        minutes = int(site_setting("COMMENT_EDIT_MINUTES"))
        raise Forbidden(
            f"Comments can be edited for {minutes} minutes after posting; this one can no longer be. "
            "Post a new comment, or delete this one."
            if minutes
            else "Comments cannot be edited on this site. Post a new comment, or delete this one."
        )
    if body == comment.body_source:
        return comment
    now = utcnow()
    keep_edit(
        CommentRevision,
        "comment_id",
        comment.id,
        before=(comment.body_source, comment.author_id, comment.created_at),
        after=(body, editor.id, now),
    )
    comment.body_source = body
    comment.body_html = render_markdown(body)
    comment.updated_at = now
    content_changed([thread.id])
    return comment


def comment_revisions(comment: Comment, viewer: User) -> list[CommentRevision]:
    """The comment's texts, newest first, each with its change from the one before: for its
    author and moderators (a comment's earlier wording is not for everyone)."""
    ensure_visible(comment, viewer, "comment")
    if viewer.id != comment.author_id and not viewer.is_moderator:
        raise Forbidden("Only the comment's author and moderators can see its earlier texts.")
    return versions(CommentRevision, "comment_id", comment.id)
