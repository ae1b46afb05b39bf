"""A thread's posts (records from thread_rows) as one viewer sees them: authors (or not),
their own votes, what they may do."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    String,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute

from backend.comments.window import may_edit
from backend.direct_reads import DirectRead
from backend.models import Answer, HelpedMark, User, Vote
from backend.permissions import can_modify
from backend.presented import Presented
from backend.questions.anonymity import visible_author
from backend.questions.thread_rows import Record

_USER: BindParameter[int] = bindparam("user_id")
_QUESTION: BindParameter[int] = bindparam("question_id")


def _tag(kind: str) -> ColumnElement[str]:
    return literal_column(f"'{kind}'", String)


def _text(value: ColumnElement[Any] | InstrumentedAttribute[Any]) -> ColumnElement[str]:
    return cast(value, String)


# A member's votes and "helped" marks anywhere in a thread, as one text ("q1 a12=-1 h12": their
# vote on the question, on answer 12, and answer 12 helped them), so that the thread's own read
# can bring them along (backend/questions/stored_thread.py).
# The thread's answers are looked up first, then the member's marks on each: by the member's
# marks first, a member with thousands of votes would walk them all on every thread they read.
_ANSWERS = select(Answer.id).where(Answer.question_id == _QUESTION)
_PART_TEXTS = union_all(
    select(_tag("q") + _text(Vote.value)).where(Vote.user_id == _USER, Vote.question_id == _QUESTION),
    select(_tag("a") + _text(Vote.answer_id) + _tag("=") + _text(Vote.value)).where(
        Vote.user_id == _USER, Vote.answer_id.in_(_ANSWERS)
    ),
    select(_tag("h") + _text(HelpedMark.answer_id)).where(
        HelpedMark.user_id == _USER, HelpedMark.answer_id.in_(_ANSWERS)
    ),
).subquery()
# Most members have voted on nothing and marked nothing anywhere (most read, few take part): two
# probes tell so, and the thread's answers are not looked at.
_TAKES_PART = or_(exists().where(Vote.user_id == _USER), exists().where(HelpedMark.user_id == _USER))
PARTS_TEXT = case(
    (_TAKES_PART, select(func.aggregate_strings(_PART_TEXTS.c[0], " ")).scalar_subquery()), else_=null()
)
_PARTS = DirectRead(select(PARTS_TEXT))


@dataclass
class MemberParts:
    """What a member has done in a thread that it shows them: their votes, ("q", question id)
    or ("a", answer id) -> value, and the answers they said helped them. False when there is
    nothing."""

    votes: dict[tuple[str, int | None], int] = field(default_factory=dict)
    helped: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.votes or self.helped)


def parts_of(text: str | None, question_id: int) -> MemberParts:
    """The parts PARTS_TEXT read in this thread."""
    parts = MemberParts()
    for part in (text or "").split():
        kind, rest = part[0], part[1:]
        if kind == "h":
            parts.helped.add(int(rest))
        elif kind == "q":
            parts.votes[("q", question_id)] = int(rest)
        else:
            answer_id, _, value = rest.partition("=")
            parts.votes[("a", int(answer_id))] = int(value)
    return parts


def member_parts(user_id: int, question_id: int) -> MemberParts:
    row = _PARTS.first(user_id=user_id, question_id=question_id)
    return parts_of(row[0] if row else None, question_id)


class ThreadPresenter:
    def __init__(
        self,
        question: Record,
        viewer: User | None,
        comments: Sequence[Record],
        declined: Set[tuple[str, int]] = frozenset(),
    ) -> None:
        self.question = question
        self.viewer = viewer
        self.comments = comments
        self.declined = declined  # held posts a moderator rejected: ("answer", id), ...
        parts = member_parts(viewer.id, question.id) if viewer else MemberParts()
        self.votes, self.helped = parts.votes, parts.helped

    def author(self, post: Record) -> Record | None:
        q = self.question
        return visible_author(post.author, post.author_id, q.author_id, q.is_anonymous, self.viewer)

    def _my_vote(self, key: tuple[str, int | None]) -> int | None:
        return self.votes.get(key, 0) if self.viewer else None

    def _comments_on(self, question_id: int | None = None, answer_id: int | None = None) -> list[Presented]:
        return [
            Presented(
                c,
                author=self.author(c),
                can_delete=can_modify(self.viewer, c.author_id),
                can_edit=may_edit(c.author_id, c.created_at, self.viewer),
                rejected=("comment", c.id) in self.declined,
            )
            for c in self.comments
            if (question_id is not None and c.question_id == question_id)
            or (answer_id is not None and c.answer_id == answer_id)
        ]

    def answer(self, answer: Record) -> Presented:
        viewer, q = self.viewer, self.question
        return Presented(
            answer,
            author=self.author(answer),
            is_accepted=answer.id == q.accepted_answer_id,
            my_vote=self._my_vote(("a", answer.id)),
            helped_by_me=answer.id in self.helped if self.viewer else None,
            can_edit=can_modify(viewer, answer.author_id),
            can_accept=viewer is not None and (viewer.id == q.author_id or viewer.is_moderator),
            comments=self._comments_on(answer_id=answer.id),
            rejected=("answer", answer.id) in self.declined,
        )

    def thread(self, answers: Sequence[Record]) -> Presented:
        q = self.question
        return Presented(
            q,
            author=self.author(q),
            my_vote=self._my_vote(("q", q.id)),
            can_edit=can_modify(self.viewer, q.author_id),
            comments=self._comments_on(question_id=q.id),
            answers=[self.answer(a) for a in answers],
            rejected=("question", q.id) in self.declined,
        )
