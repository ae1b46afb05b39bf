"""Suggested edits: members without the privilege to edit others' posts suggest an edit;
the author or a moderator approves it (then it applies as the suggester's revision) or rejects it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from backend.errors import Conflict, Forbidden, NotFound
from backend.extensions import db
from backend.models import Answer, Question, SuggestedEdit, User, utcnow
from backend.moderation import audit, privileges
from backend.moderation.visibility import ensure_answer_visible, ensure_visible


def suggest_question_edit(
    question: Question,
    editor: User,
    title: str | None,
    body: str | None,
    tag_names: Sequence[str] | None,
) -> SuggestedEdit:
    from backend.tags.services import normalize_tag_names

    ensure_visible(question, editor, "question")
    privileges.ensure_unlocked(question, editor)
    tags = " ".join(normalize_tag_names(tag_names)) if tag_names is not None else None
    return _add(SuggestedEdit(question_id=question.id, title=title, body_source=body, tags=tags), editor)


def suggest_answer_edit(answer: Answer, editor: User, body: str) -> SuggestedEdit:
    ensure_answer_visible(answer, editor)
    privileges.ensure_unlocked(db.session.get_one(Question, answer.question_id), editor)
    return _add(SuggestedEdit(answer_id=answer.id, body_source=body), editor)


def _add(suggestion: SuggestedEdit, editor: User) -> SuggestedEdit:
    suggestion.editor_id = editor.id
    suggestion.status = "pending"
    suggestion.created_at = utcnow()
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def _pending(edit_id: int) -> SuggestedEdit:
    suggestion = db.session.scalar(select(SuggestedEdit).where(SuggestedEdit.id == edit_id).with_for_update())
    if suggestion is None:
        raise NotFound(f"Suggested edit {edit_id} does not exist.")
    if suggestion.status != "pending":
        raise Conflict(f"This suggested edit was already {suggestion.status}.")
    return suggestion


def _post_author(suggestion: SuggestedEdit) -> int:
    if suggestion.question_id is not None:
        author_id = db.session.scalar(select(Question.author_id).where(Question.id == suggestion.question_id))
    else:
        author_id = db.session.scalar(select(Answer.author_id).where(Answer.id == suggestion.answer_id))
    return int(author_id or 0)


def _decide(edit_id: int, actor: User, status: str, action: str, reason: str | None) -> SuggestedEdit:
    suggestion = _pending(edit_id)
    if not (actor.is_moderator or actor.id == _post_author(suggestion)):
        raise Forbidden("Only the post's author or a moderator can decide on a suggested edit.")
    suggestion.status = status
    suggestion.decided_by_id = actor.id
    suggestion.decided_at = utcnow()
    audit.record(actor, action, "suggested_edit", suggestion.id, reason)
    return suggestion


def approve(edit_id: int, actor: User, reason: str | None) -> SuggestedEdit:
    """Apply the suggestion as a revision by the member who suggested it."""
    from backend.answers.services import edit_answer, get_answer
    from backend.questions.services import edit_question, get_question

    suggestion = _decide(edit_id, actor, "approved", "approve-edit", reason)
    editor = db.session.get(User, suggestion.editor_id)
    assert editor is not None
    if suggestion.question_id is not None:
        edit_question(
            get_question(suggestion.question_id, for_update=True),
            editor,
            title=suggestion.title,
            body=suggestion.body_source,
            tag_names=suggestion.tags.split() if suggestion.tags is not None else None,
            approved_by=actor,
        )
    else:
        assert suggestion.body_source is not None
        edit_answer(
            get_answer(int(suggestion.answer_id or 0)), editor, suggestion.body_source, approved_by=actor
        )
    return suggestion


def reject(edit_id: int, actor: User, reason: str | None) -> SuggestedEdit:
    return _decide(edit_id, actor, "rejected", "reject-edit", reason)
