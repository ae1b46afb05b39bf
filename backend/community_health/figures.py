"""The figures of community health, each one SQL statement over a span of weeks (the same on
SQLite and PostgreSQL): every row is put in its week, and percentiles are taken by rank
with window functions.

Flags are compared with `= false`, not `IS false`: PostgreSQL uses an index only for the first.

A question counts in the week it was asked: "answered" and "resolved" are what became of
that week's questions so far, and the times are measured from when each was asked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    Integer,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    select,
    union_all,
    values,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import column
from sqlalchemy.sql.functions import FunctionElement

from backend.community_health import kept_weeks
from backend.community_health.kept_weeks import Percentiles, Waits
from backend.extensions import db
from backend.models import (
    SITE,
    Answer,
    FirstPost,
    HelpedMark,
    MemberWeek,
    Question,
    QuestionTag,
    Tag,
    TagPreference,
    User,
)
from backend.models.follow import TagStance
from backend.models.types import UTCDateTime

TOP = 10
MAX_RUNS = 3


class seconds_between(FunctionElement[float]):
    """Seconds from the second instant to the first."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element: Any, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS DOUBLE PRECISION)"


@dataclass(frozen=True)
class Week:
    index: int
    name: str
    monday: date
    start: datetime
    end: datetime


def week_of(at: Any, span: list[Week]) -> Any:
    """The index in `span` of the week holding `at` (within the span), found by PostgreSQL's
    width_bucket: a binary search over the weeks' starts, in C (a CASE that halved the weeks
    at each step took twice as long)."""
    starts = postgresql.array([literal(week.start, UTCDateTime) for week in span])
    return func.width_bucket(at, starts, type_=Integer) + (span[0].index - 1)


def _calendar(span: list[Week]) -> Any:
    """The weeks as a table (i, starts, ends)."""
    rows = [(week.index, week.start, week.end) for week in span]
    columns: list[Any] = [column("i", Integer), column("starts", UTCDateTime), column("ends", UTCDateTime)]
    return values(*columns, name="calendar").data(rows).cte("calendar")


def _asked(span: list[Week], tag_id: int | None) -> Any:
    """The questions asked in each week (in the tag), listed: (i, the question's columns),
    all read from one covering index (ix_questions_health): a question's row holds its body,
    and reading past it costs more than the rest of the statement.

    SQLite walks the index once per week (a join with the weeks as a table); PostgreSQL
    plans that join as every question of the span against every week, so there each row's
    week is found from its time by a binary search over the weeks' starts (week_of)."""
    start, end = span[0].start, span[-1].end
    columns = [
        Question.id,
        Question.created_at,
        Question.first_answer_at,
        Question.resolved_at,
        Question.answer_count,
        Question.accepted_answer_id,
    ]
    listed = [Question.is_deleted == false(), Question.hidden_at.is_(None)]
    if db.session.get_bind().dialect.name == "sqlite":
        weeks = _calendar(span)
        in_week = and_(Question.created_at >= weeks.c.starts, Question.created_at < weeks.c.ends)
        asked = select(weeks.c.i, *columns).select_from(weeks).join(Question, in_week).where(*listed)
    else:
        asked = select(week_of(Question.created_at, span).label("i"), *columns).where(
            *listed, Question.created_at >= start, Question.created_at < end
        )
    if tag_id is not None:
        # The tag's questions of the span, from its own index (its rows carry the date).
        tagged = select(QuestionTag.question_id).where(
            QuestionTag.tag_id == tag_id,
            QuestionTag.is_deleted == false(),
            QuestionTag.created_at >= start,
            QuestionTag.created_at < end,
        )
        asked = asked.where(Question.id.in_(tagged))
    return asked.cte("asked")


def questions(span: list[Week], tag_id: int | None, now: datetime) -> dict[int, dict[str, Any]]:
    """Per week: asked, answered, resolved, and the median and 90th percentile of the hours to
    the first answer and to the accepted one.

    The counts come with each week's fingerprint from one scan; only the weeks whose waits
    are not kept under that fingerprint (changed, or not finished) are ranked."""
    asked = _asked(span, tag_id)
    answered = asked.c.answer_count > 0
    resolved = _resolved(asked)
    counts = select(
        asked.c.i,
        func.count(),
        func.sum(case((answered, 1), else_=0)),
        func.sum(case((resolved, 1), else_=0)),
        # The rest is the fingerprint: which questions, which have a first answer (its time
        # is set once and never changes), and when each was resolved (an answer accepted
        # again is accepted later).
        func.sum(asked.c.id),
        func.sum(case((asked.c.first_answer_at.is_not(None), asked.c.id))),
        func.sum(case((resolved, _milliseconds(asked.c.resolved_at, asked.c.created_at)))),
    ).group_by(asked.c.i)
    found: dict[int, dict[str, Any]] = {}
    fingerprints: dict[date, str] = {}
    for i, n, answered_n, resolved_n, *sums in db.session.execute(counts):
        found[i] = {"asked": int(n), "answered": int(answered_n or 0), "resolved": int(resolved_n or 0)}
        fingerprint = [n, answered_n, resolved_n, *sums]
        fingerprints[span[i - span[0].index].monday] = ":".join(str(int(x or 0)) for x in fingerprint)
    kept = kept_weeks.known_waits(tag_id, fingerprints)
    to_rank = [week for week in span if week.monday in fingerprints and week.monday not in kept]
    ranked = _waits(_runs(span, to_rank), tag_id)
    kept_weeks.keep_waits(
        tag_id,
        [(week.monday, fingerprints[week.monday], ranked[week.index]) for week in to_rank if week.end <= now],
    )
    for week in span:
        if week.index in found:
            these = kept.get(week.monday) or ranked[week.index]
            found[week.index]["first_answer_hours"] = _in_hours(these.first_answer)
            found[week.index]["accepted_answer_hours"] = _in_hours(these.accepted_answer)
    return found


