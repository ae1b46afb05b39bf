"""Flags: members with enough reputation flag a post; enough flags hide it pending review."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from backend.errors import Conflict, Forbidden
from backend.extensions import db
from backend.models import Flag, FlagReason, User, utcnow
from backend.moderation import audit, privileges
from backend.moderation.posts import flag_column, load_post, set_hidden, tell_author
from backend.settings import site_setting

HIDDEN_MESSAGE = (
    "Some members flagged this post ({reasons}), so it is hidden while a moderator looks at it. "
    "You can still see it and edit it; an edit sends it back for review."
)


@dataclass(frozen=True)
class FlagResult:
    post_type: str
    post_id: int
    reason: str
    flag_count: int
    hidden: bool


def flag_post(kind: str, post_id: int, flagger: User, reason: str, note: str | None) -> FlagResult:
    """One flag per person and post. At FLAG_THRESHOLD open flags, or one spam flag from a
    moderator, the post is hidden pending review and its author is told why."""
    post = load_post(kind, post_id, flagger)
    if post.author_id == flagger.id:
        raise Forbidden("You cannot flag your own post; edit or delete it instead.")
    privileges.ensure_can_flag(flagger)
    column = flag_column(kind)
    try:
        with db.session.begin_nested():
            flag = Flag(user_id=flagger.id, reason=reason, note=note or None, created_at=utcnow())
            setattr(flag, column.key, post.id)
            db.session.add(flag)
    except IntegrityError as error:
        raise Conflict(
            "You have already flagged this post.", {"reason": ["You have already flagged this post."]}
        ) from error
    reasons: dict[str, int] = {
        flag_reason: count
        for flag_reason, count in db.session.execute(
            select(Flag.reason, func.count())
            .where(column == post.id, Flag.resolved_at.is_(None))
            .group_by(Flag.reason)
        )
    }
    count = sum(reasons.values())
    moderator_spam = flagger.is_moderator and reason == FlagReason.SPAM
    if post.hidden_at is None and (count >= site_setting("FLAG_THRESHOLD") or moderator_spam):
        set_hidden(post, True)
        why = ", ".join(sorted(reasons))
        if moderator_spam:
            audit.record(flagger, "hide", kind, post.id, note or "Flagged as spam by a moderator.")
        tell_author(post, None, "hidden", HIDDEN_MESSAGE.format(reasons=why))
    return FlagResult(
        post_type=kind, post_id=post.id, reason=reason, flag_count=count, hidden=post.hidden_at is not None
    )
