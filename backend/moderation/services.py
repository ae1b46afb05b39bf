"""Moderator actions on posts, threads and people; each one writes an audit log row."""

from __future__ import annotations

from datetime import timedelta

from backend.errors import Conflict, Forbidden, Invalid, NotFound
from backend.extensions import db
from backend.indexing.outbox import thread_changed
from backend.models import Answer, Question, QuestionStatus, Role, User, utcnow
from backend.moderation import audit, premoderation, privileges
from backend.moderation.posts import Post, load_post, resolve_flags, set_hidden, tell_author
from backend.moderation.visibility import is_held
from backend.permissions import ensure_moderator
from backend.questions.content_version import content_changed
from backend.questions.listing import refresh_listing_keys
from backend.questions.services import get_question
from backend.users.services import get_user

LABELS = ("needs-verification", "outdated")


def dismiss_flags(kind: str, post_id: int, moderator: User, reason: str | None) -> Post:
    """The flags were mistaken: close them, and show the post again if they had hidden it."""
    ensure_moderator(moderator)
    post = load_post(kind, post_id, moderator)
    resolve_flags(post)
    # A post held for approval stays held: only approving it (restore) publishes it.
    if not is_held(post) and set_hidden(post, False):
        tell_author(
            post, moderator, "restored", reason or "A moderator reviewed the flags and kept your post."
        )
    audit.record(moderator, "dismiss-flags", kind, post.id, reason)
    return post


def hide_post(kind: str, post_id: int, moderator: User, reason: str) -> Post:
    """Hide the post (or confirm it stays hidden after review); its author is told why. A post
    held for approval (pre-moderation) is rejected: it stays held."""
    ensure_moderator(moderator)
    post = load_post(kind, post_id, moderator)
    if is_held(post):
        premoderation.reject(post, moderator, reason)
        return post
    if not set_hidden(post, True):
        post.hidden_at = utcnow()  # reviewed now: an edit by the author sends it back to the queue
    resolve_flags(post)
    audit.record(moderator, "hide", kind, post.id, reason)
    tell_author(post, moderator, "hidden", reason)
    return post


def restore_post(kind: str, post_id: int, moderator: User, reason: str | None) -> Post:
    """Show a hidden post again: it returns to the lists, the thread and search. A post held
    for approval (pre-moderation) is approved: published and announced."""
    ensure_moderator(moderator)
    post = load_post(kind, post_id, moderator)
    if is_held(post):
        premoderation.approve(post, moderator, reason)
        return post
    set_hidden(post, False)
    resolve_flags(post)
    audit.record(moderator, "restore", kind, post.id, reason)
    tell_author(post, moderator, "restored", reason or "A moderator reviewed your post and restored it.")
    return post


def _thread_state_changed(question: Question) -> None:
    db.session.flush()
    refresh_listing_keys([question.id])
    thread_changed(question.id)


def lock_thread(question_id: int, moderator: User, reason: str) -> Question:
    """No new answers, comments or votes until unlocked."""
    ensure_moderator(moderator)
    question = get_question(question_id, for_update=True)
    if question.locked_at is None:
        question.locked_at = utcnow()
        _thread_state_changed(question)
    audit.record(moderator, "lock", "question", question.id, reason)
    return question


def unlock_thread(question_id: int, moderator: User, reason: str | None) -> Question:
    ensure_moderator(moderator)
    question = get_question(question_id, for_update=True)
    if question.locked_at is not None:
        question.locked_at = None
        _thread_state_changed(question)
    audit.record(moderator, "unlock", "question", question.id, reason)
    return question


def close_as_duplicate(question_id: int, original_id: int, moderator: User, reason: str | None) -> Question:
    """Close the question as a duplicate of another: it links to the original."""
    ensure_moderator(moderator)
    if original_id == question_id:
        raise Invalid(
            "A question cannot be a duplicate of itself.",
            {"duplicate_of_id": ["A question cannot be a duplicate of itself."]},
        )
    question = get_question(question_id, for_update=True)
    try:
        original = get_question(original_id)
    except NotFound as error:
        message = f"Question {original_id} does not exist."
        raise Invalid(message, {"duplicate_of_id": [message]}) from error
    if original.duplicate_of_id == question.id or original.hidden_at is not None:
        message = "The original must be a visible question that is not itself a duplicate of this one."
        raise Invalid(message, {"duplicate_of_id": [message]})
    question.duplicate_of_id = original.id
    question.status = QuestionStatus.CLOSED
    question.last_activity_at = utcnow()
    _thread_state_changed(question)
    audit.record(
        moderator, "close-duplicate", "question", question.id, reason or f"Duplicate of {original.id}"
    )
    tell_author(
        question, moderator, "closed-duplicate", reason or f"It is answered at question {original.id}."
    )
    return question


