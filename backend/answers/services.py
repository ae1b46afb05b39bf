"""Answers: posting, editing, deleting, and accepting one per question."""

from __future__ import annotations

from sqlalchemy import func, select, update

from backend.community_health import activity
from backend.content import render_markdown
from backend.errors import Forbidden, NotFound
from backend.extensions import db
from backend.indexing.outbox import thread_changed
from backend.models import Answer, Question, QuestionStatus, Revision, User, utcnow
from backend.moderation import premoderation, privileges
from backend.moderation.visibility import ensure_answer_visible
from backend.notifications import events
from backend.permissions import ensure_can_modify
from backend.presented import Presented
from backend.questions.content_version import content_changed
from backend.questions.listing import refresh_listing_keys
from backend.questions.services import get_question, post_revision, post_revisions
from backend.reputation import services as reputation
from backend.text_diff import with_changes


def get_answer(answer_id: int) -> Answer:
    """A listed answer on a listed question, or NotFound."""
    answer = db.session.scalar(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.id == answer_id, Answer.is_deleted.is_(False), Question.is_deleted.is_(False))
    )
    if answer is None:
        raise NotFound(f"Answer {answer_id} does not exist.")
    return answer


def list_revisions(answer: Answer, viewer: User | None) -> list[Presented]:
    """Every version of the answer, newest first, each with what changed from the one before;
    an answer hidden from this viewer has none to show."""
    ensure_answer_visible(answer, viewer)
    revisions = post_revisions(Revision.answer_id == answer.id)
    return with_changes([Presented(revision) for revision in revisions])


def roll_back_answer(answer: Answer, revision_id: int, actor: User) -> Answer:
    """Back to an earlier version, by its author or a moderator, recorded as a new revision."""
    ensure_answer_visible(answer, actor)
    ensure_can_modify(actor, answer.author_id, "answer")
    return edit_answer(answer, actor, post_revision(revision_id, answer_id=answer.id).body_source)


def _touch(question_id: int, answer_delta: int = 0) -> None:
    now = utcnow()
    first = {"first_answer_at": func.coalesce(Question.first_answer_at, now)} if answer_delta > 0 else {}
    db.session.execute(
        update(Question)
        .where(Question.id == question_id)
        .values(answer_count=Question.answer_count + answer_delta, last_activity_at=now, **first)
    )
    refresh_listing_keys([question_id])
    thread_changed(question_id)


def post_answer(question_id: int, author: User, body: str) -> Answer:
    """Answer a question; the question's answer count and activity move in the same transaction
    (for an answer held for a moderator, when it is approved)."""
    privileges.ensure_thread_open(get_question(question_id), author)
    privileges.ensure_within_first_day_limit(author, "answer")
    now = utcnow()
    answer = Answer(
        question_id=question_id,
        author_id=author.id,
        body_source=body,
        body_html=render_markdown(body),
        created_at=now,
        updated_at=now,
    )
    held = premoderation.holds(author)
    if held:
        premoderation.hold(answer)
    db.session.add(answer)
    db.session.flush()
    db.session.add(Revision(answer_id=answer.id, editor_id=author.id, body_source=body, created_at=now))
    if not held:  # readers see nothing of a held answer, not even the thread's activity
        _touch(question_id, answer_delta=1)
    else:  # but its author does: the thread's stored rendering notes who has a hidden post in it
        content_changed([question_id])
    events.answer_posted(answer)
    activity.acted(author.id, question_id, now, posted=True)
    return answer


def edit_answer(answer: Answer, editor: User, body: str, approved_by: User | None = None) -> Answer:
    """Change the body (author, moderator, a member with the privilege, or an approved
    suggestion), telling the people it newly mentions; a hidden answer's edit sends it back
    for review."""
    if approved_by is None:
        ensure_answer_visible(answer, editor)
        privileges.ensure_can_edit(editor, answer.author_id, "answer")
    privileges.ensure_unlocked(get_question(answer.question_id), approved_by or editor)
    if body != answer.body_source:
        now = utcnow()
        before = answer.body_source
        answer.body_source = body
        answer.body_html = render_markdown(body)
        answer.updated_at = now
        db.session.add(Revision(answer_id=answer.id, editor_id=editor.id, body_source=body, created_at=now))
        db.session.flush()
        _touch(answer.question_id)
        events.answer_edited(answer, editor, before, approved_by)
    return answer


def delete_answer(answer: Answer, actor: User) -> None:
    """Soft-delete; an accepted answer is unaccepted first (and its reputation undone)."""
    ensure_can_modify(actor, answer.author_id, "answer")
    question = get_question(answer.question_id, for_update=True)
    if question.accepted_answer_id == answer.id:
        _clear_acceptance(question, answer)
    answer.is_deleted = True
    answer.updated_at = utcnow()
    db.session.flush()
    # A hidden answer already left its question's answer count.
    _touch(answer.question_id, answer_delta=0 if answer.hidden_at is not None else -1)


def _ensure_can_accept(actor: User, question: Question) -> None:
    if actor.id != question.author_id and not actor.is_moderator:
        raise Forbidden("Only the asker or a moderator can accept an answer.")


def _clear_acceptance(question: Question, answer: Answer) -> None:
    for user_id, delta in reputation.acceptance_deltas(question, answer).items():
        reputation.adjust(user_id, -delta)
    question.accepted_answer_id = None
    question.resolved_at = None
    if question.status == QuestionStatus.RESOLVED:
        question.status = QuestionStatus.OPEN


def accept_answer(answer: Answer, actor: User) -> Question:
    """Mark the answer accepted and the question resolved; replaces an earlier acceptance."""
    question = get_question(answer.question_id, for_update=True)
    _ensure_can_accept(actor, question)
    privileges.ensure_unlocked(question, actor)
    ensure_answer_visible(answer, actor)
    if question.accepted_answer_id == answer.id:
        return question
    if question.accepted_answer_id is not None:
        _clear_acceptance(question, get_answer(question.accepted_answer_id))
    question.accepted_answer_id = answer.id
    question.resolved_at = utcnow()
    if question.status == QuestionStatus.OPEN:
        question.status = QuestionStatus.RESOLVED
    for user_id, delta in reputation.acceptance_deltas(question, answer).items():
        reputation.adjust(user_id, delta)
    question.last_activity_at = utcnow()
    db.session.flush()
    refresh_listing_keys([question.id])
    thread_changed(question.id)
    events.answer_accepted(question, answer, actor)
    return question


def unaccept_answer(answer: Answer, actor: User) -> Question:
    """Withdraw the acceptance and reopen the question (no-op if this answer is not accepted)."""
    question = get_question(answer.question_id, for_update=True)
    _ensure_can_accept(actor, question)
    privileges.ensure_unlocked(question, actor)
    if question.accepted_answer_id == answer.id:
        _clear_acceptance(question, answer)
        question.last_activity_at = utcnow()
        db.session.flush()
        refresh_listing_keys([question.id])
        thread_changed(question.id)
    return question
