"""One thread's rows (the question with its tags, answers, comments; authors and where
imported posts came from joined in), read with Core statements built once, into plain
records.

A thread is read far more often than it is written: ORM entities (identity map,
relationship loading), building each statement anew and every extra round trip cost
more than the queries themselves. Records carry the models' attribute names, so
presenters and schemas read them alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased

from backend.extensions import db
from backend.models import Answer, Attribution, Comment, Question, QuestionView, User
from backend.tags.services import QUESTION_TAG_NAMES, tag_list


class Record(dict[str, Any]):
    """A row as an object: record.title is record["title"]."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


_AUTHOR = aliased(User, name="author")
_AUTHOR_COLUMNS = (
    _AUTHOR.id.label("author__id"),
    _AUTHOR.display_name.label("author__display_name"),
    _AUTHOR.reputation.label("author__reputation"),
)


_ATTRIBUTION_COLUMNS = tuple(
    column.label(f"attribution__{column.key}")
    for column in (Attribution.site, Attribution.url, Attribution.author_name, Attribution.licence)
)


def _with_author(model: Any, *columns: Any) -> Select:
    return select(*columns, *_AUTHOR_COLUMNS).join(_AUTHOR, _AUTHOR.id == model.author_id)


def _with_author_and_attribution(model: Any, key: Any, *columns: Any) -> Select:
    """Imported posts carry one attribution (unique per post); native posts none."""
    return _with_author(model, *columns, *_ATTRIBUTION_COLUMNS).outerjoin(Attribution, key == model.id)


_VIEW_COUNT = func.coalesce(
    select(QuestionView.view_count).where(QuestionView.question_id == Question.id).scalar_subquery(), 0
).label("view_count")
_QUESTION_COLUMNS = (
    Question.id, Question.title, Question.body_source, Question.body_html, Question.author_id,
    Question.is_anonymous, Question.status, Question.accepted_answer_id, Question.duplicate_of_id,
    Question.score, Question.answer_count, _VIEW_COUNT, Question.created_at,
    Question.updated_at, Question.last_activity_at, Question.hidden_at, Question.locked_at,
)  # fmt: skip
_ANSWER_COLUMNS = (
    Answer.id, Answer.question_id, Answer.author_id, Answer.body_source, Answer.body_html,
    Answer.helped_count,
    Answer.score, Answer.created_at, Answer.updated_at, Answer.hidden_at, Answer.label, Answer.label_note,
)  # fmt: skip
_COMMENT_COLUMNS = (
    Comment.id, Comment.question_id, Comment.answer_id, Comment.author_id, Comment.body_source,
    Comment.body_html, Comment.created_at, Comment.updated_at, Comment.hidden_at,
)  # fmt: skip
_QUESTION = _with_author_and_attribution(
    Question, Attribution.question_id, *_QUESTION_COLUMNS, QUESTION_TAG_NAMES
).where(Question.id == bindparam("question_id"), Question.is_deleted.is_(False))
_ANSWERS = (
    _with_author_and_attribution(Answer, Attribution.answer_id, *_ANSWER_COLUMNS)
    .where(Answer.question_id == bindparam("question_id"), Answer.is_deleted.is_(False))
    # Accepted first, then by score, then oldest.
    .order_by(
        (Answer.id == bindparam("accepted_id")).desc(), Answer.score.desc(), Answer.created_at, Answer.id
    )
)
_ONE_ANSWER = _with_author_and_attribution(Answer, Attribution.answer_id, *_ANSWER_COLUMNS).where(
    Answer.id == bindparam("answer_id"), Answer.is_deleted.is_(False)
)
_COMMENTS = (
    _with_author(Comment, *_COMMENT_COLUMNS)
    .where(
        Comment.is_deleted.is_(False),
        (Comment.question_id == bindparam("question_id"))
        | Comment.answer_id.in_(bindparam("answer_ids", expanding=True)),
    )
    .order_by(Comment.created_at, Comment.id)
)


def _records(statement: Select, **params: Any) -> list[Record]:
    """Rows as records; "author__x" and "attribution__x" columns become nested records
    (no attribution when the post has none)."""
    result = db.session.connection().execute(statement, params)
    keys = list(result.keys())
    plain = [(i, k) for i, k in enumerate(keys) if "__" not in k]
    author = [(i, k[8:]) for i, k in enumerate(keys) if k.startswith("author__")]
    attribution = [(i, k[13:]) for i, k in enumerate(keys) if k.startswith("attribution__")]
    records = []
    for row in result:
        record = Record({k: row[i] for i, k in plain})
        if author:
            record["author"] = Record({k: row[i] for i, k in author})
        if attribution:
            found = row[attribution[0][0]] is not None  # the site is never null
            record["attribution"] = Record({k: row[i] for i, k in attribution}) if found else None
        records.append(record)
    return records


def question(question_id: int) -> Record | None:
    """A listed (not deleted) question with its author, tags (by name) and attribution."""
    found = _records(_QUESTION, question_id=question_id)
    if not found:
        return None
    record = found[0]
    record["tags"] = tag_list(record.pop("tag_names"))
    return record


def answers(question_id: int, accepted_id: int | None) -> list[Record]:
    """The listed answers, accepted first, then by score, then oldest."""
    return _records(_ANSWERS, question_id=question_id, accepted_id=accepted_id or 0)


def answer(answer_id: int) -> Record | None:
    found = _records(_ONE_ANSWER, answer_id=answer_id)
    return found[0] if found else None


def comments(question_id: int, answer_ids: Sequence[int]) -> list[Record]:
    """The listed comments on the question and on these answers, oldest first."""
    return _records(_COMMENTS, question_id=question_id, answer_ids=list(answer_ids))
