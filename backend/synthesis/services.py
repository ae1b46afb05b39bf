"""Who synthesizes a community, who sees its drafts, and editing and publishing."""

from __future__ import annotations

from sqlalchemy import select

from backend.content import render_markdown
from backend.errors import Forbidden, NotFound
from backend.extensions import db
from backend.indexing.outbox import synthesis_changed
from backend.models import (
    Synthesis,
    SynthesisRevision,
    SynthesisStatus,
    Synthesizer,
    Tag,
    TagPreference,
    TagStance,
    User,
    utcnow,
)
from backend.moderation import audit
from backend.notifications import services as notifications
from backend.tags.services import get_tag


def synthesizers(tag: Tag) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Synthesizer, Synthesizer.user_id == User.id)
            .where(Synthesizer.tag_id == tag.id, User.is_active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def is_synthesizer(person: User | None, tag_id: int) -> bool:
    if person is None:
        return False
    found = db.session.scalar(
        select(Synthesizer.user_id).where(Synthesizer.tag_id == tag_id, Synthesizer.user_id == person.id)
    )
    return found is not None


def may_edit(person: User | None, tag_id: int) -> bool:
    return person is not None and (person.is_moderator or is_synthesizer(person, tag_id))


def _ensure_moderator(person: User) -> None:
    if not person.is_moderator:
        raise Forbidden("Only moderators appoint synthesizers.")


def appoint(moderator: User, tag_name: str, user_id: int) -> Tag:
    _ensure_moderator(moderator)
    tag = get_tag(tag_name)
    person = db.session.get(User, user_id)
    if person is None or person.password_hash is None or not person.is_active:
        raise NotFound(f"User {user_id} does not exist.")
    if not is_synthesizer(person, tag.id):
        db.session.add(
            Synthesizer(tag_id=tag.id, user_id=person.id, appointed_by_id=moderator.id, created_at=utcnow())
        )
        audit.record(moderator, "synthesizer-appoint", "user", person.id, tag.name)
    return tag


def remove(moderator: User, tag_name: str, user_id: int) -> Tag:
    _ensure_moderator(moderator)
    tag = get_tag(tag_name)
    row = db.session.get(Synthesizer, (tag.id, user_id))
    if row is not None:
        db.session.delete(row)
        audit.record(moderator, "synthesizer-remove", "user", user_id, tag.name)
    return tag


def syntheses_of(tag_name: str, viewer: User | None) -> tuple[Tag, list[Synthesis]]:
    """Newest week first; drafts only for the community's synthesizers and moderators."""
    tag = get_tag(tag_name)
    conditions = [Synthesis.tag_id == tag.id]
    if not may_edit(viewer, tag.id):
        conditions.append(Synthesis.status == SynthesisStatus.PUBLISHED)
    rows = db.session.scalars(select(Synthesis).where(*conditions).order_by(Synthesis.week.desc()))
    return tag, list(rows)


def get_synthesis(synthesis_id: int, viewer: User | None) -> Synthesis:
    synthesis = db.session.get(Synthesis, synthesis_id)
    if synthesis is None or (
        synthesis.status is SynthesisStatus.DRAFT and not may_edit(viewer, synthesis.tag_id)
    ):
        raise NotFound(f"Synthesis {synthesis_id} does not exist.")
    return synthesis


def _editable(synthesis_id: int, editor: User) -> Synthesis:
    synthesis = db.session.get(Synthesis, synthesis_id)
    if synthesis is None:
        raise NotFound(f"Synthesis {synthesis_id} does not exist.")
    if not may_edit(editor, synthesis.tag_id):
        raise Forbidden("Only this community's synthesizers and moderators edit its synthesis.")
    return synthesis


def edit(synthesis_id: int, body: str, editor: User) -> Synthesis:
    synthesis = _editable(synthesis_id, editor)
    if body == synthesis.body:
        return synthesis
    if synthesis.status is SynthesisStatus.PUBLISHED:
        db.session.add(
            SynthesisRevision(
                synthesis_id=synthesis.id,
                body=synthesis.body,
                edited_by_id=synthesis.updated_by_id,
                created_at=utcnow(),
            )
        )
    synthesis.body = body
    synthesis.html = render_markdown(body)
    synthesis.updated_at = utcnow()
    synthesis.updated_by_id = editor.id
    if synthesis.status is SynthesisStatus.PUBLISHED:
        synthesis_changed(synthesis.id)
    return synthesis


def publish(synthesis_id: int, editor: User) -> Synthesis:
    """Publish once: the community's followers are told; publishing again changes nothing."""
    synthesis = _editable(synthesis_id, editor)
    if synthesis.status is SynthesisStatus.PUBLISHED:
        return synthesis
    synthesis.status = SynthesisStatus.PUBLISHED
    synthesis.published_at = utcnow()
    synthesis.published_by_id = editor.id
    synthesis_changed(synthesis.id)
    followers = db.session.scalars(
        select(TagPreference.user_id).where(
            TagPreference.tag_id == synthesis.tag_id, TagPreference.stance == TagStance.FOLLOW
        )
    )
    tag = db.session.get_one(Tag, synthesis.tag_id)
    for follower in followers:
        notifications.notify(
            follower,
            notifications.SYNTHESIS,
            actor_id=editor.id,
            data={"tag": tag.name, "week": synthesis.week, "synthesis_id": synthesis.id},
        )
    return synthesis


def tag_name(synthesis: Synthesis) -> str:
    return db.session.get_one(Tag, synthesis.tag_id).name
