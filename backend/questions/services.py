"""Questions: asking, reading a thread, editing with revisions, deleting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from backend.community_health import activity
from backend.content import render_markdown
from backend.errors import NotFound
from backend.extensions import db
from backend.indexing.outbox import thread_changed
from backend.models import Question, Revision, User, utcnow
from backend.moderation import premoderation, privileges
from backend.moderation.visibility import declined, ensure_visible, shown
from backend.notifications import events
from backend.permissions import ensure_can_modify
from backend.presented import Presented
from backend.questions import thread_rows
from backend.questions.anonymity import sees_asker
from backend.questions.listing import refresh_listing_keys
from backend.questions.presentation import ThreadPresenter
from backend.tags import services as tags
from backend.text_diff import with_changes


def get_question(question_id: int, *, for_update: bool = False) -> Question:
    """A listed (not deleted) question, or NotFound."""
    query = select(Question).where(Question.id == question_id, Question.is_deleted.is_(False))
    if for_update:
        query = query.with_for_update()
    question = db.session.scalar(query)
    if question is None:
        raise NotFound(f"Question {question_id} does not exist.")
    return question


def ask_question(author: User, title: str, body: str, tag_names: Sequence[str], anonymous: bool) -> Question:
    """Post a question with 1-5 tags; its first revision records the original. A new member's
    first posts may wait for a moderator (pre-moderation)."""
    privileges.ensure_within_first_day_limit(author, "question")
    names = tags.normalize_tag_names(tag_names)
    now = utcnow()
    question = Question(
        title=" ".join(title.split()),
        body_source=body,
        body_html=render_markdown(body),
        author_id=author.id,
        is_anonymous=anonymous,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    if premoderation.holds(author):
        premoderation.hold(question)  # its tags do not count it until it is approved
    db.session.add(question)
    db.session.flush()
    question_tags = tags.set_question_tags(question, names)
    _add_revision(question, author, names)
    thread_changed(question.id)
    tag_ids = [tag.id for tag in question_tags]
    events.question_asked(question, tag_ids)
    activity.acted(author.id, question.id, now, posted=True, tag_ids=tag_ids)
    return question


def _add_revision(question: Question, editor: User, tag_names: Sequence[str]) -> None:
    db.session.add(
        Revision(
            question_id=question.id,
            editor_id=editor.id,
            title=question.title,
            body_source=question.body_source,
            tags=" ".join(tag_names),
            created_at=question.updated_at,
        )
    )


def edit_question(
    question: Question,
    editor: User,
    title: str | None = None,
    body: str | None = None,
    tag_names: Sequence[str] | None = None,
    approved_by: User | None = None,
) -> Question:
    """Change title, body and/or tags (author, moderator, or a member with the privilege; a
    suggested edit applies as its suggester's once the author or a moderator approved it);
    records a revision if anything changed, and tells the people it newly mentions. A hidden
    question's edit sends it back for review."""
    if approved_by is None:
        ensure_visible(question, editor, "question")
        privileges.ensure_can_edit(editor, question.author_id, "question")
    privileges.ensure_unlocked(question, approved_by or editor)
    current_tags = tags.tag_names_by_question([question.id])[question.id]
    before = question.title + "\n" + question.body_source
    changed = False
    if title is not None and " ".join(title.split()) != question.title:
        question.title = " ".join(title.split())
        changed = True
    if body is not None and body != question.body_source:
        question.body_source = body
        question.body_html = render_markdown(body)
        changed = True
    names = current_tags
    if tag_names is not None:
        wanted = tags.normalize_tag_names(tag_names)
        if sorted(wanted) != sorted(current_tags):
            tags.set_question_tags(question, wanted)
            names = sorted(wanted)
            changed = True
    if changed:
        now = utcnow()
        question.updated_at = now
        question.last_activity_at = now
        db.session.flush()
        refresh_listing_keys([question.id])
        _add_revision(question, editor, names)
        thread_changed(question.id)
        events.question_edited(question, editor, before, approved_by)
    return question


def delete_question(question: Question, actor: User) -> None:
    """Soft-delete (author or moderator): it leaves every list and its tags' counts."""
    ensure_can_modify(actor, question.author_id, "question")
    question.is_deleted = True
    question.updated_at = utcnow()
    db.session.flush()
    if question.hidden_at is None:  # a hidden question's tags already stopped counting it
        tags.release_question_tags(question.id)
    refresh_listing_keys([question.id])
    thread_changed(question.id)


def _load_question(question_id: int) -> thread_rows.Record:
    question = thread_rows.question(question_id)
    if question is None:
        raise NotFound(f"Question {question_id} does not exist.")
    return question


def get_thread(question_id: int, viewer: User | None) -> Presented:
    """The question with its answers (accepted first, then by score, then oldest) and comments."""
    question = _load_question(question_id)
    if not shown(question, viewer):
        raise NotFound(f"Question {question_id} does not exist.")
    answers = [a for a in thread_rows.answers(question_id, question.accepted_answer_id) if shown(a, viewer)]
    answer_ids = [a.id for a in answers]
    comments = [c for c in thread_rows.comments(question_id, answer_ids) if shown(c, viewer)]
    declined = _declined(question=[question], answer=answers, comment=comments)
    presenter = ThreadPresenter(question, viewer, comments, declined)
    return presenter.thread(answers)


def get_answer_view(answer_id: int, viewer: User | None) -> Presented:
    """One answer as it appears in its thread for this viewer."""
    answer = thread_rows.answer(answer_id)
    if answer is None or not shown(answer, viewer):
        raise NotFound(f"Answer {answer_id} does not exist.")
    question = _load_question(answer.question_id)
    comments = [c for c in thread_rows.comments(question.id, [answer.id]) if shown(c, viewer)]
    presenter = ThreadPresenter(question, viewer, comments, _declined(answer=[answer], comment=comments))
    return presenter.answer(answer)


def _declined(**posts_by_kind: Sequence[Any]) -> set[tuple[str, int]]:
    """The held posts among these that a moderator rejected (only their authors and
    moderators see held posts; for anyone else this reads nothing)."""
    return {(kind, post_id) for kind, posts in posts_by_kind.items() for post_id in declined(kind, posts)}


def post_revision(
    revision_id: int, *, question_id: int | None = None, answer_id: int | None = None
) -> Revision:
    """A revision of this post, or NotFound (a revision of another post included)."""
    revision = db.session.get(Revision, revision_id)
    if revision is None or (revision.question_id, revision.answer_id) != (question_id, answer_id):
        raise NotFound(f"Revision {revision_id} of this post does not exist.")
    return revision


def post_revisions(of_post: ColumnElement[bool]) -> list[Revision]:
    """A post's revisions, newest first, with their editors."""
    return list(
        db.session.scalars(
            select(Revision)
            .options(joinedload(Revision.editor))
            .where(of_post)
            .order_by(Revision.created_at.desc(), Revision.id.desc())
        )
    )


def roll_back_question(question: Question, revision_id: int, actor: User) -> Question:
    """Back to an earlier version (title, body and tags), by its author or a moderator,
    recorded as a new revision like any edit; the version it is already at changes nothing."""
    ensure_visible(question, actor, "question")
    ensure_can_modify(actor, question.author_id, "question")
    revision = post_revision(revision_id, question_id=question.id)
    return edit_question(
        question,
        actor,
        title=revision.title,
        body=revision.body_source,
        tag_names=revision.tags.split() if revision.tags else None,
    )


def list_revisions(question: Question, viewer: User | None) -> list[Presented]:
    """Every revision of the question, newest first; the anonymous asker stays hidden."""
    if not shown(question, viewer):
        raise NotFound(f"Question {question.id} does not exist.")
    revisions = post_revisions(Revision.question_id == question.id)
    hide = question.is_anonymous and not sees_asker(question.author_id, viewer)
    return with_changes(
        [
            Presented(r, editor=None if hide and r.editor_id == question.author_id else r.editor)
            for r in revisions
        ]
    )
