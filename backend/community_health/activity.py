"""Who was seen and who took part each week (member_weeks, first_posts), written as it
happens: a signed-in request once a week, and every question, answer, comment and vote.

`settle` makes the same rows from the posts and votes already stored, with the times of
first answers and acceptances, for a site that had them before these tables (the migration)
or that writes rows beside the services (an import, `flask community-health rebuild`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    Select,
    and_,
    delete,
    func,
    insert,
    literal,
    select,
    true,
    union,
    update,
    values,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased
from sqlalchemy.sql import column

from backend import weeks
from backend.database import insert_for_upsert, temporary_table
from backend.extensions import db
from backend.models import SITE, Answer, Comment, FirstPost, MemberWeek, Question, QuestionTag, User, Vote
from backend.models.types import UTCDateTime


def seen(user_id: int, at: datetime) -> None:
    """A signed-in person was here this week (their first request of it, per browser)."""
    week = weeks.monday(at)
    db.session.execute(
        insert_for_upsert(MemberWeek)
        .values(tag_id=SITE, week=week, user_id=user_id, acted=False)
        .on_conflict_do_nothing()
    )
    db.session.execute(update(User).where(User.id == user_id).values(last_seen_at=at))


def acted(
    user_id: int, question_id: int, at: datetime, *, posted: bool, tag_ids: Sequence[int] | None = None
) -> None:
    """A person asked, answered, commented (posted) or voted in a thread: active this week on
    the site and in each of the thread's communities."""
    if tag_ids is None:
        tag_ids = list(
            db.session.scalars(select(QuestionTag.tag_id).where(QuestionTag.question_id == question_id))
        )
    week = weeks.monday(at)
    scopes = [SITE, *tag_ids]
    # Core statements run with a list of rows (executemany): one compiled form for every
    # call, where a multi-row VALUES is compiled anew each time (3-5 ms a call, measured).
    members = MemberWeek.__table__
    upsert = insert_for_upsert(members).on_conflict_do_update(
        index_elements=["tag_id", "week", "user_id"],
        set_={"acted": True},
        where=members.c.acted.is_(False),
    )
    db.session.execute(
        upsert, [{"tag_id": tag_id, "week": week, "user_id": user_id, "acted": True} for tag_id in scopes]
    )
    if posted:
        db.session.execute(
            insert_for_upsert(FirstPost.__table__).on_conflict_do_nothing(),
            [{"tag_id": tag_id, "user_id": user_id, "week": week} for tag_id in scopes],
        )


def _week_table(first: date, last: date) -> Any:
    """Every week from the one holding `first` to the one holding `last`: (monday, start, end)."""
    rows = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        start, end = weeks.bounds(weeks.name(monday))
        rows.append((monday, start, end))
        monday += timedelta(days=7)
    return (
        values(
            column("monday", Date),
            column("starts", UTCDateTime),
            column("ends", UTCDateTime),
            name="calendar",
        )
        .data(rows)
        .cte("calendar")
    )


def _acts(calendar: Any) -> list[Select]:
    """(monday, user_id, thread, posted) of every post and vote, by the week it was in."""

    def during(at: Any) -> Any:
        return and_(at >= calendar.c.starts, at < calendar.c.ends)

    on_answer = aliased(Answer)
    posted, voted = literal(True).label("posted"), literal(False).label("posted")
    return [
        select(calendar.c.monday, Question.author_id.label("user_id"), Question.id.label("thread"), posted)
        .select_from(calendar)
        # Every question, deleted or not: so put, SQLite finds each week's questions through
        # ix_questions_newest instead of reading all of them for every week (1.2 s at 100k).
        .join(Question, and_(Question.is_deleted.in_((False, True)), during(Question.created_at))),
        select(calendar.c.monday, Answer.author_id, Answer.question_id, posted)
        .select_from(calendar)
        .join(Answer, during(Answer.created_at)),
        select(
            calendar.c.monday,
            Comment.author_id,
            func.coalesce(Comment.question_id, on_answer.question_id),
            posted,
        )
        .select_from(calendar)
        .join(Comment, during(Comment.created_at))
        .outerjoin(on_answer, on_answer.id == Comment.answer_id),
        select(calendar.c.monday, Vote.user_id, func.coalesce(Vote.question_id, on_answer.question_id), voted)
        .select_from(calendar)
        .join(Vote, during(Vote.created_at))
        .outerjoin(on_answer, on_answer.id == Vote.answer_id),
    ]


