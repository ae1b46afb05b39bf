"""Tags: normalising names (a synonym becomes its main tag), attaching them to questions,
keeping their counts exact."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import Select, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from backend.errors import Invalid, NotFound
from backend.extensions import db
from backend.models import Question, QuestionTag, Tag, utcnow
from backend.moderation.visibility import hidden_questions
from backend.questions.content_version import cached, content_changed

TAG_NAME = re.compile(r"[a-z0-9+#.-]{1,35}")
MIN_TAGS, MAX_TAGS = 1, 5


def normalize_tag_names(names: Iterable[str], field: str = "tags") -> list[str]:
    """Lowercase, trimmed, de-duplicated names in the order given; Invalid on a bad name."""
    normalized: list[str] = []
    bad: list[str] = []
    for raw in names:
        name = raw.strip().lower()
        if not TAG_NAME.fullmatch(name):
            bad.append(f"{raw!r} is not a valid tag: 1-35 characters of a-z 0-9 + # . -")
        elif name not in normalized:
            normalized.append(name)
    if not bad and not MIN_TAGS <= len(normalized) <= MAX_TAGS:
        bad.append(f"Give between {MIN_TAGS} and {MAX_TAGS} different tags.")
    if bad:
        raise Invalid("Invalid tags.", {field: bad})
    return normalized


def _insert_ignoring_duplicates(names: Sequence[str]) -> None:
    # Two people may introduce the same new tag at the same moment: let the database
    # keep one row instead of failing the second request.
    rows = [
        {"name": name, "description": "", "description_html": "", "question_count": 0, "created_at": utcnow()}
        for name in names
    ]
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(postgresql.insert(Tag).values(rows).on_conflict_do_nothing())
    elif dialect == "sqlite":
        db.session.execute(sqlite.insert(Tag).values(rows).on_conflict_do_nothing())
    else:
        db.session.execute(insert(Tag).values(rows))


def synonyms() -> dict[str, str]:
    """Every synonym's name -> its main tag's name (read once per content version)."""
    main = aliased(Tag)
    return cached(
        "tag_synonyms",
        "all",
        lambda: {
            name: main_name
            for name, main_name in db.session.connection().execute(
                select(Tag.name, main.name).join(main, main.id == Tag.synonym_of_id)
            )
        },
        1,
    )


def canonical(names: Iterable[str]) -> list[str]:
    """The names with each synonym replaced by its main tag, once each, in the order given."""
    found = synonyms()
    named: list[str] = []
    for name in names:
        main = found.get(name, name)
        if main not in named:
            named.append(main)
    return named


def get_or_create_tags(names: Sequence[str]) -> list[Tag]:
    names = canonical(names)
    tags = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    missing = [name for name in names if name not in tags]
    if missing:
        _insert_ignoring_duplicates(missing)
        tags.update({t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(missing)))})
    return [tags[name] for name in names]


def _adjust_counts(tag_ids: Iterable[int], delta: int) -> None:
    # Row by row in id order so concurrent transactions lock tags in the same order.
    for tag_id in sorted(tag_ids):
        db.session.execute(
            update(Tag).where(Tag.id == tag_id).values(question_count=Tag.question_count + delta)
        )


def set_question_tags(question: Question, names: Sequence[str]) -> list[Tag]:
    """Make the question carry exactly these tags, keeping tag counts exact."""
    tags = get_or_create_tags(names)
    current = set(
        db.session.scalars(select(QuestionTag.tag_id).where(QuestionTag.question_id == question.id))
    )
    wanted = {tag.id for tag in tags}
    removed, added = current - wanted, wanted - current
    if removed:
        db.session.execute(
            delete(QuestionTag).where(QuestionTag.question_id == question.id, QuestionTag.tag_id.in_(removed))
        )
    for tag_id in added:
        db.session.add(
            QuestionTag(
                question_id=question.id,
                tag_id=tag_id,
                is_deleted=question.is_deleted,
                status=question.status.value,
                created_at=question.created_at,
                last_activity_at=question.last_activity_at,
                score=question.score,
                answer_count=question.answer_count,
            )
        )
    # Deleted and hidden questions are not counted (see release_question_tags).
    if not question.is_deleted and question.hidden_at is None:
        _adjust_counts(removed, -1)
        _adjust_counts(added, +1)
    if removed or added:
        content_changed([question.id])
    db.session.flush()
    return sorted(tags, key=lambda t: t.name)


def release_question_tags(question_id: int) -> None:
    """A question left the lists (deleted, or hidden pending review): its tags count one question fewer."""
    _adjust_counts(
        db.session.scalars(select(QuestionTag.tag_id).where(QuestionTag.question_id == question_id)),
        -1,
    )


def restore_question_tags(question_id: int) -> None:
    """A hidden question came back to the lists: its tags count it again."""
    _adjust_counts(
        db.session.scalars(select(QuestionTag.tag_id).where(QuestionTag.question_id == question_id)),
        +1,
    )


# A question's tag names as one column of its row (names contain no spaces): a list or a
# thread reads its tags without a query of their own.
QUESTION_TAG_NAMES = (
    select(func.aggregate_strings(Tag.name, " "))
    .join(QuestionTag, QuestionTag.tag_id == Tag.id)
    .where(QuestionTag.question_id == Question.id)
    .scalar_subquery()
    .label("tag_names")
)

# Built once: reference cards and search documents read many questions' tags at once.
_TAG_NAMES = (
    select(QuestionTag.question_id, Tag.name)
    .join(Tag, Tag.id == QuestionTag.tag_id)
    .where(QuestionTag.question_id.in_(bindparam("question_ids", expanding=True)))
)


def tag_list(names: str | None) -> list[str]:
    """QUESTION_TAG_NAMES as a list, by name: sorted here, since database collations differ."""
    return sorted(names.split()) if names else []


def tag_names_by_question(question_ids: Sequence[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {qid: [] for qid in question_ids}
    if question_ids:
        rows = db.session.connection().execute(_TAG_NAMES, {"question_ids": list(question_ids)})
        for question_id, name in rows:
            names[question_id].append(name)
    for listed in names.values():
        listed.sort()
    return names


def list_tags(prefix: str | None, sort: str, page: int, per_page: int) -> tuple[list[Tag], int]:
    """Main tags; `prefix` matches their names and their synonyms' (typing "gdpr" offers the
    tag it names), so autocomplete leads to the tag a question will carry."""
    query: Select = select(Tag).where(Tag.synonym_of_id.is_(None))
    if prefix:
        start = prefix.strip().lower()
        synonym = aliased(Tag)
        named_by_synonym = select(synonym.synonym_of_id).where(
            synonym.synonym_of_id.is_not(None), synonym.name.startswith(start, autoescape=True)
        )
        query = query.where(or_(Tag.name.startswith(start, autoescape=True), Tag.id.in_(named_by_synonym)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = (Tag.name,) if sort == "name" else (Tag.question_count.desc(), Tag.name)
    tags = db.session.scalars(query.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return list(tags), total


def tag_named(name: str) -> Tag:
    """The tag row by this name, a synonym's own row included."""
    tag = db.session.scalar(select(Tag).where(Tag.name == name.strip().lower()))
    if tag is None:
        raise NotFound(f"No tag named {name!r}.")
    return tag


def get_tag(name: str) -> Tag:
    """The tag by this name; for a synonym, its main tag."""
    tag = tag_named(name)
    if tag.synonym_of_id is not None:
        return db.session.get_one(Tag, tag.synonym_of_id)
    return tag


def synonyms_of(tag: Tag) -> list[str]:
    return sorted(db.session.scalars(select(Tag.name).where(Tag.synonym_of_id == tag.id)))


def tag_counts(tag: Tag) -> dict[str, int]:
    """Resolved and unanswered questions in the tag (listed ones only)."""
    listed = [QuestionTag.tag_id == tag.id, QuestionTag.is_deleted.is_(False)]
    # Like question_count, the same for everyone: a hidden question counts for nobody.
    if hidden := hidden_questions():
        listed.append(QuestionTag.question_id.notin_(sorted(hidden)))
    resolved = db.session.scalar(select(func.count()).where(*listed, QuestionTag.status == "resolved"))
    unanswered = db.session.scalar(select(func.count()).where(*listed, QuestionTag.answer_count == 0))
    return {"resolved_count": resolved or 0, "unanswered_count": unanswered or 0}
