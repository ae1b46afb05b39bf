"""The draft of a community's week, prepared from the data: what was solved (as reference
cards), who is still waiting for help and who could give it, what to celebrate, and the
week's figures against the week before. The synthesizer edits it before publishing.

Every part is read for all the week's communities at once (one statement per part, its
rows grouped by community here): drafting hundreds of communities one by one took minutes
at 100k questions (docs/benchmarks.md, issue 17).

Only what a signed-out reader may see is used: no hidden or deleted posts, and an anonymous
asker is never named.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select, true

from backend import weeks
from backend.content import plain_text, render_markdown
from backend.experts.services import MANY_TAGS, experts_by_tag
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
# Questions whose vectors are at least this close (cosine) are one theme.
THEME_SIMILARITY = 0.5
EXPERTS = 3


@dataclass
class Figures:
    asked: int = 0
    answered: int = 0
    resolved: int = 0
    median_first_answer_hours: float | None = None


@dataclass
class Week:
    """Everything the drafts of one week are made of, by community (tag id)."""

    now: dict[int, Figures]
    before: dict[int, Figures]
    resolved: dict[int, list[str]]
    answers: dict[int, int]
    themes: dict[int, list[str]]
    waiting: dict[int, list[str]]
    celebrations: dict[int, list[str]] = field(default_factory=dict)


def _md(text: str) -> str:
    """Text shown as is inside Markdown (titles and names are people's words, not markup)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


def _listed() -> list[Any]:
    return [Question.is_deleted.is_(False), Question.hidden_at.is_(None)]


def _of(tag_ids: Sequence[int]) -> Any:
    """Rows of these communities. For many, every community's rows are read and the others
    left out here: SQLite probes a long IN list once per row (seconds for hundreds of tags)."""
    return QuestionTag.tag_id.in_(tag_ids) if len(tag_ids) <= MANY_TAGS else true()


def _tagged(tag_ids: Sequence[int]) -> list[Any]:
    return [_of(tag_ids), QuestionTag.question_id == Question.id]


def _grouped(rows: Any) -> dict[int, list[Any]]:
    by_tag: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_tag[row.tag_id].append(row)
    return by_tag


def figures(tag_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, Figures]:
    """Asked, answered, resolved and the median time to a (visible) first answer, by tag."""
    asked = db.session.execute(
        select(QuestionTag.tag_id, Question.id, Question.created_at).where(
            *_tagged(tag_ids), *_listed(), Question.created_at >= start, Question.created_at < end
        )
    ).all()
    week_questions = select(Question.id).where(
        *_listed(), Question.created_at >= start, Question.created_at < end
    )
    first = dict(
        db.session.execute(
            select(Answer.question_id, func.min(Answer.created_at))
            .where(
                Answer.question_id.in_(week_questions),
                Answer.is_deleted.is_(False),
                Answer.hidden_at.is_(None),
            )
            .group_by(Answer.question_id)
        ).all()
    )
    resolved = dict(
        db.session.execute(
            select(QuestionTag.tag_id, func.count())
            .join(Question, Question.id == QuestionTag.question_id)
            .where(
                _of(tag_ids),
                *_listed(),
                Question.resolved_at >= start,
                Question.resolved_at < end,
            )
            .group_by(QuestionTag.tag_id)
        ).all()
    )
    found: dict[int, Figures] = defaultdict(Figures)
    for tag_id, rows in _grouped(asked).items():
        waits = [(first[row.id] - row.created_at).total_seconds() / 3600 for row in rows if row.id in first]
        found[tag_id] = Figures(
            asked=len(rows),
            answered=len(waits),
            median_first_answer_hours=statistics.median(waits) if waits else None,
        )
    for tag_id, count in resolved.items():
        found[tag_id].resolved = int(count)
    return found


def _resolved(tag_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(
            QuestionTag.tag_id,
            Question.id,
            Question.title,
            Question.body_html,
            User.display_name,
            Answer.body_html.label("answer"),
        )
        .join(Answer, Answer.id == Question.accepted_answer_id)
        .join(User, User.id == Answer.author_id)
        .where(
            *_tagged(tag_ids),
            *_listed(),
            Answer.hidden_at.is_(None),
            Question.resolved_at >= start,
            Question.resolved_at < end,
        )
        .order_by(Question.resolved_at, Question.id)
    ).all()
    cards: dict[int, str] = {}  # a thread in three communities is written once
    for row in rows:
        if row.id not in cards:
            problem = _md(shorten(plain_text(row.body_html), PROBLEM_CHARS))
            answer = _md(shorten(plain_text(row.answer), PROBLEM_CHARS))
            cards[row.id] = (
                f"- **[{_md(row.title)}](/r/{row.id})**: {problem}\n"
                f"  Solved by {_md(row.display_name)}: {answer}"
            )
    return {tag_id: [cards[row.id] for row in group] for tag_id, group in _grouped(rows).items()}


def _answers(tag_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, int]:
    return dict(
        db.session.execute(
            select(QuestionTag.tag_id, func.count())
            .select_from(Answer)
            .join(QuestionTag, QuestionTag.question_id == Answer.question_id)
            .where(_of(tag_ids), Answer.created_at >= start, Answer.created_at < end)
            .group_by(QuestionTag.tag_id)
        ).all()
    )


def _waiting(tags: dict[int, Tag], start: datetime, end: datetime) -> dict[int, list[str]]:
    cutoff = min(end, utcnow()) - WAITING_AFTER
    rows = db.session.execute(
        select(QuestionTag.tag_id, Question.id, Question.title)
        .where(
            *_tagged(list(tags)),
            *_listed(),
            Question.answer_count == 0,
            Question.accepted_answer_id.is_(None),
            Question.created_at >= start - timedelta(days=7),
            Question.created_at < cutoff,
        )
        .order_by(Question.created_at, Question.id)
    ).all()
    waiting = {tag_id: group for tag_id, group in _grouped(rows).items() if tag_id in tags}
    experts = experts_by_tag(list(waiting), EXPERTS)
    found: dict[int, list[str]] = {}
    for tag_id, group in waiting.items():
        lines = [f"- [{_md(row.title)}](/questions/{row.id})" for row in group]
        names = [_md(expert.display_name) for expert in experts.get(tag_id, [])]
        if names:
            lines.append(f"\nWho could help: {', '.join(names)} know {_md(tags[tag_id].name)} well.")
        found[tag_id] = lines
    return found


def _celebrations(tag_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, list[str]]:
    lines: dict[int, list[str]] = defaultdict(list)
    in_week = (Answer.created_at >= start, Answer.created_at < end)
    # Newcomers: people whose first answer anywhere came this week; only the people who
    # answered this week can be, so only their first answers are looked up.
    first_answer = (
        select(Answer.author_id, func.min(Answer.created_at).label("first"))
        .where(Answer.is_deleted.is_(False), Answer.author_id.in_(select(Answer.author_id).where(*in_week)))
        .group_by(Answer.author_id)
        .subquery()
    )
    newcomers = db.session.execute(
        select(QuestionTag.tag_id, User.display_name, Question.id, Question.title)
        .join(first_answer, first_answer.c.author_id == User.id)
        .join(Answer, (Answer.author_id == User.id) & (Answer.created_at == first_answer.c.first))
        .join(Question, Question.id == Answer.question_id)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .where(
            _of(tag_ids),
            *_listed(),
            Answer.hidden_at.is_(None),
            first_answer.c.first >= start,
            first_answer.c.first < end,
            User.password_hash.is_not(None),
        )
        .order_by(QuestionTag.tag_id, User.display_name, Question.id)
    ).all()
    for tag_id, group in _grouped(newcomers).items():
        for row in group[:SHOWN]:
            link = f"[{_md(row.title)}](/questions/{row.id})"
            lines[tag_id].append(f"- Welcome, {_md(row.display_name)}: a first answer, on {link}.")
    accepted = db.session.execute(
        select(QuestionTag.tag_id, User.display_name, func.count().label("n"))
        .select_from(Question)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(Answer, Answer.id == Question.accepted_answer_id)
        .join(User, User.id == Answer.author_id)
        .where(
            _of(tag_ids),
            *_listed(),
            Question.resolved_at >= start,
            Question.resolved_at < end,
        )
        .group_by(QuestionTag.tag_id, User.display_name)
        .order_by(QuestionTag.tag_id, func.count().desc(), User.display_name)
    ).all()
    for tag_id, group in _grouped(accepted).items():
        for row in group[:SHOWN]:
            lines[tag_id].append(
                f"- {_md(row.display_name)}: {row.n} accepted answer{'s' if row.n != 1 else ''}."
            )
    helped = db.session.execute(
        select(QuestionTag.tag_id, User.display_name, func.count().label("n"))
        .select_from(HelpedMark)
        .join(Answer, Answer.id == HelpedMark.answer_id)
        .join(Question, Question.id == Answer.question_id)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .join(User, User.id == Answer.author_id)
        .where(
            _of(tag_ids),
            *_listed(),
            Answer.hidden_at.is_(None),
            HelpedMark.created_at >= start,
            HelpedMark.created_at < end,
        )
        .group_by(QuestionTag.tag_id, User.display_name)
        .order_by(QuestionTag.tag_id, func.count().desc(), User.display_name)
    ).all()
    for tag_id, group in _grouped(helped).items():
        for row in group[:SHOWN]:
            people = "person" if row.n == 1 else "people"
            lines[tag_id].append(f"- {_md(row.display_name)}'s answers helped {row.n} {people}.")
    answered_here = (
        select(QuestionTag.tag_id, Answer.author_id)
        .join(QuestionTag, QuestionTag.question_id == Answer.question_id)
        .where(_of(tag_ids), *in_week)
        .distinct()
        .subquery()
    )
    badges = db.session.execute(
        select(answered_here.c.tag_id, User.display_name, BadgeAward.badge)
        .join(BadgeAward, BadgeAward.user_id == User.id)
        .join(answered_here, answered_here.c.author_id == User.id)
        .where(BadgeAward.awarded_at >= start, BadgeAward.awarded_at < end)
        .order_by(answered_here.c.tag_id, BadgeAward.awarded_at, BadgeAward.id)
    ).all()
    for tag_id, group in _grouped(badges).items():
        for row in group[:SHOWN]:
            lines[tag_id].append(
                f"- {_md(row.display_name)} earned the {_md(row.badge.replace('_', ' '))} badge."
            )
    return lines


def _themes(tag_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, list[str]]:
    """The week's questions grouped by what they are about, from the vectors the search sync
    stored (none without the semantic extra): a theme of several is named by its most
    central question."""
    rows = db.session.execute(
        select(QuestionTag.tag_id, Question.id, Question.title)
        .where(*_tagged(tag_ids), *_listed())
        .where(Question.created_at >= start, Question.created_at < end)
        .order_by(Question.created_at, Question.id)
    ).all()
    by_tag = {tag_id: group for tag_id, group in _grouped(rows).items() if len(group) >= 2}
    if not by_tag:
        return {}
    vectors = stored_vectors(list({row.id for group in by_tag.values() for row in group}))
    unit = {qid: vector / (np.linalg.norm(vector) or 1.0) for qid, vector in vectors.items()}
    return {tag_id: lines for tag_id, group in by_tag.items() if (lines := _theme_lines(group, unit))}


def _theme_lines(rows: list[Any], unit: dict[int, np.ndarray]) -> list[str]:
    titles = {row.id: row.title for row in rows}
    ids = [row.id for row in rows if row.id in unit]
    if len(ids) < 2:
        return []
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


def gather(tags: Sequence[Tag], week: str) -> Week:
    """The week's material for these communities, a statement per part for all of them."""
    start, end = weeks.bounds(week)
    before_start, before_end = weeks.bounds(weeks.before(week))
    ids = [tag.id for tag in tags]
    return Week(
        now=figures(ids, start, end),
        before=figures(ids, before_start, before_end),
        resolved=_resolved(ids, start, end),
        answers=_answers(ids, start, end),
        themes=_themes(ids, start, end),
        waiting=_waiting({tag.id: tag for tag in tags}, start, end),
        celebrations=_celebrations(ids, start, end),
    )


def _wait(hours: float | None) -> str:
    """A wait as a reader says it: minutes within the hour, hours within two days, then days
    (as the community health page shows waits)."""
    if hours is None:
        return "none"
    minutes = round(hours * 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    if hours < 48:
        return f"{round(hours, 1):g} h"
    return f"{round(hours / 24, 1):g} days"


def compose(tag: Tag, week: str, material: Week | None = None) -> str | None:
    """The draft's Markdown, or None for a week with no activity in the community."""
    material = material or gather([tag], week)
    now, then = material.now.get(tag.id, Figures()), material.before.get(tag.id, Figures())
    resolved = material.resolved.get(tag.id, [])
    if now.asked == 0 and not resolved and now.resolved == 0 and not material.answers.get(tag.id):
        return None
    parts = [f"# {_md(tag.name)}: the week of {weeks.parse(week).isoformat()} ({week})"]
    if resolved:
        more = [f"- and {len(resolved) - SHOWN} more."] if len(resolved) > SHOWN else []
        parts.append("## Solved this week\n\n" + "\n".join([*resolved[:SHOWN], *more]))
    if themes := material.themes.get(tag.id):
        parts.append("## What people asked about\n\n" + "\n".join(themes))
    if waiting := material.waiting.get(tag.id):
        parts.append("## Still waiting for help\n\n" + "\n".join(waiting))
    if celebrations := material.celebrations.get(tag.id):
        parts.append("## Thank you\n\n" + "\n".join(celebrations))
    parts += [
        "## What we learned\n\n" + WE_LEARNED,
        "## In figures\n\n"
        "| | this week | the week before |\n|---|---:|---:|\n"
        f"| questions asked | {now.asked} | {then.asked} |\n"
        f"| of those answered | {now.answered} | {then.answered} |\n"
        f"| threads resolved | {now.resolved} | {then.resolved} |\n"
        f"| median time to a first answer | {_wait(now.median_first_answer_hours)} "
        f"| {_wait(then.median_first_answer_hours)} |",
    ]
    return "\n\n".join(parts) + "\n"


def _add_draft(tag: Tag, week: str, body: str) -> Synthesis:
    now = utcnow()
    synthesis = Synthesis(
        tag_id=tag.id,
        week=week,
        status=SynthesisStatus.DRAFT,
        body=body,
        html=render_markdown(body),
        created_at=now,
        updated_at=now,
    )
    db.session.add(synthesis)
    return synthesis


def draft_all(week: str, tag: Tag | None = None) -> int:
    """Drafts for every community with activity that week (or this one), made once: a
    community with a synthesis of that week (draft or published) is left as it is, so a
    restart or a second run changes nothing. How many were made."""
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
    done = set(
        db.session.scalars(
            select(Synthesis.tag_id).where(Synthesis.week == week, Synthesis.tag_id.in_([t.id for t in tags]))
        )
    )
    tags = [each for each in tags if each.id not in done]
    if not tags:
        return 0
    material = gather(tags, week)
    made = 0
    for each in tags:
        body = compose(each, week, material)
        if body is not None:
            _add_draft(each, week, body)
            made += 1
    db.session.flush()
    return made
