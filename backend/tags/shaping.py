"""Shaping the communities: creating a tag before its first question, synonyms, merging one
tag into another, renaming. Moderators only; each is one moderation-log entry.

A synonym is a tag row that names its main tag (synonym_of_id) and carries no questions:
asking, searching, following or muting with it uses the main tag (services.canonical).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.orm import aliased

from backend.content import render_markdown
from backend.errors import Conflict, Invalid, NotFound
from backend.extensions import db
from backend.indexing.outbox import enqueue_many, synthesis_changed
from backend.models import (
    FirstPost,
    HealthWeek,
    MemberWeek,
    Notification,
    Question,
    QuestionTag,
    Synthesis,
    Synthesizer,
    Tag,
    TagPreference,
    User,
    utcnow,
)
from backend.moderation import audit
from backend.permissions import ensure_moderator
from backend.questions.content_version import content_changed
from backend.tags.services import TAG_NAME, tag_named

# Threads whose version moves in one statement: well under any database's parameter limit.
_CHUNK = 5000
_other = aliased(QuestionTag)


def _new_name(raw: str, field: str = "name") -> str:
    name = raw.strip().lower()
    if not TAG_NAME.fullmatch(name):
        message = f"{raw!r} is not a valid tag: 1-35 characters of a-z 0-9 + # . -"
        raise Invalid(message, {field: [message]})
    return name


def _existing(name: str) -> Tag | None:
    return db.session.scalar(select(Tag).where(Tag.name == name))


def _taken(name: str, field: str) -> None:
    found = _existing(name)
    if found is None:
        return
    if found.synonym_of_id is not None:
        main = db.session.get_one(Tag, found.synonym_of_id)
        message = f"“{name}” is already a synonym of “{main.name}”."
    else:
        message = f"A tag named “{name}” already exists."
    raise Conflict(message, {field: [message]})


def create_tag(name: str, description: str, moderator: User) -> Tag:
    """A community before its first question."""
    ensure_moderator(moderator)
    name = _new_name(name)
    _taken(name, "name")
    tag = Tag(
        name=name,
        description=description.strip(),
        description_html=render_markdown(description) if description.strip() else "",
        question_count=0,
        created_at=utcnow(),
    )
    db.session.add(tag)
    db.session.flush()
    audit.record(moderator, "create-tag", "tag", tag.id, name)
    content_changed([])
    return tag


def _main_tag(name: str) -> Tag:
    """A main tag by name: a synonym named here is a mistake worth saying."""
    tag = tag_named(name)
    if tag.synonym_of_id is not None:
        main = db.session.get_one(Tag, tag.synonym_of_id)
        raise Conflict(f"“{tag.name}” is a synonym of “{main.name}”: use “{main.name}”.")
    return tag


def _synonym_row(name: str, main_id: int | None) -> Tag:
    return Tag(
        name=name,
        description="",
        description_html="",
        question_count=0,
        created_at=utcnow(),
        synonym_of_id=main_id,
    )


def _has_questions(tag: Tag) -> bool:
    # Deleted and hidden questions count too: they would come back under a synonym.
    return db.session.scalar(select(exists().where(QuestionTag.tag_id == tag.id))) or False


def add_synonym(name: str, synonym: str, moderator: User) -> Tag:
    """Make `synonym` another name for the tag `name`. An existing tag without questions
    becomes the synonym (its followers and its own synonyms move over); one with questions
    must be merged instead."""
    ensure_moderator(moderator)
    main = _main_tag(name)
    synonym = _new_name(synonym, "synonym")
    if synonym == main.name:
        raise Conflict(f"“{main.name}” cannot be a synonym of itself.")
    found = _existing(synonym)
    if found is not None and found.synonym_of_id == main.id:
        return found  # already so: PUT is idempotent
    if found is not None and found.synonym_of_id is not None:
        other = db.session.get_one(Tag, found.synonym_of_id)
        raise Conflict(f"“{synonym}” is already a synonym of “{other.name}”; remove it there first.")
    if found is not None and _has_questions(found):
        raise Conflict(
            f"“{synonym}” has questions of its own: merge it into “{main.name}” instead, "
            "which moves them and makes it a synonym."
        )
    if found is None:
        found = _synonym_row(synonym, None)
        db.session.add(found)
        db.session.flush()
    else:
        _move_community(found, main)
    found.synonym_of_id = main.id
    audit.record(moderator, "add-synonym", "tag", main.id, f"{synonym} → {main.name}")
    content_changed([])
    return found


def remove_synonym(name: str, synonym: str, moderator: User) -> None:
    ensure_moderator(moderator)
    main = _main_tag(name)
    found = _existing(synonym.strip().lower())
    if found is None or found.synonym_of_id != main.id:
        raise NotFound(f"“{synonym}” is not a synonym of “{main.name}”.")
    db.session.delete(found)
    audit.record(moderator, "remove-synonym", "tag", main.id, f"{found.name} → {main.name}")
    content_changed([])


def merge(name: str, into: str, moderator: User) -> tuple[Tag, int]:
    """Merge tag `name` into `into`: its questions, followers and muters, synonyms, weekly
    syntheses and community figures move; it becomes a synonym. Returns the tag merged into
    and how many questions moved. Search learns it through the outbox."""
    ensure_moderator(moderator)
    source = _main_tag(name)
    target_row = tag_named(into)
    if target_row.id == source.id:
        raise Conflict(f"“{source.name}” cannot be merged into itself.", {"into": ["The same tag."]})
    if target_row.synonym_of_id == source.id:
        message = f"“{target_row.name}” is a synonym of “{source.name}”: it cannot take it in."
        raise Conflict(message, {"into": [message]})
    if target_row.synonym_of_id is not None:
        main = db.session.get_one(Tag, target_row.synonym_of_id)
        message = f"“{target_row.name}” is a synonym of “{main.name}”: merge into “{main.name}”."
        raise Conflict(message, {"into": [message]})
    target = target_row
    # Both rows locked, in id order (PostgreSQL): two merges of one tag cannot interleave.
    db.session.scalars(
        select(Tag).where(Tag.id.in_([source.id, target.id])).order_by(Tag.id).with_for_update()
    )

    moved = list(db.session.scalars(select(QuestionTag.question_id).where(QuestionTag.tag_id == source.id)))
    both = exists().where(QuestionTag.tag_id == target.id, QuestionTag.question_id == _other.question_id)
    db.session.execute(
        delete(_other).where(_other.tag_id == source.id, both).execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(QuestionTag)
        .where(QuestionTag.tag_id == source.id)
        .values(tag_id=target.id)
        .execution_options(synchronize_session=False)
    )
    _move_community(source, target)
    source.synonym_of_id = target.id
    source.question_count = 0
    target.question_count = _listed_count(target.id)

    _retagged(moved)
    audit.record(
        moderator,
        "merge-tag",
        "tag",
        target.id,
        f"{source.name} merged into {target.name}: {len(moved)} question{'' if len(moved) == 1 else 's'}",
    )
    return target, len(moved)


def _retagged(question_ids: list[int]) -> None:
    """These threads show another tag now: their versions move (they render again when next
    read, not all before the commit), lists are stale, and search rebuilds them."""
    for start in range(0, len(question_ids), _CHUNK):
        content_changed(question_ids[start : start + _CHUNK], store=False)
    content_changed([])
    enqueue_many(question_ids)


def _listed_count(tag_id: int) -> int:
    """Listed questions in the tag, as question_count keeps them: not deleted, not hidden."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(QuestionTag)
            .join(Question, Question.id == QuestionTag.question_id)
            .where(QuestionTag.tag_id == tag_id, Question.is_deleted.is_(False), Question.hidden_at.is_(None))
        )
        or 0
    )


