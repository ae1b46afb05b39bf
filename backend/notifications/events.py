"""What happens in a thread, and who hears about it: the one call each write path makes.

Each person hears about an event at most once, by the most specific kind: the post's
author ("answered", "commented"), then people mentioned, then watchers. The actor is
never told about their own action, and is never named when they are the asker of an
anonymous question (actor None): a notification must not reveal who asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from backend.badges import services as badges
from backend.extensions import db
from backend.models import Answer, Comment, Question, User
from backend.notifications import services as notifications
from backend.notifications.mentions import mentioned_user_ids
from backend.preferences import watching


def _shown_actor(question: Question, actor_id: int) -> int | None:
    return None if question.is_anonymous and actor_id == question.author_id else actor_id


def _tell(
    recipients: Sequence[int],
    kind: str,
    told: set[int],
    shown_actor: int | None,
    about: Mapping[str, int | None],
    data: dict[str, Any] | None = None,
) -> None:
    for recipient in recipients:
        if recipient not in told:
            told.add(recipient)
            notifications.notify(recipient, kind, actor_id=shown_actor, data=data, **about)


def question_asked(question: Question, tag_ids: Sequence[int]) -> None:
    """A new question: the asker watches it, mentioned people and tag followers hear of it."""
    watching.add_watch(question.author_id, question.id)
    told = {question.author_id}
    shown = _shown_actor(question, question.author_id)
    mentioned = mentioned_user_ids(question.title + "\n" + question.body_source)
    _tell(mentioned, notifications.MENTIONED, told, shown, {"question_id": question.id})
    notifications.notify_tag_followers(question.id, tag_ids, question.author_id)
    badges.question_asked(question)


def answer_posted(answer: Answer) -> None:
    question = db.session.get(Question, answer.question_id)
    assert question is not None
    told = {answer.author_id}
    shown = _shown_actor(question, answer.author_id)
    about = {"question_id": question.id, "answer_id": answer.id}
    _tell([question.author_id], notifications.ANSWERED, told, shown, about)
    _tell(mentioned_user_ids(answer.body_source), notifications.MENTIONED, told, shown, about)
    _tell(watching.watcher_ids(question.id), notifications.WATCHED, told, shown, about)
    badges.answer_posted(question, answer)


def comment_posted(comment: Comment) -> None:
    if comment.answer_id is not None:
        answer = db.session.get(Answer, comment.answer_id)
        assert answer is not None
        question_id, post_author_id = answer.question_id, answer.author_id
    else:
        assert comment.question_id is not None
        question_id, post_author_id = comment.question_id, None
    question = db.session.get(Question, question_id)
    assert question is not None
    post_author_id = question.author_id if post_author_id is None else post_author_id
    told = {comment.author_id}
    shown = _shown_actor(question, comment.author_id)
    about = {"question_id": question.id, "answer_id": comment.answer_id, "comment_id": comment.id}
    _tell([post_author_id], notifications.COMMENTED, told, shown, about)
    _tell(mentioned_user_ids(comment.body_source), notifications.MENTIONED, told, shown, about)
    _tell(watching.watcher_ids(question.id), notifications.WATCHED, told, shown, about)


def answer_accepted(question: Question, answer: Answer, actor: User) -> None:
    """The answerer hears "accepted"; watchers hear it too (`watched`, data.event "accepted"):
    a thread that now has an answer that worked is what they were waiting for. Withdrawing an
    acceptance tells nobody (the next acceptance does)."""
    told = {actor.id}
    shown = _shown_actor(question, actor.id)
    about = {"question_id": question.id, "answer_id": answer.id}
    _tell([answer.author_id], notifications.ACCEPTED, told, shown, about)
    if question.hidden_at is None and answer.hidden_at is None:
        watchers = watching.watcher_ids(question.id)
        _tell(watchers, notifications.WATCHED, told, shown, about, {"event": "accepted"})
    badges.answer_accepted(question, answer)


def answer_scored(answer: Answer, score: int) -> None:
    question = db.session.get(Question, answer.question_id)
    assert question is not None
    badges.answer_scored(question, answer, score)


def question_scored(question: Question, score: int) -> None:
    badges.question_scored(question, score)


def invited(question: Question, inviter: User, invitee_id: int) -> None:
    about = {"question_id": question.id}
    _tell([invitee_id], notifications.INVITED, {inviter.id}, _shown_actor(question, inviter.id), about)
