"""Who sees hidden posts: their author and moderators; nobody else, on any read path. Also
whether a held post was declined, which read paths show its author: a small module that
questions and moderation both use, so that neither imports the other in a circle.

Hidden questions are rare, so lists exclude them by id: the set of hidden questions is
read once per content version (hiding and restoring bump it) and costs nothing when empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from backend.errors import NotFound
from backend.extensions import db
from backend.models import ModerationAction, Question, User
from backend.questions.content_version import cached

_MAX_ENTRIES = 4


def sees_hidden(author_id: int, viewer: User | None) -> bool:
    """Whether this viewer sees a hidden post by this author (they wrote it, or they moderate)."""
    return viewer is not None and (viewer.id == author_id or viewer.is_moderator)


def held_for_approval(hidden_at: Any, created_at: Any) -> bool:
    """A post held by pre-moderation is hidden at the instant it was created; flags and
    moderators always hide later (moderation/premoderation.py)."""
    return hidden_at is not None and hidden_at == created_at


def is_held(post: Any) -> bool:
    return held_for_approval(post.hidden_at, post.created_at)


# What a rejection answers: the post as it was when last changed (an edit asks again).
LAST_CHANGED = {"question": "updated_at", "answer": "updated_at", "comment": "updated_at"}


def declined(kind: str, posts: Iterable[Any]) -> set[int]:
    """Which of these posts of one kind (models, thread records or list rows) are held and were
    rejected since their author last changed them: their author is told so, not that they wait.
    Reads nothing unless one of them is held."""
    held = {p.id: getattr(p, LAST_CHANGED[kind]) for p in posts if is_held(p)}
    if not held:
        return set()
    last_rejections = db.session.execute(
        select(ModerationAction.target_id, func.max(ModerationAction.created_at))
        .where(
            ModerationAction.action == "reject",
            ModerationAction.target_type == kind,
            ModerationAction.target_id.in_(held),
        )
        .group_by(ModerationAction.target_id)
    )
    return {post_id for post_id, rejected_at in last_rejections if rejected_at >= held[post_id]}


def shown(post: Any, viewer: User | None) -> bool:
    """A post (model or record) is shown unless it is hidden from this viewer."""
    return post.hidden_at is None or sees_hidden(post.author_id, viewer)


def ensure_visible(post: Any, viewer: User, what: str) -> None:
    """Nobody acts on (answers, comments on, votes on) a post hidden from them: it does not exist."""
    if not shown(post, viewer):
        raise NotFound(f"{what.capitalize()} {post.id} does not exist.")


def ensure_answer_visible(answer: Any, viewer: User | None) -> None:
    """An answer is out of reach when it, or the question it answers, is hidden from this viewer."""
    question = db.session.get(Question, answer.question_id)
    if not shown(answer, viewer) or question is None or not shown(question, viewer):
        raise NotFound(f"Answer {answer.id} does not exist.")


def hidden_questions() -> dict[int, int]:
    """Hidden, undeleted questions: id -> author id (cached per content version)."""
    return cached(
        "hidden_questions",
        "all",
        lambda: {
            question_id: author_id
            for question_id, author_id in db.session.connection().execute(
                select(Question.id, Question.author_id).where(
                    Question.hidden_at.is_not(None), Question.is_deleted.is_(False)
                )
            )
        },
        _MAX_ENTRIES,
    )


def excluded_question_ids(viewer: User | None) -> tuple[int, ...]:
    """The hidden questions this viewer must not see in lists, sorted."""
    if viewer is not None and viewer.is_moderator:
        return ()
    me = viewer.id if viewer is not None else None
    return tuple(sorted(qid for qid, author_id in hidden_questions().items() if author_id != me))


def has_hidden_questions(viewer: User | None) -> bool:
    """Whether lists look different to this person because they wrote a hidden question."""
    return viewer is not None and viewer.id in hidden_questions().values()
