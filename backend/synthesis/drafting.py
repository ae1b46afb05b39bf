"""The draft of a community's week, prepared from the data: what was solved (as reference
cards), who is still waiting for help and who could give it, what to celebrate, and the
week's figures against the week before. The synthesizer edits it before publishing.

Only what a signed-out reader may see is used: no hidden or deleted posts, and an anonymous
asker is never named.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select

from backend import weeks
from backend.content import plain_text, render_markdown
from backend.experts.services import tag_experts
from backend.extensions import db
from backend.indexing.vectors import stored_vectors
from backend.models import (
    Answer,
    BadgeAward,
    HelpedMark,
    Question,
    QuestionTag,
    Synthesis,
    SynthesisStatus,
    Tag,
    User,
    utcnow,
)
from backend.references.services import shorten

WAITING_AFTER = timedelta(hours=48)
SHOWN = 10  # items per section; the rest are counted
PROBLEM_CHARS = 200
WE_LEARNED = (
    "_Add what the community learned this week: a pattern, a fix worth keeping, a question to watch._"
)


@dataclass
class Figures:
    asked: int
    answered: int
    resolved: int
    median_first_answer_hours: float | None


def _md(text: str) -> str:
    """Text shown as is inside Markdown (titles and names are people's words, not markup)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


def _listed() -> list:
    return [Question.is_deleted.is_(False), Question.hidden_at.is_(None)]


def _in_tag(tag_id: int) -> list:
    return [QuestionTag.tag_id == tag_id, QuestionTag.question_id == Question.id]


def figures(tag_id: int, start: datetime, end: datetime) -> Figures:
    asked = db.session.execute(
        select(Question.id, Question.created_at, Question.answer_count).where(
            *_in_tag(tag_id), *_listed(), Question.created_at >= start, Question.created_at < end
        )
    ).all()
    ids = [row.id for row in asked]
    first = (
        dict(
            db.session.execute(
                select(Answer.question_id, func.min(Answer.created_at))
                .where(Answer.question_id.in_(ids), Answer.is_deleted.is_(False), Answer.hidden_at.is_(None))
                .group_by(Answer.question_id)
            ).all()
        )
        if ids
        else {}
    )
    waits = [(first[row.id] - row.created_at).total_seconds() / 3600 for row in asked if row.id in first]
    resolved = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .where(
            QuestionTag.tag_id == tag_id,
            *_listed(),
            Question.resolved_at >= start,
            Question.resolved_at < end,
        )
    )
    return Figures(
        asked=len(asked),
        answered=sum(1 for row in asked if row.id in first),
        resolved=resolved or 0,
        median_first_answer_hours=round(statistics.median(waits), 1) if waits else None,
    )


def _resolved(tag_id: int, start: datetime, end: datetime) -> list[str]:
    rows = db.session.execute(
        select(
            Question.id,
            Question.title,
            Question.body_html,
            User.display_name,
            Answer.body_html.label("answer"),
        )
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(Answer, Answer.id == Question.accepted_answer_id)
        .join(User, User.id == Answer.author_id)
        .where(
            QuestionTag.tag_id == tag_id,
            *_listed(),
            Answer.hidden_at.is_(None),
            Question.resolved_at >= start,
            Question.resolved_at < end,
        )
        .order_by(Question.resolved_at)
    ).all()
    return [
        f"- **[{_md(row.title)}](/r/{row.id})**: {_md(shorten(plain_text(row.body_html), PROBLEM_CHARS))}\n"
        f"  Solved by {_md(row.display_name)}: {_md(shorten(plain_text(row.answer), PROBLEM_CHARS))}"
        for row in rows
    ]


def _waiting(tag: Tag, start: datetime, end: datetime) -> list[str]:
    cutoff = min(end, utcnow()) - WAITING_AFTER
    rows = db.session.execute(
        select(Question.id, Question.title, Question.created_at)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .where(
            QuestionTag.tag_id == tag.id,
            *_listed(),
            Question.answer_count == 0,
            Question.accepted_answer_id.is_(None),
            Question.created_at >= start - timedelta(days=7),
            Question.created_at < cutoff,
        )
        .order_by(Question.created_at)
    ).all()
    if not rows:
        return []
    experts = [_md(expert.display_name) for expert in tag_experts(tag.name, 3)]
    lines = [f"- [{_md(row.title)}](/questions/{row.id})" for row in rows]
    if experts:
        lines.append(f"\nWho could help: {', '.join(experts)} know {_md(tag.name)} well.")
    return lines