def _resolved(asked: Any) -> ColumnElement[bool]:
    return and_(asked.c.accepted_answer_id.is_not(None), asked.c.resolved_at.is_not(None))


def _milliseconds(later: Any, earlier: Any) -> Any:
    # Whole milliseconds: integers add up exactly, in any order, on either database.
    return cast(seconds_between(later, earlier) * 1000, BigInteger)


def _runs(span: list[Week], chosen: list[Week]) -> list[list[Week]]:
    """The chosen weeks as runs of consecutive weeks, a statement each; when they are
    scattered, one run from the first to the last (one pass costs less than many)."""
    runs: list[list[Week]] = []
    for week in chosen:
        if runs and runs[-1][-1].index == week.index - 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    if len(runs) > MAX_RUNS:
        offset = span[0].index
        return [span[chosen[0].index - offset : chosen[-1].index - offset + 1]]
    return runs


def _waits(runs: list[list[Week]], tag_id: int | None) -> dict[int, Waits]:
    ranked: dict[int, dict[str, Any]] = defaultdict(dict)
    for run in runs:
        asked = _asked(run, tag_id)
        measured = {
            "first_answer": (asked.c.first_answer_at, asked.c.first_answer_at.is_not(None)),
            "accepted_answer": (asked.c.resolved_at, _resolved(asked)),
        }
        for name, (then, happened) in measured.items():
            for i, median, p90 in db.session.execute(_percentiles(asked, then, happened)):
                ranked[i][name] = (median, p90)
    return {i: Waits(**found) for i, found in ranked.items()} | {
        week.index: Waits() for run in runs for week in run if week.index not in ranked
    }


def _in_hours(percentiles: Percentiles) -> dict[str, float | None]:
    median, p90 = percentiles
    return {"median": _hours(median), "p90": _hours(p90)}


