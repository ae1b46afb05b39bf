"""The question lists: one index walk for the page's ids, then the page's rows by id.

Every sort has an index ending in the row id (see models), so page 500 walks the
same index as page 1 without touching table rows it skips. Tag filters walk the
question_tags copies of the sort keys, which refresh_listing_keys keeps in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select, union, update

from backend.extensions import db
from backend.models import (
    Attribution,
    Question,
    QuestionTag,
    QuestionWatch,
    Tag,
    TagPreference,
    TagStance,
    User,
)
from backend.moderation.visibility import declined, excluded_question_ids, sees_hidden
from backend.questions.anonymity import sees_asker
from backend.questions.content_version import cached, content_changed
from backend.questions.page_cache import note_anonymous_asker
from backend.tags.services import QUESTION_TAG_NAMES, tag_list

SORTS = ("newest", "active", "votes", "unanswered")


@dataclass(frozen=True)
class ListFilter:
    sort: str = "newest"
    tags: Sequence[str] = ()
    status: str | None = None
    author_id: int | None = None
    viewer: User | None = field(default=None, compare=False)
    # Left out: questions carrying any of these tags (the viewer's mutes).
    muted_tag_ids: tuple[int, ...] = ()
    # "For you": only questions in the tags this person follows or that they watch.
    feed_of: int | None = None


def _sort_keys(table: Any, sort: str, id_column: Any) -> list[Any]:
    if sort == "active":
        return [table.last_activity_at.desc(), id_column.desc()]
    if sort == "votes":
        return [table.score.desc(), table.created_at.desc(), id_column.desc()]
    return [table.created_at.desc(), id_column.desc()]


def _personal_conditions(spec: ListFilter, id_column: Any) -> list[ColumnElement[bool]]:
    """Follows and mutes: the feed is a set of ids (one index walk per followed tag and the
    person's watches); mutes are checked per row against question_tags' primary key."""
    conditions: list[ColumnElement[bool]] = []
    if spec.feed_of is not None:
        followed = (
            select(QuestionTag.question_id)
            .join(TagPreference, TagPreference.tag_id == QuestionTag.tag_id)
            .where(TagPreference.user_id == spec.feed_of, TagPreference.stance == TagStance.FOLLOW)
        )
        watched = select(QuestionWatch.question_id).where(QuestionWatch.user_id == spec.feed_of)
        conditions.append(id_column.in_(union(followed, watched)))
    if spec.muted_tag_ids:
        muted = QuestionTag.__table__.alias("muted")
        conditions.append(
            ~exists().where(muted.c.question_id == id_column, muted.c.tag_id.in_(spec.muted_tag_ids))
        )
    return conditions


def _ids_query(spec: ListFilter) -> Select | None:
    """The ids of matching questions in list order, or None when a tag does not exist."""
    if spec.tags:
        tags = db.session.execute(select(Tag.id, Tag.question_count).where(Tag.name.in_(spec.tags))).all()
        if len(tags) < len(set(spec.tags)):
            return None
        # Walk the rarest tag's index; the others are checked per row.
        driver, *others = sorted(tags, key=lambda t: t.question_count)
        source: Any = QuestionTag
        query = select(QuestionTag.question_id).where(
            QuestionTag.tag_id == driver.id, QuestionTag.is_deleted.is_(False)
        )
        id_column = QuestionTag.question_id
        for other in others:
            alias = QuestionTag.__table__.alias()
            query = query.where(
                exists().where(alias.c.question_id == QuestionTag.question_id, alias.c.tag_id == other.id)
            )
        if spec.author_id is not None:
            query = query.join(Question, Question.id == QuestionTag.question_id)
    else:
        source = Question
        id_column = Question.id
        query = select(Question.id).where(Question.is_deleted.is_(False))

    conditions: list[ColumnElement[bool]] = []
    # Hidden questions leave the lists for everyone but their author and moderators.
    if hidden := excluded_question_ids(spec.viewer):
        conditions.append(id_column.notin_(hidden))
    if spec.status:
        conditions.append(source.status == spec.status)
    if spec.sort == "unanswered":
        conditions.append(source.answer_count == 0)
    if spec.author_id is not None:
        conditions.append(Question.author_id == spec.author_id)
        if not sees_asker(spec.author_id, spec.viewer):
            conditions.append(Question.is_anonymous.is_(False))
    conditions.extend(_personal_conditions(spec, id_column))
    return query.where(*conditions).order_by(*_sort_keys(source, spec.sort, id_column))


def list_question_ids(spec: ListFilter, page: int, per_page: int) -> tuple[list[int], int]:
    query = _ids_query(spec)
    if query is None:
        return [], 0
    ids = list(db.session.connection().scalars(query.limit(per_page).offset((page - 1) * per_page)))
    if page == 1 and len(ids) < per_page:
        return ids, len(ids)
    return ids, _total(spec, query)


def hidden_by_mutes(spec: ListFilter, total: int) -> int:
    """How many questions the viewer's mutes leave out of this list (total: the list's own)."""
    if not spec.muted_tag_ids:
        return 0
    unmuted = replace(spec, muted_tag_ids=())
    query = _ids_query(unmuted)
    return 0 if query is None else max(_total(unmuted, query) - total, 0)


MAX_CACHED_TOTALS = 4096


def _total(spec: ListFilter, query: Select) -> int:
    """The exact number of matching questions, counted again only after a write that could change it."""
    if spec.feed_of is not None:
        # Following a tag or watching a question changes the feed without a content
        # version: count it every time (it is bounded by what the person follows).
        return _count(query)
    key = (
        spec.tags,
        spec.status,
        spec.sort == "unanswered",
        spec.author_id,
        spec.muted_tag_ids,
        spec.author_id is not None and sees_asker(spec.author_id, spec.viewer),
        excluded_question_ids(spec.viewer),
    )
    return cached(
        "listing_totals",
        key,
        lambda: _count(query),
        MAX_CACHED_TOTALS,
    )


def _count(query: Select) -> int:
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return db.session.connection().scalar(counted) or 0


# An imported thread's source, joined wherever its text is shown (see attribution()).
ATTRIBUTION_COLUMNS = (
    Attribution.site,
    Attribution.url,
    Attribution.author_name.label("source_author"),
    Attribution.licence,
)


def attribution(
    site: str | None, url: str | None, author: str | None, licence: str | None
) -> dict[str, str | None] | None:
    """Imported threads credit their source wherever their text is shown; ours have none."""
    return {"site": site, "url": url, "author_name": author, "licence": licence} if url else None


# Built once: every list page runs it.
_SUMMARIES = (
    select(
        Question.id,
        Question.title,
        Question.status,
        Question.score,
        Question.answer_count,
        Question.accepted_answer_id,
        Question.is_anonymous,
        Question.is_deleted,
        Question.author_id,
        Question.created_at,
        Question.updated_at,
        Question.last_activity_at,
        Question.hidden_at,
        User.display_name.label("author_display_name"),
        QUESTION_TAG_NAMES,
        *ATTRIBUTION_COLUMNS,
    )
    .join(User, User.id == Question.author_id)
    .outerjoin(Attribution, Attribution.question_id == Question.id)
    # Deleted rows are dropped in Python rather than here: with `is_deleted` in the WHERE
    # clause SQLite may walk a listing index instead of fetching 20 rows by primary key.
    .where(Question.id.in_(bindparam("ids", expanding=True)))
)


def question_summaries(ids: Sequence[int], viewer: User | None) -> list[dict[str, Any]]:
    """The list rows for these ids, in the order given, as this viewer may see them.

    Ids of threads that are gone (deleted meanwhile, or still in a stale search index) are
    skipped. Rows are plain mappings: lists are the hottest read path, and schemas dump
    mappings fastest.
    """
    if not ids:
        return []
    query = db.session.connection().execute(_SUMMARIES, {"ids": list(ids)})
    rows = {row.id: row for row in query if not row.is_deleted}
    visible = [
        rows[i]
        for i in ids
        if i in rows and (rows[i].hidden_at is None or sees_hidden(rows[i].author_id, viewer))
    ]
    rejected = declined("question", visible)
    summaries = []
    for row in visible:
        summary = row._asdict()
        summary["rejected"] = row.id in rejected
        if row.is_anonymous:
            note_anonymous_asker(row.author_id)
        shown = not row.is_anonymous or sees_asker(row.author_id, viewer)
        summary["author"] = {"id": row.author_id, "display_name": row.author_display_name} if shown else None
        summary["tags"] = tag_list(summary.pop("tag_names"))
        summary["attribution"] = attribution(row.site, row.url, row.source_author, row.licence)
        summaries.append(summary)
    return summaries


# The question's columns each of its question_tags rows keeps a copy of, to list by tag.
LISTING_KEYS = ("is_deleted", "status", "created_at", "last_activity_at", "score", "answer_count")


def refresh_listing_keys(question_ids: Sequence[int], *, store: bool = True) -> None:
    """Copy the questions' sort keys onto their question_tags rows (same transaction),
    and mark cached totals, list pages and threads stale (store=False: a bulk load, whose
    threads render when first read instead of before the commit)."""
    if not question_ids:
        return
    content_changed(question_ids, store=store)
    q = Question.__table__
    db.session.execute(
        update(QuestionTag)
        .where(QuestionTag.question_id.in_(question_ids))
        .values(
            {
                name: select(q.c[name]).where(q.c.id == QuestionTag.question_id).scalar_subquery()
                for name in LISTING_KEYS
            }
        )
    )