def _celebrations(tag_id: int, start: datetime, end: datetime) -> list[str]:
    lines: list[str] = []
    # Newcomers: people whose first answer anywhere came this week, in this community.
    # Only the people who answered in this community this week can be its newcomers: their
    # first answers, not everyone's, are looked up.
    answered_here = (
        select(Answer.author_id)
        .join(QuestionTag, QuestionTag.question_id == Answer.question_id)
        .where(QuestionTag.tag_id == tag_id, Answer.created_at >= start, Answer.created_at < end)
    )
    first_answer = (
        select(Answer.author_id, func.min(Answer.created_at).label("first"))
        .where(Answer.is_deleted.is_(False), Answer.author_id.in_(answered_here))
        .group_by(Answer.author_id)
        .subquery()
    )
    newcomers = db.session.execute(
        select(User.display_name, Question.id, Question.title)
        .join(first_answer, first_answer.c.author_id == User.id)
        .join(Answer, (Answer.author_id == User.id) & (Answer.created_at == first_answer.c.first))
        .join(Question, Question.id == Answer.question_id)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .where(
            QuestionTag.tag_id == tag_id,
            *_listed(),
            Answer.hidden_at.is_(None),
            first_answer.c.first >= start,
            first_answer.c.first < end,
            User.password_hash.is_not(None),
        )
    ).all()
    for who, question_id, title in newcomers[:SHOWN]:
        lines.append(f"- Welcome, {_md(who)}: a first answer, on [{_md(title)}](/questions/{question_id}).")
    accepted = db.session.execute(
        select(User.display_name, func.count())
        .select_from(Question)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(Answer, Answer.id == Question.accepted_answer_id)
        .join(User, User.id == Answer.author_id)
        .where(
            QuestionTag.tag_id == tag_id,
            *_listed(),
            Question.resolved_at >= start,
            Question.resolved_at < end,
        )
        .group_by(User.display_name)
        .order_by(func.count().desc(), User.display_name)
    ).all()
    for who, count in accepted[:SHOWN]:
        lines.append(f"- {_md(who)}: {count} accepted answer{'s' if count != 1 else ''}.")
    helped = db.session.execute(
        select(User.display_name, func.count())
        .select_from(HelpedMark)
        .join(Answer, Answer.id == HelpedMark.answer_id)
        .join(Question, Question.id == Answer.question_id)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(User, User.id == Answer.author_id)
        .where(
            QuestionTag.tag_id == tag_id,
            *_listed(),
            Answer.hidden_at.is_(None),
            HelpedMark.created_at >= start,
            HelpedMark.created_at < end,
        )
        .group_by(User.display_name)
        .order_by(func.count().desc(), User.display_name)
    ).all()
    for who, count in helped[:SHOWN]:
        lines.append(f"- {_md(who)}'s answers helped {count} {'person' if count == 1 else 'people'}.")
    badges = db.session.execute(
        select(User.display_name, BadgeAward.badge)
        .join(BadgeAward, BadgeAward.user_id == User.id)
        .where(
            BadgeAward.awarded_at >= start,
            BadgeAward.awarded_at < end,
            User.id.in_(
                select(Answer.author_id)
                .join(QuestionTag, QuestionTag.question_id == Answer.question_id)
                .where(QuestionTag.tag_id == tag_id, Answer.created_at >= start, Answer.created_at < end)
            ),
        )
        .order_by(BadgeAward.awarded_at)
    ).all()
    for who, badge in badges[:SHOWN]:
        lines.append(f"- {_md(who)} earned the {_md(badge.replace('_', ' '))} badge.")
    return lines


# Questions whose vectors are at least this close (cosine) are one theme.
THEME_SIMILARITY = 0.5


