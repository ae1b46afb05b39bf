"""Votes: up, down or retract; the post's score and its author's reputation move atomically."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from backend.answers.services import get_answer
from backend.community_health import activity
from backend.errors import Conflict, Forbidden
from backend.extensions import db
from backend.indexing.outbox import thread_changed
from backend.models import Answer, Question, User, Vote, utcnow
from backend.moderation import privileges
from backend.moderation.visibility import ensure_visible
from backend.notifications import events
from backend.questions.content_version import content_changed
from backend.questions.listing import refresh_listing_keys
from backend.questions.services import get_question
from backend.reputation import rules
from backend.reputation import services as reputation


@dataclass(frozen=True)
class VoteResult:
    score: int
    my_vote: int


def vote_on_question(question_id: int, voter: User, value: int) -> VoteResult:
    question = get_question(question_id)
    result = _cast(voter, question, value)
    refresh_listing_keys([question.id])
    events.question_scored(question, result.score)
    return result


def vote_on_answer(answer_id: int, voter: User, value: int) -> VoteResult:
    answer = get_answer(answer_id)
    # The thread first, then the author's reputation: the order accepting takes them in.
    get_question(answer.question_id, for_update=True)
    result = _cast(voter, answer, value)
    events.answer_scored(answer, result.score)
    content_changed([answer.question_id])  # the answer's score shows on the thread
    return result


def _cast(voter: User, post: Question | Answer, value: int) -> VoteResult:
    if post.author_id == voter.id:
        raise Forbidden("You cannot vote on your own post.")
    privileges.ensure_thread_open(
        post if isinstance(post, Question) else get_question(post.question_id), voter
    )
    ensure_visible(post, voter, "answer" if isinstance(post, Answer) else "question")
    if value == -1:
        privileges.ensure_can_downvote(voter)
    on_answer = isinstance(post, Answer)
    model = type(post)
    post_column = Vote.answer_id if on_answer else Vote.question_id
    existing = db.session.scalar(select(Vote).where(Vote.user_id == voter.id, post_column == post.id))
    old = existing.value if existing else 0
    if old == value:
        return VoteResult(score=post.score, my_vote=value)

    if existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(Vote(user_id=voter.id, value=value, **{post_column.key: post.id}))
        except IntegrityError as error:  # the same person's vote raced in from another request
            raise Conflict("Your vote on this post changed meanwhile; try again.") from error
    elif value == 0:
        db.session.delete(existing)
    else:
        existing.value = value

    score = db.session.execute(
        update(model)
        .where(model.id == post.id)
        .values(score=model.score + (value - old))
        .returning(model.score)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    if reputation.earns_reputation(post):
        reputation.adjust(post.author_id, rules.for_vote(on_answer, value) - rules.for_vote(on_answer, old))
    db.session.flush()
    thread_id = post.question_id if isinstance(post, Answer) else post.id
    thread_changed(thread_id)
    activity.acted(voter.id, thread_id, utcnow(), posted=False)
    return VoteResult(score=score, my_vote=value)
