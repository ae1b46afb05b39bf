"""What moderators review: flagged posts, hidden posts edited since, suggested edits, and
the posts of new members held for approval (pre-moderation)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, or_, select

from backend.content import plain_text
from backend.extensions import db
from backend.models import Flag, Question, SuggestedEdit
from backend.moderation.posts import KINDS, Post, flag_column, kind_of, question_id_of
from backend.moderation.premoderation import held_posts
from backend.references.services import shorten
from backend.users.services import people_by_id

QUEUE_LIMIT = 100
EXCERPT_CHARS = 200


def _items(posts: list[Post]) -> list[dict[str, Any]]:
    """Queue rows for these posts, with their open flags and authors."""
    authors = people_by_id({p.author_id for p in posts})
    thread_ids = {id(p): question_id_of(p) for p in posts}
    titles: dict[int, str] = {
        question_id: title
        for question_id, title in db.session.execute(
            select(Question.id, Question.title).where(Question.id.in_(set(thread_ids.values())))
        )
    }
    items = []
    for post in posts:
        kind = kind_of(post)
        flags = db.session.scalars(
            select(Flag)
            .where(flag_column(kind) == post.id, Flag.resolved_at.is_(None))
            .order_by(Flag.created_at, Flag.id)
        ).all()
        updated = getattr(post, "updated_at", None)
        question_id = thread_ids[id(post)]
        items.append(
            {
                "post_type": kind,
                "post_id": post.id,
                "question_id": question_id,
                "title": titles.get(question_id, ""),
                "excerpt": shorten(plain_text(post.body_html), EXCERPT_CHARS),
                "author": authors.get(post.author_id),
                "hidden": post.hidden_at is not None,
                "edited_since_hidden": bool(post.hidden_at and updated and updated > post.hidden_at),
                "flag_count": len(flags),
                "flags": flags,
                "created_at": post.created_at,
            }
        )
    return items


def _flagged_or_edited() -> list[Post]:
    posts: list[Post] = []
    for kind, model in KINDS.items():
        open_flags = exists().where(flag_column(kind) == model.id, Flag.resolved_at.is_(None))
        # Held posts (pre-moderation) wait in their own list, edited or not.
        held = model.hidden_at == model.created_at
        edited = and_(model.hidden_at.is_not(None), model.updated_at > model.hidden_at, ~held)
        condition: Any = or_(open_flags, edited)
        posts.extend(
            db.session.scalars(
                select(model)
                .where(model.is_deleted.is_(False), condition)
                .order_by(model.id)
                .limit(QUEUE_LIMIT)
            )
        )
    return sorted(posts, key=lambda p: p.created_at)


def moderation_queue() -> dict[str, Any]:
    suggestions = db.session.scalars(
        select(SuggestedEdit)
        .where(SuggestedEdit.status == "pending")
        .order_by(SuggestedEdit.created_at, SuggestedEdit.id)
        .limit(QUEUE_LIMIT)
    ).all()
    editors = people_by_id({s.editor_id for s in suggestions})
    return {
        "posts": _items(_flagged_or_edited()),
        "suggested_edits": [
            {
                "id": s.id,
                "post_type": "question" if s.question_id is not None else "answer",
                "post_id": s.question_id if s.question_id is not None else s.answer_id,
                "editor": editors.get(s.editor_id),
                "title": s.title,
                "body": s.body_source,
                "tags": s.tags.split() if s.tags is not None else None,
                "status": s.status,
                "created_at": s.created_at,
            }
            for s in suggestions
        ],
        # Listed even if pre-moderation was turned off since: they still wait for a decision.
        "first_posts": _items(held_posts(QUEUE_LIMIT)),
    }
