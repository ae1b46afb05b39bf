"""Privileges that grow with reputation (thresholds in site settings); moderators and admins bypass them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.errors import Forbidden
from backend.extensions import db
from backend.models import Answer, Question, User, utcnow
from backend.moderation.visibility import ensure_visible
from backend.settings import site_setting


def _setting(name: str) -> int:
    return int(site_setting(name))


def has_reputation(person: User, setting: str) -> bool:
    return person.is_moderator or person.reputation >= _setting(setting)


def _ensure(person: User, setting: str, what: str) -> None:
    if not has_reputation(person, setting):
        raise Forbidden(
            f"{what} needs {_setting(setting)} reputation; you have {person.reputation}. "
            "Reputation comes from questions and answers that others find useful."
        )


def ensure_can_downvote(person: User) -> None:
    _ensure(person, "DOWNVOTE_MIN_REPUTATION", "Voting down")


def ensure_can_flag(person: User) -> None:
    _ensure(person, "FLAG_MIN_REPUTATION", "Flagging")


def ensure_can_label(person: User) -> None:
    _ensure(person, "LABEL_MIN_REPUTATION", "Labelling answers")


def edits_directly(person: User, author_id: int) -> bool:
    """Whether this person's edit of the post applies at once (else it is a suggestion)."""
    return person.id == author_id or has_reputation(person, "EDIT_OTHERS_MIN_REPUTATION")


# What each privilege needs, as named in GET /auth/me (the frontend shows its buttons by these).
PRIVILEGE_SETTINGS = {
    "downvote": "DOWNVOTE_MIN_REPUTATION",
    "flag": "FLAG_MIN_REPUTATION",
    "label": "LABEL_MIN_REPUTATION",
    "edit_others": "EDIT_OTHERS_MIN_REPUTATION",
}


def privileges_of(person: User) -> dict[str, bool]:
    """What this person may do now, by the thresholds in force (moderators may do it all)."""
    return {name: has_reputation(person, setting) for name, setting in PRIVILEGE_SETTINGS.items()}


def ensure_within_first_day_limit(person: User, kind: str) -> None:
    """New members (below NEW_MEMBER_REPUTATION) post a few questions/answers in their first day."""
    if has_reputation(person, "NEW_MEMBER_REPUTATION"):
        return
    since = utcnow() - timedelta(days=1)
    if person.created_at < since:
        return
    model = Question if kind == "question" else Answer
    limit = _setting("NEW_MEMBER_QUESTIONS_PER_DAY" if kind == "question" else "NEW_MEMBER_ANSWERS_PER_DAY")
    posted = db.session.scalar(
        select(func.count()).select_from(model).where(model.author_id == person.id, model.created_at >= since)
    )
    if (posted or 0) >= limit:
        raise Forbidden(
            f"New members can post {limit} {kind}s in their first day; you can post more tomorrow, "
            "or sooner once others find your posts useful."
        )


def ensure_can_edit(person: User, author_id: int, what: str = "post") -> None:
    if not edits_directly(person, author_id):
        raise Forbidden(
            f"Editing someone else's {what} needs {_setting('EDIT_OTHERS_MIN_REPUTATION')} reputation; "
            "your edit can be sent as a suggestion instead."
        )


def ensure_unlocked(question: Question, person: User) -> None:
    """In a locked thread only moderators may edit posts (or suggest edits) and change which
    answer is accepted: a lock freezes the thread as the moderator left it."""
    if question.locked_at is not None and not person.is_moderator:
        raise Forbidden(
            "This thread is locked by a moderator: its posts cannot be edited and its accepted "
            "answer cannot change."
        )


def ensure_thread_open(question: Question, person: User) -> None:
    """A locked thread takes no new answers, comments or votes (moderators may still add them);
    a hidden one takes none from those it is hidden from."""
    ensure_visible(question, person, "question")
    if question.locked_at is not None and not person.is_moderator:
        raise Forbidden("This thread is locked by a moderator: it takes no new answers, comments or votes.")
