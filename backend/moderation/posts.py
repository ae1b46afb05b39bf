"""Posts as moderation sees them (a question, an answer or a comment), and what hiding and
restoring one changes: the lists, the thread, its counts, the search index, the author."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from backend.errors import NotFound
from backend.extensions import db
from backend.indexing.outbox import thread_changed
from backend.models import Answer, Comment, Flag, Question, User, utcnow
from backend.moderation.visibility import sees_hidden
from backend.questions.listing import refresh_listing_keys
from backend.tags import services as tags

Post = Question | Answer | Comment
KINDS: dict[str, type[Post]] = {"question": Question, "answer": Answer, "comment": Comment}


def load_post(kind: str, post_id: int, viewer: User | None = None) -> Post:
    """A listed (not deleted) post on a listed thread; hidden ones only for those who see them.

    The row is locked for the transaction: two flags or actions racing on one post must not
    both hide it (the answer count would move twice)."""
    model = KINDS[kind]
    query: Any = select(model).where(model.id == post_id, model.is_deleted.is_(False)).with_for_update()
    post: Post | None = db.session.scalar(query)
    if post is not None and post.hidden_at is not None and not sees_hidden(post.author_id, viewer):
        post = None
    if post is not None and not isinstance(post, Question):
        parent = db.session.get(Question, question_id_of(post))
        if parent is None or parent.is_deleted:
            post = None
    if post is None:
        raise NotFound(f"{kind.capitalize()} {post_id} does not exist.")
    return post


def kind_of(post: Post) -> str:
    return {Question: "question", Answer: "answer", Comment: "comment"}[type(post)]


def question_id_of(post: Post) -> int:
    """The thread a post belongs to."""
    if isinstance(post, Question):
        return post.id
    if isinstance(post, Answer):
        return post.question_id
    if post.question_id is not None:
        return post.question_id
    return int(db.session.scalar(select(Answer.question_id).where(Answer.id == post.answer_id)) or 0)


def flag_column(kind: str) -> Any:
    return {"question": Flag.question_id, "answer": Flag.answer_id, "comment": Flag.comment_id}[kind]


def resolve_flags(post: Post) -> int:
    """Close the post's open flags (dismissed, or acted on); returns how many."""
    result = db.session.execute(
        update(Flag)
        .where(flag_column(kind_of(post)) == post.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _thread_shows_changed(post: Post, answer_delta: int) -> None:
    question_id = question_id_of(post)
    if answer_delta:
        shown = (
            {"first_answer_at": func.coalesce(Question.first_answer_at, utcnow())} if answer_delta > 0 else {}
        )
        db.session.execute(
            update(Question)
            .where(Question.id == question_id)
            .values(answer_count=Question.answer_count + answer_delta, **shown)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()
    refresh_listing_keys([question_id])  # also content_changed([question_id])
    thread_changed(question_id)


def set_hidden(post: Post, hidden: bool) -> bool:
    """Hide or show the post; returns whether anything changed. A hidden answer leaves its
    question's answer count; a hidden question leaves every list and the search index."""
    if (post.hidden_at is not None) == hidden:
        return False
    post.hidden_at = utcnow() if hidden else None
    delta = 0
    if isinstance(post, Answer):
        delta = -1 if hidden else 1
    elif isinstance(post, Question):
        # Tag counts are of listed questions.
        (tags.release_question_tags if hidden else tags.restore_question_tags)(post.id)
    _thread_shows_changed(post, delta)
    return True


def tell_author(post: Post, actor: User | None, action: str, reason: str | None) -> None:
    """A kind, in-app note to the post's author about a moderation outcome. Decisions come
    from "the moderators", so nobody is named; nobody is told of their own action."""
    if actor is not None and actor.id == post.author_id:
        return
    try:
        from backend.notifications.services import notify
    except ImportError:  # an install without in-app notifications
        return
    ids: dict[str, int | None] = {"question_id": question_id_of(post), "answer_id": None, "comment_id": None}
    if isinstance(post, Answer):
        ids["answer_id"] = post.id
    elif isinstance(post, Comment):
        ids["comment_id"] = post.id
    notify(
        post.author_id,
        "moderation",
        actor_id=None,
        data={"action": action, "reason": reason, "post_type": kind_of(post), "post_id": post.id},
        **ids,
    )
