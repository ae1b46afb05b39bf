"""Following and muting tags, watching questions, opting out of invitations."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from backend.extensions import db
from backend.models import InvitationOptOut, Tag, TagPreference, TagStance, User, utcnow
from backend.moderation.privileges import privileges_of
from backend.notifications import services as notifications
from backend.preferences import watching
from backend.preferences.stances import forget_mutes
from backend.presented import Presented
from backend.questions.services import get_question
from backend.tags.services import get_tag


def set_stance(user: User, tag_name: str, stance: TagStance) -> Tag:
    """Follow or mute the tag; following a muted tag unmutes it, and the other way round."""
    tag = get_tag(tag_name)
    forget_mutes()
    row = {"user_id": user.id, "tag_id": tag.id, "stance": stance.value, "created_at": utcnow()}
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(TagPreference).values(row)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "tag_id"],
            set_={"stance": statement.excluded.stance, "created_at": statement.excluded.created_at},
        )
    )
    return tag


def clear_stance(user: User, tag_name: str, stance: TagStance) -> Tag:
    """Stop following (or muting) the tag; does nothing if the person was not."""
    tag = get_tag(tag_name)
    forget_mutes()
    db.session.execute(
        delete(TagPreference).where(
            TagPreference.user_id == user.id, TagPreference.tag_id == tag.id, TagPreference.stance == stance
        )
    )
    return tag


def tag_stances(user_id: int) -> dict[str, list[str]]:
    """The names of the tags this person follows and mutes."""
    rows = db.session.execute(
        select(Tag.name, TagPreference.stance)
        .join(Tag, Tag.id == TagPreference.tag_id)
        .where(TagPreference.user_id == user_id)
        .order_by(Tag.name)
    )
    stances: dict[str, list[str]] = {"followed": [], "muted": []}
    for name, stance in rows:
        stances["followed" if stance == TagStance.FOLLOW else "muted"].append(name)
    return stances


def watch(user: User, question_id: int) -> bool:
    get_question(question_id)
    watching.add_watch(user.id, question_id)
    return True


def unwatch(user: User, question_id: int) -> bool:
    get_question(question_id)
    watching.remove_watch(user.id, question_id)
    return False


def is_watching(user: User, question_id: int) -> bool:
    get_question(question_id)
    return watching.is_watching(user.id, question_id)


def accepts_invitations(user_id: int) -> bool:
    return db.session.get(InvitationOptOut, user_id) is None


def set_accepts_invitations(user: User, accepts: bool) -> None:
    if accepts:
        db.session.execute(delete(InvitationOptOut).where(InvitationOptOut.user_id == user.id))
    else:
        dialect = db.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        db.session.execute(
            insert(InvitationOptOut).values(user_id=user.id, created_at=utcnow()).on_conflict_do_nothing()
        )


def account_view(user: User) -> Presented:
    """The signed-in person's own account with their inbox count, preferences and privileges."""
    return Presented(
        user,
        unread_notifications=notifications.unread_count(user.id),
        accepts_invitations=accepts_invitations(user.id),
        privileges=privileges_of(user),
    )
