"""What happens in a thread, and who hears about it: the one call each write path makes.

Each person hears about an event at most once, by the most specific kind: the post's
author ("answered", "commented"), then people mentioned, then watchers. The actor is
never told about their own action, and is never named when they are the asker of an
anonymous question (actor None): a notification must not reveal who asked. Nobody is
told about what they cannot read: in a hidden thread, or about a hidden answer, only
the hidden post's author and moderators hear anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from backend.badges import services as badges
from backend.extensions import db
from backend.models import Answer, Comment, Question, QuestionTag, Role, User
from backend.notifications import services as notifications
from backend.notifications.mentions import mentioned_user_ids
from backend.preferences import watching
from backend.webhooks import outbox as webhooks


@dataclass
class _Event:
    """One thing that happened in a thread, told to each person at most once."""

    question: Question
    shown_actor: int | None
    about: dict[str, int | None]
    told: set[int]
    # The hidden posts the event is about (the thread, an answer): they limit who may hear of it.
    hidden: list[Question | Answer | Comment] = field(default_factory=list)

    def tell(self, recipients: Sequence[int], kind: str, data: dict[str, Any] | None = None) -> None:
        for recipient in self._readers(recipients):
            if recipient not in self.told:
                self.told.add(recipient)
                notifications.notify(recipient, kind, actor_id=self.shown_actor, data=data, **self.about)

    def _readers(self, recipients: Sequence[int]) -> list[int]:
        if not self.hidden or not recipients:
            return list(recipients)
        moderators = set(
            db.session.scalars(select(User.id).where(User.id.in_(recipients), User.role != Role.MEMBER))
        )
        return [r for r in recipients if r in moderators or all(r == p.author_id for p in self.hidden)]


def _event(
    question: Question, actor_id: int, about: dict[str, int | None], *posts: Answer | Comment | None
) -> _Event:
    shown_actor = None if question.is_anonymous and actor_id == question.author_id else actor_id
    hidden = [p for p in (question, *posts) if p is not None and p.hidden_at is not None]
    return _Event(question, shown_actor, about, {actor_id}, hidden)


def _thread(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    assert question is not None
    return question


def _question_text(question: Question) -> str:
    return question.title + "\n" + question.body_source


def question_asked(question: Question, tag_ids: Sequence[int]) -> None:
    """A new question: the asker watches it, mentioned people and tag followers hear of it
    (once it is approved, if it is held for a moderator: see post_approved)."""
    watching.add_watch(question.author_id, question.id)
    if question.hidden_at is None:
        _question_announced(question, tag_ids)


def _question_announced(question: Question, tag_ids: Sequence[int]) -> None:
    event = _event(question, question.author_id, {"question_id": question.id})
    event.tell(mentioned_user_ids(_question_text(question)), notifications.MENTIONED)
    notifications.notify_tag_followers(question.id, tag_ids, question.author_id)
    webhooks.thread_event(webhooks.ASKED, question)
    badges.question_asked(question)


def post_approved(post: Question | Answer | Comment) -> None:
    """A post held for a moderator (pre-moderation) was approved: announce it as if just posted."""
    if isinstance(post, Question):
        tag_ids = db.session.scalars(select(QuestionTag.tag_id).where(QuestionTag.question_id == post.id))
        _question_announced(post, sorted(tag_ids))
    elif isinstance(post, Answer):
        answer_posted(post)
    else:
        comment_posted(post)


def answer_posted(answer: Answer) -> None:
    """The asker, people mentioned and watchers hear of a new answer (of a held one, once it
    is approved)."""
    if answer.hidden_at is not None:
        return
    question = _thread(answer.question_id)
    event = _event(question, answer.author_id, {"question_id": question.id, "answer_id": answer.id}, answer)
    event.tell([question.author_id], notifications.ANSWERED)
    event.tell(mentioned_user_ids(answer.body_source), notifications.MENTIONED)
    event.tell(watching.watcher_ids(question.id), notifications.WATCHED)
    webhooks.thread_event(webhooks.ANSWERED, question, answer.id)
    badges.answer_posted(question, answer)


def comment_posted(comment: Comment) -> None:
    """The post's author, people mentioned and watchers hear of a new comment (of a held one,
    once it is approved)."""
    if comment.hidden_at is not None:
        return
    answer = db.session.get(Answer, comment.answer_id) if comment.answer_id is not None else None
    question = _thread(answer.question_id if answer is not None else int(comment.question_id or 0))
    about = {"question_id": question.id, "answer_id": comment.answer_id, "comment_id": comment.id}
    event = _event(question, comment.author_id, about, answer, comment)
    event.tell([answer.author_id if answer is not None else question.author_id], notifications.COMMENTED)
    event.tell(mentioned_user_ids(comment.body_source), notifications.MENTIONED)
    event.tell(watching.watcher_ids(question.id), notifications.WATCHED)


def question_edited(question: Question, editor: User, before: str, approved_by: User | None) -> None:
    """An edit of the title or body tells the people it newly mentions (`before` is the
    previous title and body)."""
    if question.hidden_at is None:  # a hidden post's edit goes to review, not to readers
        event = _event(question, editor.id, {"question_id": question.id})
        _tell_new_mentions(event, before, _question_text(question), approved_by)


def answer_edited(answer: Answer, editor: User, before: str, approved_by: User | None) -> None:
    """An edit of the body tells the people it newly mentions (`before` is the previous body)."""
    if answer.hidden_at is None:
        question = _thread(answer.question_id)
        event = _event(question, editor.id, {"question_id": question.id, "answer_id": answer.id}, answer)
        _tell_new_mentions(event, before, answer.body_source, approved_by)


def _tell_new_mentions(event: _Event, before: str, after: str, approved_by: User | None) -> None:
    # People the previous version named heard of it then; whoever approved a suggested edit
    # has just read it.
    event.told.update(mentioned_user_ids(before))
    if approved_by is not None:
        event.told.add(approved_by.id)
    mentioned = [person for person in mentioned_user_ids(after) if person not in event.told]
    # Nor twice about one post: removing a name and adding it back would ping them again.
    event.told.update(notifications.already_told(mentioned, notifications.MENTIONED, event.about))
    event.tell(mentioned, notifications.MENTIONED)


def answer_accepted(question: Question, answer: Answer, actor: User) -> None:
    """The answerer hears "accepted"; watchers hear it too (`watched`, data.event "accepted"):
    a thread that now has an answer that worked is what they were waiting for. Withdrawing an
    acceptance tells nobody (the next acceptance does)."""
    event = _event(question, actor.id, {"question_id": question.id, "answer_id": answer.id}, answer)
    event.tell([answer.author_id], notifications.ACCEPTED)
    event.tell(watching.watcher_ids(question.id), notifications.WATCHED, {"event": "accepted"})
    if answer.hidden_at is None:
        webhooks.thread_event(webhooks.RESOLVED, question, answer.id)
    badges.answer_accepted(question, answer)


def answer_scored(answer: Answer, score: int) -> None:
    badges.answer_scored(_thread(answer.question_id), answer, score)


def question_scored(question: Question, score: int) -> None:
    badges.question_scored(question, score)


def invited(question: Question, inviter: User, invitee_id: int) -> None:
    _event(question, inviter.id, {"question_id": question.id}).tell([invitee_id], notifications.INVITED)