def _move_community(source: Tag, target: Tag) -> None:
    """Everything but the questions that belongs to a community, from `source` to `target`:
    follows and mutes (a person's stance on the target wins), synthesizers, syntheses (a
    week the target already has stays with the source), notifications, synonyms, and the
    health figures (seen and active members, first posts; the target's cached weeks are
    counted again)."""
    _move_keyed(TagPreference, source.id, target.id, "user_id")
    _move_keyed(Synthesizer, source.id, target.id, "user_id")
    taken_weeks = select(Synthesis.week).where(Synthesis.tag_id == target.id)
    moving_syntheses = list(
        db.session.scalars(
            select(Synthesis.id).where(Synthesis.tag_id == source.id, Synthesis.week.notin_(taken_weeks))
        )
    )
    if moving_syntheses:
        db.session.execute(
            update(Synthesis)
            .where(Synthesis.id.in_(moving_syntheses))
            .values(tag_id=target.id)
            .execution_options(synchronize_session=False)
        )
        for synthesis_id in moving_syntheses:
            synthesis_changed(synthesis_id)
    db.session.execute(
        update(Notification)
        .where(Notification.tag_id == source.id)
        .values(tag_id=target.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Tag)
        .where(Tag.synonym_of_id == source.id)
        .values(synonym_of_id=target.id)
        .execution_options(synchronize_session=False)
    )
    _move_member_weeks(source.id, target.id)
    _move_first_posts(source.id, target.id)
    db.session.execute(delete(HealthWeek).where(HealthWeek.tag_id.in_([source.id, target.id])))


