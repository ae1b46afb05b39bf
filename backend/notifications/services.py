"""Notifications: recorded in the transaction of the event they tell about, never committed here.

notify() is the one way in for single events. Nobody is ever told about their own
action, and callers pass actor_id=None whenever naming the actor would reveal the asker
of an anonymous question (see events.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, and_, exists, func, insert, literal, select, update
from sqlalchemy.orm import aliased

from backend.errors import NotFound
from backend.extensions import db
from backend.mail import outbox as mail
from backend.models import Notification, Question, Tag, TagPreference, TagStance, User, utcnow
from backend.models.types import UTCDateTime

# The kinds of notification (the "kind" field clients switch on).
ANSWERED = "answered"  # someone answered my question
COMMENTED = "commented"  # someone commented on my question or answer
MENTIONED = "mentioned"  # someone wrote @my-name in a post or comment
ACCEPTED = "accepted"  # my answer was accepted
WATCHED = "watched"  # a new answer or comment on a question I watch
FOLLOWED_TAG = "followed_tag"  # new questions in a tag I follow (batched: `count` grows)
INVITED = "invited"  # someone invited me to answer a question
MODERATION = "moderation"  # a moderation outcome on my post (sent by the moderation package)
BADGE = "badge"  # I earned a badge (data: {"badge": "<key>"})
# A community I follow published its weekly synthesis (data: {"tag", "week", "synthesis_id"}).
SYNTHESIS = "synthesis"
KINDS = (
    ANSWERED,
    COMMENTED,
    MENTIONED,
    ACCEPTED,
    WATCHED,
    FOLLOWED_TAG,
    INVITED,
    MODERATION,
    BADGE,
    SYNTHESIS,
)


def notify(
    recipient_id: int,
    kind: str,
    *,
    actor_id: int | None,
    question_id: int | None = None,
    answer_id: int | None = None,
    comment_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Tell one person about one event (in the caller's transaction; never commits).

    Does nothing when the recipient is the actor, or an account that cannot sign in.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if actor_id is not None and actor_id == recipient_id:
        return
    reachable = _reachable(recipient_id)
    if reachable is None:
        return
    now = utcnow()
    db.session.execute(
        insert(Notification).values(
            recipient_id=recipient_id,
            kind=kind,
            actor_id=actor_id,
            question_id=question_id,
            answer_id=answer_id,
            comment_id=comment_id,
            data=data,
            count=1,
            is_read=False,
            created_at=now,
            updated_at=now,
        )
    )
    if kind in mail.ACTIVITY_KINDS and question_id is not None and reachable.email_activity:
        mail.activity_happened(
            recipient_id,
            kind,
            actor_id=actor_id,
            question_id=question_id,
            answer_id=answer_id,
            comment_id=comment_id,
        )


def already_told(recipient_ids: Sequence[int], kind: str, about: Mapping[str, int | None]) -> set[int]:
    """Those of these people who already have a notification of this kind about this very post
    (about: its question_id, answer_id and comment_id, None where it is not one)."""
    if not recipient_ids:
        return set()
    same_post = [
        column.is_(None) if about.get(name) is None else column == about[name]
        for name, column in (
            ("question_id", Notification.question_id),
            ("answer_id", Notification.answer_id),
            ("comment_id", Notification.comment_id),
        )
    ]
    return set(
        db.session.scalars(
            select(Notification.recipient_id).where(
                Notification.recipient_id.in_(recipient_ids), Notification.kind == kind, *same_post
            )
        )
    )


def _reachable(user_id: int) -> Row[bool] | None:
    """The person's mail setting, or None for placeholder accounts (imported authors) and
    deactivated people: they never read notifications."""
    return db.session.execute(
        select(User.email_activity).where(
            User.id == user_id, User.password_hash.is_not(None), User.is_active.is_(True)
        )
    ).first()


def notify_tag_followers(question_id: int, tag_ids: Sequence[int], asker_id: int) -> None:
    """A new question in these tags: each follower's unread row for the tag grows by one
    (or is created), set-based, whatever the number of followers.

    Nobody is named (actor None): the rows stand for many questions, and the asker may be
    anonymous. The asker and people muting any of the question's tags are left out.
    """
    if not tag_ids:
        return
    now = utcnow()
    muted = aliased(TagPreference)
    mutes_one = lambda user_column: exists().where(  # noqa: E731
        muted.user_id == user_column, muted.tag_id.in_(tag_ids), muted.stance == TagStance.MUTE
    )
    following = exists().where(
        TagPreference.user_id == Notification.recipient_id,
        TagPreference.tag_id == Notification.tag_id,
        TagPreference.stance == TagStance.FOLLOW,
    )
    db.session.execute(
        update(Notification)
        .where(
            Notification.tag_id.in_(tag_ids),
            Notification.kind == FOLLOWED_TAG,
            Notification.is_read.is_(False),
            Notification.recipient_id != asker_id,
            following,
            ~mutes_one(Notification.recipient_id),
        )
        .values(count=Notification.count + 1, updated_at=now, question_id=question_id)
        .execution_options(synchronize_session=False)
    )
    unread_row = exists().where(
        Notification.recipient_id == TagPreference.user_id,
        Notification.tag_id == TagPreference.tag_id,
        Notification.kind == FOLLOWED_TAG,
        Notification.is_read.is_(False),
    )
    new_rows = select(
        TagPreference.user_id,
        literal(FOLLOWED_TAG),
        literal(question_id),
        TagPreference.tag_id,
        literal(1),
        literal(False),
        literal(now, UTCDateTime()),
        literal(now, UTCDateTime()),
    ).where(
        TagPreference.tag_id.in_(tag_ids),
        TagPreference.stance == TagStance.FOLLOW,
        TagPreference.user_id != asker_id,
        ~unread_row,
        ~mutes_one(TagPreference.user_id),
    )
    db.session.execute(
        insert(Notification).from_select(
            ["recipient_id", "kind", "question_id", "tag_id", "count", "is_read", "created_at", "updated_at"],
            new_rows,
        )
    )


def unread_count(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.recipient_id == user_id, Notification.is_read.is_(False))
        )
        or 0
    )


def list_notifications(user: User, page: int, per_page: int) -> tuple[list[dict[str, Any]], int]:
    """A person's notifications: unread first, then most recent first."""
    mine = Notification.recipient_id == user.id
    total = db.session.scalar(select(func.count()).select_from(Notification).where(mine)) or 0
    actor = aliased(User)
    rows = db.session.execute(
        select(
            Notification,
            actor.display_name.label("actor_name"),
            Question.title.label("question_title"),
            Question.is_deleted.label("question_deleted"),
            Tag.name.label("tag_name"),
        )
        .outerjoin(actor, actor.id == Notification.actor_id)
        .outerjoin(Question, Question.id == Notification.question_id)
        .outerjoin(Tag, Tag.id == Notification.tag_id)
        .where(mine)
        .order_by(Notification.is_read, Notification.updated_at.desc(), Notification.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = []
    for row in rows:
        n = row.Notification
        question_shown = n.question_id is not None and not row.question_deleted
        items.append(
            {
                "id": n.id,
                "kind": n.kind,
                "is_read": n.is_read,
                "count": n.count,
                "actor": {"id": n.actor_id, "display_name": row.actor_name} if n.actor_id else None,
                "question": {"id": n.question_id, "title": row.question_title} if question_shown else None,
                "answer_id": n.answer_id if question_shown else None,
                "comment_id": n.comment_id if question_shown else None,
                "tag": row.tag_name,
                "data": n.data or {},
                "created_at": n.created_at,
                "updated_at": n.updated_at,
            }
        )
    return items, total


def invitation_declined(invitee_id: int, question_id: int) -> None:
    """The invitation's notification says it was declined, and is read."""
    for note in db.session.scalars(
        select(Notification).where(
            Notification.recipient_id == invitee_id,
            Notification.kind == INVITED,
            Notification.question_id == question_id,
        )
    ):
        note.data = {**(note.data or {}), "declined": True}
        note.is_read = True


def mark_read(user: User, ids: Sequence[int] | None) -> int:
    """Mark these notifications (or all of them) read; returns how many stay unread.

    NotFound, and nothing marked, if any id is not one of this person's notifications.
    """
    conditions = [Notification.recipient_id == user.id, Notification.is_read.is_(False)]
    if ids is not None:
        wanted = set(ids)
        found = set(
            db.session.scalars(
                select(Notification.id).where(
                    Notification.recipient_id == user.id, Notification.id.in_(wanted)
                )
            )
        )
        if missing := sorted(wanted - found):
            raise NotFound(
                "No such notification.", {"ids": [f"No notification {i} of yours." for i in missing]}
            )
        conditions.append(Notification.id.in_(wanted))
    db.session.execute(
        update(Notification)
        .where(and_(*conditions))
        .values(is_read=True)
        .execution_options(synchronize_session=False)
    )
    return unread_count(user.id)
