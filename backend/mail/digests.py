"""The digest of a person's communities, queued for everyone due in batches of recipients.

A digest tells, since the person's previous one: the questions they could help with first
(unanswered, in the tags they follow and in the tags where they have had an answer
accepted, followed or not: they know those topics), then the other new questions and the
newly resolved threads in the tags they follow, and what they were thanked for (answers
marked helped, answers accepted). Never a question in a tag they mute, never a hidden,
held or deleted post, never an asker's name; no digest at all when there is nothing new.

Each batch of recipients costs the same handful of queries whatever its size and however
many questions the period had; the rows (the question ids, composed when sent) and each
person's new `digest_sent_at` are written in one transaction, so a restart neither skips
nor repeats a digest. On PostgreSQL a batch locks its recipients (SKIP LOCKED): two
workers share a round instead of both mailing everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, insert, or_, select, update

from backend.extensions import db
from backend.mail.outbox import new_message_id
from backend.models import (
    Answer,
    DigestFrequency,
    HelpedMark,
    MailKind,
    MailOutbox,
    MailStatus,
    Question,
    QuestionStatus,
    QuestionTag,
    Synthesis,
    SynthesisStatus,
    TagPreference,
    TagStance,
    User,
)

PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
BATCH = 500
# Questions shown per section; the digest says how many more there are.
SHOWN = 8
SECTIONS = ("help", "new", "resolved")


@dataclass
class DigestRound:
    people: int = 0
    queued: int = 0
    nothing_new: int = 0


@dataclass
class _Thread:
    id: int
    author_id: int
    created_at: datetime
    resolved_at: datetime | None
    unanswered: bool
    tags: set[int] = field(default_factory=set)


def queue_due(
    frequency: DigestFrequency,
    now: datetime,
    *,
    force: bool = False,
    dry_run: bool = False,
    batch: int = BATCH,
) -> DigestRound:
    """Queue the digest of everyone of this frequency who is due (everyone, with force)."""
    period = PERIODS[frequency]
    done = DigestRound()
    after_id = 0
    while True:
        people = _due(frequency, now, period, force, after_id, batch)
        if not people:
            db.session.rollback()
            return done
        after_id = people[-1].id
        since = {person.id: person.digest_sent_at or now - period for person in people}
        digests = contents(since)
        done.people += len(people)
        done.queued += len(digests)
        done.nothing_new += len(people) - len(digests)
        if dry_run:
            db.session.rollback()
            continue
        if digests:
            db.session.execute(
                insert(MailOutbox),
                [
                    {
                        "recipient_id": person_id,
                        "kind": MailKind.DIGEST,
                        "events": [{**digest, "frequency": frequency.value}],
                        "message_id": new_message_id(),
                        "status": MailStatus.PENDING,
                        "available_at": now,
                        "attempts": 0,
                        "created_at": now,
                    }
                    for person_id, digest in digests.items()
                ],
            )
        # Nothing new is a digest too: the next one starts from now.
        db.session.execute(
            update(User)
            .where(User.id.in_([person.id for person in people]))
            .values(digest_sent_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def _due(
    frequency: DigestFrequency, now: datetime, period: timedelta, force: bool, after_id: int, batch: int
) -> Sequence[Row[int, datetime | None]]:
    query = (
        select(User.id, User.digest_sent_at)
        .where(
            User.digest == frequency,
            User.is_active.is_(True),
            User.password_hash.is_not(None),
            or_(User.suspended_until.is_(None), User.suspended_until <= now),
            User.id > after_id,
        )
        .order_by(User.id)
        .limit(batch)
    )
    if not force:
        # A new member's first digest comes a period after they joined.
        query = query.where(
            or_(
                User.digest_sent_at <= now - period,
                User.digest_sent_at.is_(None) & (User.created_at <= now - period),
            )
        )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=User)
    return db.session.execute(query).all()


def contents(since: dict[int, datetime]) -> dict[int, dict[str, Any]]:
    """Each person's digest (those with something new), by person: a fixed number of
    queries for the whole batch."""
    people = list(since)
    earliest = min(since.values())
    followed: dict[int, set[int]] = defaultdict(set)
    muted: dict[int, set[int]] = defaultdict(set)
    for person, tag, stance in db.session.execute(
        select(TagPreference.user_id, TagPreference.tag_id, TagPreference.stance).where(
            TagPreference.user_id.in_(people)
        )
    ):
        (followed if stance == TagStance.FOLLOW else muted)[person].add(tag)
    expert: dict[int, set[int]] = defaultdict(set)
    for person, tag in db.session.execute(
        select(Answer.author_id, QuestionTag.tag_id)
        .join(Question, Question.accepted_answer_id == Answer.id)
        .join(QuestionTag, QuestionTag.question_id == Question.id)
        .where(Answer.author_id.in_(people), Question.author_id != Answer.author_id)
        .distinct()
    ):
        expert[person].add(tag)
    threads = _threads(earliest, {tag for tags in (*followed.values(), *expert.values()) for tag in tags})
    by_tag: dict[int, list[_Thread]] = defaultdict(list)
    for thread in threads:
        for tag in thread.tags:
            by_tag[tag].append(thread)
    thanks = _thanks(since, earliest)
    published = _syntheses(earliest, {tag for tags in followed.values() for tag in tags})
    digests = {}
    for person in people:
        # Only the threads in this person's tags, newest first, each once.
        mine = {t.id: t for tag in followed[person] | expert[person] for t in by_tag.get(tag, ())}
        ordered = sorted(mine.values(), key=lambda t: (t.created_at, t.id), reverse=True)
        digest = _digest_of(person, since[person], followed[person], muted[person], expert[person], ordered)
        digest.update(thanks.get(person, {}))
        # The weekly synthesis of a community I follow, published since my last digest: on top.
        syntheses = [sid for tag, at, sid in published if tag in followed[person] and at >= since[person]]
        if syntheses:
            digest["syntheses"] = syntheses
        if any(digest.get(name) for name in (*SECTIONS, "helped", "accepted", "syntheses")):
            digests[person] = {**digest, "since": since[person].isoformat()}
    return digests


def _syntheses(earliest: datetime, tag_ids: set[int]) -> list[tuple[int, datetime, int]]:
    """(tag, published at, synthesis id) of the syntheses published since `earliest` in these
    tags, newest first."""
    if not tag_ids:
        return []
    rows = db.session.execute(
        select(Synthesis.tag_id, Synthesis.published_at, Synthesis.id)
        .where(
            Synthesis.tag_id.in_(tag_ids),
            Synthesis.status == SynthesisStatus.PUBLISHED,
            Synthesis.published_at >= earliest,
        )
        .order_by(Synthesis.published_at.desc())
    )
    return [(tag, at, sid) for tag, at, sid in rows if at is not None]


def _threads(earliest: datetime, tag_ids: set[int]) -> list[_Thread]:
    """The listed threads asked or resolved since `earliest` in any of these tags, with all
    their tags (a muted one rules a thread out)."""
    if not tag_ids:
        return []
    rows = db.session.execute(
        select(
            Question.id,
            Question.author_id,
            Question.created_at,
            Question.resolved_at,
            Question.answer_count,
            Question.status,
        )
        .where(
            Question.id.in_(select(QuestionTag.question_id).where(QuestionTag.tag_id.in_(tag_ids))),
            Question.is_deleted.is_(False),
            Question.hidden_at.is_(None),
            or_(Question.created_at >= earliest, Question.resolved_at >= earliest),
        )
        .order_by(Question.created_at.desc(), Question.id.desc())
    ).all()
    threads = {
        row.id: _Thread(
            row.id,
            row.author_id,
            row.created_at,
            row.resolved_at,
            row.answer_count == 0 and row.status == QuestionStatus.OPEN,
        )
        for row in rows
    }
    if threads:
        for question_id, tag_id in db.session.execute(
            select(QuestionTag.question_id, QuestionTag.tag_id).where(
                QuestionTag.question_id.in_(list(threads))
            )
        ):
            threads[question_id].tags.add(tag_id)
    return list(threads.values())


def _digest_of(
    person: int,
    since: datetime,
    followed: set[int],
    muted: set[int],
    expert: set[int],
    threads: Iterable[_Thread],
) -> dict[str, Any]:
    help_: list[int] = []
    new: list[int] = []
    resolved: list[int] = []
    for thread in threads:
        if thread.author_id == person or thread.tags & muted:
            continue
        # A thread asked and resolved since is listed once, resolved: its answer is the news.
        if thread.resolved_at is not None and thread.resolved_at >= since and thread.tags & followed:
            resolved.append(thread.id)
        elif thread.created_at >= since:
            if thread.unanswered and thread.tags & (followed | expert):
                help_.append(thread.id)
            elif thread.tags & followed:
                new.append(thread.id)
    digest: dict[str, Any] = {}
    for name, ids in (("help", help_), ("new", new), ("resolved", resolved)):
        if ids:
            digest[name] = ids[:SHOWN]
            digest[f"{name}_total"] = len(ids)
    return digest


def _thanks(since: dict[int, datetime], earliest: datetime) -> dict[int, dict[str, Any]]:
    """Per person: their answers marked helped since (question id, how many marks) and
    their answers accepted since (question ids); each row carries its own time, so a
    person's own `since` is applied here, in one pass."""
    people = list(since)
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    helped: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for person, question_id, marked_at in db.session.execute(
        select(Answer.author_id, Answer.question_id, HelpedMark.created_at)
        .join(HelpedMark, HelpedMark.answer_id == Answer.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Answer.author_id.in_(people),
            HelpedMark.created_at >= earliest,
            Answer.is_deleted.is_(False),
            Answer.hidden_at.is_(None),
            Question.is_deleted.is_(False),
            Question.hidden_at.is_(None),
        )
    ):
        if marked_at >= since[person]:
            helped[person][question_id] += 1
    for person, counts in helped.items():
        found[person]["helped"] = [[question_id, count] for question_id, count in counts.items()][:SHOWN]
    for person, question_id, resolved_at in db.session.execute(
        select(Answer.author_id, Question.id, Question.resolved_at)
        .join(Question, Question.accepted_answer_id == Answer.id)
        .where(
            Answer.author_id.in_(people),
            Question.author_id != Answer.author_id,
            Question.resolved_at >= earliest,
            Question.is_deleted.is_(False),
            Question.hidden_at.is_(None),
        )
    ):
        if resolved_at is not None and resolved_at >= since[person]:
            found[person].setdefault("accepted", []).append(question_id)
    return found