def _percentiles(asked: Any, then: Any, happened: ColumnElement[bool]) -> Any:
    """Nearest-rank median and 90th percentile of the seconds from asking to `then`, per week
    (only the questions where it happened are ranked: a sort costs by its rows)."""
    waits = (
        select(asked.c.i, seconds_between(then, asked.c.created_at).label("seconds"))
        .where(happened)
        .cte("waits")
        .prefix_with("MATERIALIZED")  # the difference once per row, not once per use
    )
    ranked = select(
        waits.c.i,
        waits.c.seconds,
        func.row_number().over(partition_by=waits.c.i, order_by=waits.c.seconds).label("rank"),
        func.count().over(partition_by=waits.c.i).label("n"),
    ).subquery()
    return select(
        ranked.c.i,
        func.max(case((ranked.c.rank == (ranked.c.n * 50 + 99) // 100, ranked.c.seconds))),
        func.max(case((ranked.c.rank == (ranked.c.n * 90 + 99) // 100, ranked.c.seconds))),
    ).group_by(ranked.c.i)


def _hours(seconds: float | None) -> float | None:
    # To the hundredth (36 seconds): a wait of minutes is shown in minutes, not as "0 h".
    return None if seconds is None else round(float(seconds) / 3600, 2)


def members(span: list[Week], tag_id: int | None, now: datetime) -> dict[date, dict[str, int]]:
    """Per week (by its Monday): members seen and members active. A finished week is counted
    once and kept; the weeks not counted yet are counted in one statement."""
    kept = kept_weeks.known_members(tag_id, span[0].monday, span[-1].monday)
    missing = [week for week in span if week.monday not in kept]
    if not missing:
        return kept
    counted = _members(missing[0].monday, missing[-1].monday, tag_id)
    empty = {"seen": 0, "active": 0}
    kept_weeks.keep_members(
        tag_id, {week.monday: counted.get(week.monday, empty) for week in missing if week.end <= now}
    )
    return {**kept, **counted}


def _members(first: date, last: date, tag_id: int | None) -> dict[date, dict[str, int]]:
    """In a community, "seen" is its followers seen on the site and everyone who took part
    in it."""
    in_span = MemberWeek.week.between(first, last)
    if tag_id is None:
        statement = (
            select(MemberWeek.week, func.count(), func.sum(case((MemberWeek.acted, 1), else_=0)))
            .where(MemberWeek.tag_id == SITE, in_span)
            .group_by(MemberWeek.week)
        )
    else:
        following = and_(
            TagPreference.user_id == MemberWeek.user_id,
            TagPreference.tag_id == tag_id,
            TagPreference.stance == TagStance.FOLLOW,
        )
        rows = union_all(
            select(MemberWeek.week, MemberWeek.user_id, MemberWeek.acted).where(
                MemberWeek.tag_id == tag_id, in_span
            ),
            select(MemberWeek.week, MemberWeek.user_id, false().label("acted"))
            .join(TagPreference, following)
            .where(MemberWeek.tag_id == SITE, in_span),
        ).subquery()
        statement = select(
            rows.c.week,
            func.count(rows.c.user_id.distinct()),
            func.count(case((rows.c.acted, rows.c.user_id)).distinct()),
        ).group_by(rows.c.week)
    return {
        _as_date(week): {"seen": int(seen), "active": int(active or 0)}
        for week, seen, active in db.session.execute(statement)
    }


def new_contributors(first: date, last: date, tag_id: int | None) -> dict[date, int]:
    statement = (
        select(FirstPost.week, func.count())
        .where(FirstPost.tag_id == (tag_id or SITE), FirstPost.week.between(first, last))
        .group_by(FirstPost.week)
    )
    return {_as_date(week): int(count) for week, count in db.session.execute(statement)}


def _as_date(value: Any) -> date:
    # SQLite gives back a union's dates as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _questions_in(start: datetime, end: datetime, tag_id: int | None) -> list[ColumnElement[bool]]:
    listed = [
        Question.is_deleted == false(),
        Question.hidden_at.is_(None),
        Question.created_at >= start,
        Question.created_at < end,
    ]
    if tag_id is not None:
        listed.append(
            Question.id.in_(
                select(QuestionTag.question_id).where(
                    QuestionTag.tag_id == tag_id,
                    QuestionTag.is_deleted == false(),
                    QuestionTag.created_at >= start,
                    QuestionTag.created_at < end,
                )
            )
        )
    return listed


def help_needed(start: datetime, end: datetime, tag_id: int | None) -> list[dict[str, Any]]:
    """The tags with the most questions asked in the span and still unanswered."""
    count = func.count().label("unanswered")
    statement = (
        select(Tag.name, count)
        .select_from(Question)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(Tag, Tag.id == QuestionTag.tag_id)
        .where(*_questions_in(start, end, tag_id), Question.answer_count == 0)
        .group_by(Tag.id, Tag.name)
        .order_by(count.desc(), Tag.name)
        .limit(TOP)
    )
    return [{"tag": name, "unanswered": int(n)} for name, n in db.session.execute(statement)]


def top_helpers(start: datetime, end: datetime, tag_id: int | None) -> list[dict[str, Any]]:
    """Who helped most in the span: their answers accepted in it, and marked as helpful in it."""
    shown = [Answer.is_deleted == false(), Answer.hidden_at.is_(None)]
    accepted = (
        select(Answer.author_id.label("user_id"), literal(1).label("accepted"), literal(0).label("helped"))
        .join(Question, Question.accepted_answer_id == Answer.id)
        .where(
            *shown,
            Question.is_deleted == false(),
            Question.hidden_at.is_(None),
            Question.resolved_at >= start,
            Question.resolved_at < end,
        )
    )
    helped = (
        select(Answer.author_id, literal(0), literal(1))
        .join(HelpedMark, HelpedMark.answer_id == Answer.id)
        .where(*shown, HelpedMark.created_at >= start, HelpedMark.created_at < end)
    )
    if tag_id is not None:
        accepted = accepted.join(
            QuestionTag, and_(QuestionTag.question_id == Question.id, QuestionTag.tag_id == tag_id)
        )
        # The span's helped marks first, then whether each is in the tag, not every answer in
        # the tag and then its marks: `+ 0` keeps SQLite (without statistics) off the index.
        helped = helped.where(
            (Answer.question_id + 0).in_(select(QuestionTag.question_id).where(QuestionTag.tag_id == tag_id))
        )
    acts = union_all(accepted, helped).subquery()
    accepted_n, helped_n = (
        func.sum(acts.c.accepted).label("accepted"),
        func.sum(acts.c.helped).label("helped"),
    )
    ranked = (
        select(acts.c.user_id, accepted_n, helped_n)
        .group_by(acts.c.user_id)
        .order_by((accepted_n + helped_n).desc(), acts.c.user_id)
        .limit(TOP)
        .subquery()
    )
    statement = (
        select(User.id, User.display_name, ranked.c.accepted, ranked.c.helped)
        .join(ranked, ranked.c.user_id == User.id)
        .order_by((ranked.c.accepted + ranked.c.helped).desc(), User.id)
    )
    return [
        {"id": user_id, "display_name": name, "accepted": int(a), "helped": int(h)}
        for user_id, name, a, h in db.session.execute(statement)
    ]
