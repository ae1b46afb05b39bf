"""The audit log: every moderator action, with who, what, when and why; and reading it back
with filters (who, what, which target, when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from backend.extensions import db
from backend.models import Answer, Comment, ModerationAction, Question, Tag, User, utcnow
from backend.users.services import people_by_id


def record(actor: User, action: str, target_type: str, target_id: int, reason: str | None = None) -> None:
    db.session.add(
        ModerationAction(
            actor_id=actor.id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            reason=reason or None,
            created_at=utcnow(),
        )
    )


@dataclass(frozen=True)
class LogFilter:
    actor_id: int | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive: the whole day

    def conditions(self) -> list[Any]:
        found: list[Any] = []
        if self.actor_id is not None:
            found.append(ModerationAction.actor_id == self.actor_id)
        if self.action:
            found.append(ModerationAction.action == self.action)
        if self.target_type:
            found.append(ModerationAction.target_type == self.target_type)
        if self.target_id is not None:
            found.append(ModerationAction.target_id == self.target_id)
        if self.since:
            found.append(ModerationAction.created_at >= datetime.combine(self.since, time(), UTC))
        if self.until:
            day_after = self.until + timedelta(days=1)
            found.append(ModerationAction.created_at < datetime.combine(day_after, time(), UTC))
        return found


def log_page(spec: LogFilter, page: int, per_page: int) -> tuple[list[dict[str, Any]], int]:
    """One page of the log, newest first, with each entry's actor and a link to its target."""
    conditions = spec.conditions()
    total = db.session.scalar(select(func.count()).select_from(ModerationAction).where(*conditions)) or 0
    rows = db.session.scalars(
        select(ModerationAction)
        .where(*conditions)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    actors = people_by_id({r.actor_id for r in rows})
    threads = _threads_of(rows)
    labels = _labels_of(rows, threads)
    return [
        {
            "id": r.id,
            "actor": actors.get(r.actor_id),
            "action": r.action,
            "target_type": r.target_type,
            "target_id": r.target_id,
            "target_url": _target_url(r, threads),
            "target_label": labels.get((r.target_type, r.target_id)),
            "reason": r.reason,
            "created_at": r.created_at,
        }
        for r in rows
    ], total


def log_choices() -> dict[str, Any]:
    """Who has acted and which actions and targets the log holds: the filters' choices."""
    actor_ids = set(db.session.scalars(select(ModerationAction.actor_id).distinct()))
    return {
        "actors": sorted(people_by_id(actor_ids).values(), key=lambda person: person.display_name.casefold()),
        "actions": sorted(db.session.scalars(select(ModerationAction.action).distinct())),
        "target_types": sorted(db.session.scalars(select(ModerationAction.target_type).distinct())),
    }


def _threads_of(rows: Any) -> dict[tuple[str, int], int]:
    """The thread of each answer and comment the page's entries name."""
    answers = {r.target_id for r in rows if r.target_type == "answer"}
    comments = {r.target_id for r in rows if r.target_type == "comment"}
    found: dict[tuple[str, int], int] = {}
    if answers:
        for answer_id, question_id in db.session.execute(
            select(Answer.id, Answer.question_id).where(Answer.id.in_(answers))
        ):
            found["answer", answer_id] = question_id
    if comments:
        for comment_id, on_question, on_answer_question in db.session.execute(
            select(Comment.id, Comment.question_id, Answer.question_id)
            .outerjoin(Answer, Answer.id == Comment.answer_id)
            .where(Comment.id.in_(comments))
        ):
            thread = on_question if on_question is not None else on_answer_question
            if thread is not None:
                found["comment", comment_id] = thread
    return found


def _labels_of(rows: Any, threads: dict[tuple[str, int], int]) -> dict[tuple[str, int], str]:
    """What each target of the page's entries is called, so the log reads without opening
    them: a question's title (an answer's or a comment's thread's), a person's name, a tag's."""
    wanted: dict[str, set[int]] = {"question": set(threads.values()), "user": set(), "tag": set()}
    for r in rows:
        if r.target_type in wanted:
            wanted[r.target_type].add(r.target_id)
    names: dict[tuple[str, int], str] = {}
    for kind, key, name in (
        ("question", Question.id, Question.title),
        ("user", User.id, User.display_name),
        ("tag", Tag.id, Tag.name),
    ):
        if wanted[kind]:
            for target_id, label in db.session.execute(select(key, name).where(key.in_(wanted[kind]))):
                names[kind, target_id] = label
    for (kind, target_id), thread in threads.items():
        if ("question", thread) in names:
            names[kind, target_id] = names["question", thread]
    return names


def _target_url(row: ModerationAction, threads: dict[tuple[str, int], int]) -> str | None:
    """Where the target is shown in the web app, if it has a page."""
    if row.target_type == "question":
        return f"/questions/{row.target_id}"
    if row.target_type == "user":
        return f"/users/{row.target_id}"
    thread = threads.get((row.target_type, row.target_id))
    if thread is None:
        return None
    return f"/questions/{thread}#{row.target_type}-{row.target_id}"