def rebuild(connection: Connection | None = None) -> None:
    """Activity and first posts again from every post and vote. Presence, which only requests
    record, is kept: a week's row whose activity is gone (a vote taken back) stays as seen.
    On the session unless given a connection (a migration's)."""
    run = connection or db.session
    stamps = [Question.created_at, Answer.created_at, Comment.created_at, Vote.created_at]
    edges = [edge for at in stamps for edge in run.execute(select(func.min(at), func.max(at))).one()]
    known = [edge for edge in edges if edge is not None]
    run.execute(update(MemberWeek).values(acted=False))
    run.execute(delete(FirstPost))
    if not known:
        return
    calendar = _week_table(weeks.monday(min(known)), weeks.monday(max(known)))
    acts = union(*_acts(calendar)).cte("acts")
    scoped = union(
        select(literal(SITE, Integer).label("tag_id"), acts.c.monday, acts.c.user_id, acts.c.posted),
        select(QuestionTag.tag_id, acts.c.monday, acts.c.user_id, acts.c.posted).join(
            QuestionTag, QuestionTag.question_id == acts.c.thread
        ),
    )
    # Both statements below read these rows: worked out once, the rebuild takes half the time.
    bind = connection if connection is not None else db.session.connection()
    columns: list[Column] = [
        Column("tag_id", Integer, nullable=False),
        Column("monday", Date, nullable=False),
        Column("user_id", Integer, nullable=False),
        Column("posted", Boolean, nullable=False),
    ]
    with temporary_table(bind, "scoped_acts", *columns) as kept:
        run.execute(insert(kept).from_select(["tag_id", "monday", "user_id", "posted"], scoped))
        rows = (
            select(kept.c.tag_id, kept.c.monday, kept.c.user_id, literal(True))
            .distinct()
            .where(true())  # SQLite reads "SELECT ... ON CONFLICT" as a join without a WHERE
        )
        run.execute(
            insert_for_upsert(MemberWeek, connection)
            .from_select(["tag_id", "week", "user_id", "acted"], rows)
            .on_conflict_do_update(index_elements=["tag_id", "week", "user_id"], set_={"acted": True})
        )
        run.execute(
            insert(FirstPost).from_select(
                ["tag_id", "user_id", "week"],
                select(kept.c.tag_id, kept.c.user_id, func.min(kept.c.monday))
                .where(kept.c.posted.is_(True))
                .group_by(kept.c.tag_id, kept.c.user_id),
            )
        )


def settle(connection: Connection | None = None) -> None:
    """After rows written beside the services: the times of first answers and acceptances
    they lack (an imported acceptance is dated by its answer, the earliest it can have been),
    then the weekly activity again."""
    run = connection or db.session
    # Set-based (UPDATE ... FROM a grouped subquery): a correlated subquery per question took
    # minutes on PostgreSQL at 100k questions before the tables had statistics.
    firsts = (
        select(Answer.question_id, func.min(Answer.created_at).label("first"))
        .group_by(Answer.question_id)
        .subquery()
    )
    run.execute(
        update(Question)
        .where(Question.id == firsts.c.question_id, Question.first_answer_at.is_(None))
        .values(first_answer_at=firsts.c.first)
        .execution_options(synchronize_session=False)
    )
    accepted = aliased(Answer)
    run.execute(
        update(Question)
        .where(
            accepted.id == Question.accepted_answer_id,
            Question.resolved_at.is_(None),
        )
        .values(resolved_at=accepted.created_at)
        .execution_options(synchronize_session=False)
    )
    rebuild(connection)