def _themes(tag_id: int, start: datetime, end: datetime) -> list[str]:
    """The week's questions grouped by what they are about, from the vectors the search sync
    stored (none without the semantic extra): a theme of several is named by its most
    central question. Computed once per community and week, over that week's questions."""
    rows = db.session.execute(
        select(Question.id, Question.title)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .where(QuestionTag.tag_id == tag_id, *_listed())
        .where(Question.created_at >= start, Question.created_at < end)
        .order_by(Question.created_at, Question.id)
    ).all()
    if len(rows) < 2:
        return []
    vectors = stored_vectors([row.id for row in rows])
    if len(vectors) < 2:
        return []

    titles = {row.id: row.title for row in rows}
    ids = [row.id for row in rows if row.id in vectors]
    unit = {qid: vectors[qid] / (np.linalg.norm(vectors[qid]) or 1.0) for qid in ids}
    groups: list[list[int]] = []
    for qid in ids:
        best, best_score = None, THEME_SIMILARITY
        for group in groups:
            centroid = np.mean([unit[other] for other in group], axis=0)
            score = float(unit[qid] @ (centroid / (np.linalg.norm(centroid) or 1.0)))
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            groups.append([qid])
        else:
            best.append(qid)
    lines = []
    for group in sorted((g for g in groups if len(g) > 1), key=len, reverse=True)[:SHOWN]:
        central = max(group, key=lambda qid: sum(float(unit[qid] @ unit[other]) for other in group))
        links = ", ".join(f"[{_md(titles[qid])}](/questions/{qid})" for qid in group)
        lines.append(f"- **{len(group)} questions like “{_md(titles[central])}”**: {links}")
    return lines


def _figure(value: float | None, unit: str = "") -> str:
    return "none" if value is None else f"{value:g}{unit}"


def compose(tag: Tag, week: str) -> str | None:
    """The draft's Markdown, or None for a week with no activity in the community."""
    start, end = weeks.bounds(week)
    now = figures(tag.id, start, end)
    resolved = _resolved(tag.id, start, end)
    if now.asked == 0 and not resolved and now.resolved == 0:
        answers = db.session.scalar(
            select(func.count())
            .select_from(Answer)
            .join(QuestionTag, QuestionTag.question_id == Answer.question_id)
            .where(QuestionTag.tag_id == tag.id, Answer.created_at >= start, Answer.created_at < end)
        )
        if not answers:
            return None
    before_start, before_end = weeks.bounds(weeks.before(week))
    then = figures(tag.id, before_start, before_end)
    parts = [f"# {_md(tag.name)}: the week of {weeks.parse(week).isoformat()} ({week})"]
    if resolved:
        more = [f"- and {len(resolved) - SHOWN} more."] if len(resolved) > SHOWN else []
        parts.append("## Solved this week\n\n" + "\n".join([*resolved[:SHOWN], *more]))
    themes = _themes(tag.id, start, end)
    if themes:
        parts.append("## What people asked about\n\n" + "\n".join(themes))
    waiting = _waiting(tag, start, end)
    if waiting:
        parts.append("## Still waiting for help\n\n" + "\n".join(waiting))
    celebrations = _celebrations(tag.id, start, end)
    if celebrations:
        parts.append("## Thank you\n\n" + "\n".join(celebrations))
    parts += [
        "## What we learned\n\n" + WE_LEARNED,
        "## In figures\n\n"
        "| | this week | the week before |\n|---|---:|---:|\n"
        f"| questions asked | {now.asked} | {then.asked} |\n"
        f"| of those answered | {now.answered} | {then.answered} |\n"
        f"| threads resolved | {now.resolved} | {then.resolved} |\n"
        f"| median time to a first answer | {_figure(now.median_first_answer_hours, ' h')} "
        f"| {_figure(then.median_first_answer_hours, ' h')} |",
    ]
    return "\n\n".join(parts) + "\n"


def draft(tag: Tag, week: str) -> Synthesis | None:
    """This community's draft for the week, made once: an existing synthesis (draft or
    published) is left as it is, so a restart or a second run changes nothing."""
    existing = db.session.scalar(select(Synthesis).where(Synthesis.tag_id == tag.id, Synthesis.week == week))
    if existing is not None:
        return None
    body = compose(tag, week)
    if body is None:
        return None
    synthesis = Synthesis(
        tag_id=tag.id,
        week=week,
        status=SynthesisStatus.DRAFT,
        body=body,
        html=render_markdown(body),
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    db.session.add(synthesis)
    db.session.flush()
    return synthesis


def draft_all(week: str, tag: Tag | None = None) -> int:
    """Drafts for every community with activity that week (or this one); how many were made."""
    start, end = weeks.bounds(week)
    if tag is not None:
        tags = [tag]
    else:
        active = (
            select(QuestionTag.tag_id)
            .join(Question, Question.id == QuestionTag.question_id)
            .where(
                ((Question.created_at >= start) & (Question.created_at < end))
                | ((Question.resolved_at >= start) & (Question.resolved_at < end))
                | ((Question.last_activity_at >= start) & (Question.last_activity_at < end))
            )
            .distinct()
        )
        tags = list(db.session.scalars(select(Tag).where(Tag.id.in_(active)).order_by(Tag.name)))
    return sum(1 for each in tags if draft(each, week) is not None)