def reopen_duplicate(question_id: int, moderator: User, reason: str | None) -> Question:
    """It was not a duplicate after all: the question is open again, or resolved if it has an
    accepted answer (closing keeps the acceptance, so that is the status it had)."""
    ensure_moderator(moderator)
    question = get_question(question_id, for_update=True)
    if question.duplicate_of_id is None:
        raise Conflict("This question is not closed as a duplicate.")
    question.duplicate_of_id = None
    question.status = QuestionStatus.RESOLVED if question.accepted_answer_id else QuestionStatus.OPEN
    question.last_activity_at = utcnow()
    _thread_state_changed(question)
    audit.record(moderator, "reopen-duplicate", "question", question.id, reason)
    tell_author(question, moderator, "reopened", reason or "A moderator reopened it: it is not a duplicate.")
    return question


def suspend_member(user_id: int, days: int, reason: str, moderator: User) -> User:
    """The member cannot sign in or write until the period ends."""
    ensure_moderator(moderator)
    person = get_user(user_id)
    if person.id == moderator.id:
        raise Forbidden("You cannot suspend yourself.")
    if person.is_moderator and moderator.role != Role.ADMIN:
        raise Forbidden("Only admins can suspend moderators.")
    if person.role == Role.ADMIN:
        raise Forbidden("Admins cannot be suspended.")
    person.suspended_until = utcnow() + timedelta(days=days)
    person.suspension_reason = reason
    audit.record(moderator, "suspend", "user", person.id, f"{days} day{'' if days == 1 else 's'}: {reason}")
    return person


def lift_suspension(user_id: int, moderator: User, reason: str | None) -> User:
    ensure_moderator(moderator)
    person = get_user(user_id)
    person.suspended_until = None
    person.suspension_reason = None
    audit.record(moderator, "unsuspend", "user", person.id, reason)
    return person


def set_role(user_id: int, role: str, admin: User) -> User:
    """Admins promote members to moderators and demote them again."""
    if admin.role != Role.ADMIN:
        raise Forbidden("Only admins can change roles.")
    person = get_user(user_id)
    if person.role == Role.ADMIN:
        raise Forbidden("An admin's role cannot be changed here.")
    if person.role != role:
        person.role = Role(role)
        audit.record(admin, "promote" if role == Role.MODERATOR else "demote", "user", person.id, None)
    return person


def label_answer(answer_id: int, label: str, note: str, actor: User) -> Answer:
    """A soft label: the answer stays visible with the label, and search ranks it lower."""
    privileges.ensure_can_label(actor)
    answer = load_post("answer", answer_id, actor)
    assert isinstance(answer, Answer)
    if answer.author_id == actor.id:
        raise Forbidden("You cannot label your own answer; edit it instead.")
    if (answer.label, answer.label_note) != (label, note):
        answer.label, answer.label_note = label, note
        _label_changed(answer)
    audit.record(actor, "label", "answer", answer.id, f"{label}: {note}")
    tell_author(answer, actor, "labelled", f"{label}: {note}")
    return answer


def remove_label(answer_id: int, actor: User, reason: str | None) -> Answer:
    privileges.ensure_can_label(actor)
    answer = load_post("answer", answer_id, actor)
    assert isinstance(answer, Answer)
    if answer.label is None:
        raise Conflict("This answer has no label.")
    answer.label = answer.label_note = None
    _label_changed(answer)
    audit.record(actor, "unlabel", "answer", answer.id, reason)
    return answer


def _label_changed(answer: Answer) -> None:
    db.session.flush()
    content_changed([answer.question_id])
    thread_changed(answer.question_id)
