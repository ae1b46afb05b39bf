"""Pre-moderation (the PREMODERATION setting): a new member's posts wait for a moderator until
one of them has been approved (docs/moderation.md).

A held post is simply a hidden one, so every read path already leaves it out and its author and
moderators see it marked. What tells it apart from a post hidden later is its hidden_at, which
equals its created_at: flags and moderators always hide at a later instant. It keeps that mark
until a moderator approves it; only then is it announced (answered, mentions, followers,
watchers), as if it had just been posted. A rejection leaves it held, out of the queue until
its author edits it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select, update

from backend.extensions import db
from backend.models import Answer, Comment, ModerationAction, Question, User, utcnow
from backend.moderation import audit
from backend.moderation.posts import (
    KINDS,
    Post,
    kind_of,
    question_id_of,
    resolve_flags,
    set_hidden,
    tell_author,
)
from backend.moderation.privileges import has_reputation
from backend.moderation.visibility import LAST_CHANGED
from backend.notifications import events
from backend.settings import site_setting

APPROVED = "A moderator approved your post: everyone can see it now. Welcome!"
REJECTED = (
    "Thank you for posting. A moderator read it and did not publish it: {reason}. "
    "Only you and the moderators can see it; {next}"
)
EDIT_AGAIN = "if you edit it, it comes back to them."
POST_AGAIN = "you are welcome to post again."


def holds(author: User) -> bool:
    """Whether this person's next post waits for a moderator: pre-moderation is on, they are
    new (below NEW_MEMBER_REPUTATION; moderators never are) and no post of theirs is shown."""
    if not site_setting("PREMODERATION") or has_reputation(author, "NEW_MEMBER_REPUTATION"):
        return False
    return not any(
        db.session.scalar(
            select(model.id)
            .where(model.author_id == author.id, model.is_deleted.is_(False), model.hidden_at.is_(None))
            .limit(1)
        )
        for model in (Question, Answer, Comment)
    )


def hold(post: Post) -> None:
    """Create the post hidden pending a moderator's approval (call before its first flush)."""
    post.hidden_at = post.created_at


def approve(post: Post, moderator: User, reason: str | None) -> None:
    """Show the held post and announce it now, as if just posted."""
    if not isinstance(post, Comment):
        # News now: the thread comes up in the Active list (set before set_hidden copies the keys).
        db.session.execute(
            update(Question)
            .where(Question.id == question_id_of(post))
            .values(last_activity_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    set_hidden(post, False)
    resolve_flags(post)
    events.post_approved(post)
    audit.record(moderator, "approve", kind_of(post), post.id, reason)
    tell_author(post, moderator, "approved", reason or APPROVED)


def reject(post: Post, moderator: User, reason: str) -> None:
    """Keep the held post from readers and tell its author kindly; an edit brings it back."""
    resolve_flags(post)
    audit.record(moderator, "reject", kind_of(post), post.id, reason)
    # A comment is editable only briefly, long over by the time a moderator decides.
    then = POST_AGAIN if isinstance(post, Comment) else EDIT_AGAIN
    tell_author(post, moderator, "rejected", REJECTED.format(reason=reason.rstrip(". "), next=then))


def held_posts(limit: int) -> list[Post]:
    """Held posts waiting for a decision: not rejected since their author last changed them."""
    posts: list[Post] = []
    for kind, model in KINDS.items():
        changed: Any = getattr(model, LAST_CHANGED[kind])
        rejected = exists().where(
            ModerationAction.action == "reject",
            ModerationAction.target_type == kind,
            ModerationAction.target_id == model.id,
            ModerationAction.created_at >= changed,
        )
        posts.extend(
            db.session.scalars(
                select(model)
                .where(model.is_deleted.is_(False), model.hidden_at == model.created_at, ~rejected)
                .order_by(model.id)
                .limit(limit)
            )
        )
    return sorted(posts, key=lambda p: p.created_at)