def _move_keyed(model: Any, source_id: int, target_id: int, *keys: str) -> None:
    """Rows keyed by the tag and `keys`: the source's move to the target, but where the
    target already has a row with the same keys, the target's row wins."""
    mine: Any = aliased(model)
    same = [getattr(mine, key) == getattr(model, key) for key in keys]
    on_target = exists().where(mine.tag_id == target_id, *same)
    db.session.execute(
        delete(model).where(model.tag_id == source_id, on_target).execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(model)
        .where(model.tag_id == source_id)
        .values(tag_id=target_id)
        .execution_options(synchronize_session=False)
    )


def _move_member_weeks(source_id: int, target_id: int) -> None:
    other = aliased(MemberWeek)
    same = and_(other.tag_id == source_id, other.week == MemberWeek.week, other.user_id == MemberWeek.user_id)
    # Active in either community that week: active in the merged one.
    db.session.execute(
        update(MemberWeek)
        .where(MemberWeek.tag_id == target_id, MemberWeek.acted.is_(False), exists().where(same, other.acted))
        .values(acted=True)
        .execution_options(synchronize_session=False)
    )
    _move_keyed(MemberWeek, source_id, target_id, "week", "user_id")


def _move_first_posts(source_id: int, target_id: int) -> None:
    other = aliased(FirstPost)
    earlier = (
        select(func.min(other.week))
        .where(other.tag_id == source_id, other.user_id == FirstPost.user_id)
        .scalar_subquery()
    )
    # A person's first post in the merged community is the earlier of the two.
    db.session.execute(
        update(FirstPost)
        .where(FirstPost.tag_id == target_id, earlier < FirstPost.week)
        .values(week=earlier)
        .execution_options(synchronize_session=False)
    )
    _move_keyed(FirstPost, source_id, target_id, "user_id")


def rename(name: str, new_name: str, moderator: User) -> Tag:
    """Give a tag a new name; the old one stays as a synonym, so links and habits still work."""
    ensure_moderator(moderator)
    tag = _main_tag(name)
    new_name = _new_name(new_name)
    if new_name == tag.name:
        return tag
    _taken(new_name, "name")
    old_name = tag.name
    tag.name = new_name
    db.session.flush()
    db.session.add(_synonym_row(old_name, tag.id))
    _retagged(list(db.session.scalars(select(QuestionTag.question_id).where(QuestionTag.tag_id == tag.id))))
    for synthesis_id in db.session.scalars(select(Synthesis.id).where(Synthesis.tag_id == tag.id)):
        synthesis_changed(synthesis_id)
    audit.record(moderator, "rename-tag", "tag", tag.id, f"{old_name} → {new_name}")
    return tag
