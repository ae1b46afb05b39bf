"""Reading a thread: what GET /questions/<id> serves to each reader.

Signed out, everyone sees the same thread (rendered_threads.public_rendering). A signed-in
member mostly sees it too, with their own parts put in: their votes, what they said helped
them, and what they may do (edit their answers, delete their comments). That is taken from
the public rendering when nothing else differs for them; moderators, the asker (who may see
themselves on an anonymous question and accept answers) and authors of a hidden post in the
thread (who see it) get the thread rendered for them from the database.

Most members reading a thread have no part in it: the thread's own read (stored_thread.py)
finds that they voted on nothing
and marked nothing there, and they wrote nothing it shows, so they get the public rendering
with its "not signed in" nulls as a member's "no" (Rendering.as_member) without parsing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.comments.window import may_edit
from backend.errors import NotFound
from backend.models import User
from backend.questions import rendered_threads, services
from backend.questions.presentation import MemberParts, member_parts, parts_of
from backend.questions.schemas import THREAD_SCHEMA
from backend.questions.stored_thread import StoredThread
from backend.questions.thread_cache import Rendering, serialize


@dataclass
class ThreadRead:
    rendering: Rendering  # view count 0: the caller puts in the current one
    stored_views: int
    asker_id: int


def read_thread(question_id: int, reader: User | None) -> ThreadRead:
    if reader is None:
        found = public_read(question_id, None)
        assert found is not None  # a signed-out reader is always served the public rendering
        return found
    if not reader.is_moderator:
        try:
            found = public_read(question_id, reader)
        except NotFound:
            found = None  # hidden, and perhaps theirs: rendered for them below (or not found there either)
        if found is not None:
            return found
    presented = services.get_thread(question_id, reader)
    return ThreadRead(serialize(THREAD_SCHEMA.dump(presented)), presented.view_count, presented.author_id)


def public_read(
    question_id: int, reader: User | None, found: StoredThread | None = None
) -> ThreadRead | None:
    """The thread from its public rendering, for a reader it serves: signed out, or a member
    other than a moderator who neither asked the question nor wrote a hidden post in it
    (None for anyone else). NotFound if the thread is not listed. `found`: its thread_row,
    if the caller has read it."""
    found = found or rendered_threads.thread_row(question_id, reader.id if reader else None)
    if found is None:
        raise NotFound(f"Question {question_id} does not exist.")
    rendering = rendered_threads.public_rendering(question_id, found)
    if reader is None:
        return ThreadRead(rendering, found.view_count, found.asker_id)
    if reader.is_moderator or reader.id == found.asker_id or reader.id in rendering.hidden_authors:
        return None
    if found.parts_of == reader.id:
        parts = parts_of(found.parts, question_id)
    else:
        parts = member_parts(reader.id, question_id)
    if parts or reader.id in rendering.reputations:  # they voted, marked or wrote here
        rendering = _as_member_sees(rendering, reader, parts)
    else:
        rendering = rendering.as_member()
    return ThreadRead(rendering, found.view_count, found.asker_id)


def _as_member_sees(public: Rendering, member: User, parts: MemberParts) -> Rendering:
    """The public thread with this member's parts: neither the asker nor a moderator, they may
    edit only their own answers, delete only their own comments, and accept nothing."""
    thread = json.loads(public.body)
    votes, helped = parts.votes, parts.helped
    thread["my_vote"] = votes.get(("q", thread["id"]), 0)
    thread["can_edit"] = False
    _own_comments(thread, member)
    for answer in thread["answers"]:
        answer["my_vote"] = votes.get(("a", answer["id"]), 0)
        answer["helped_by_me"] = answer["id"] in helped
        answer["can_edit"] = _by(answer, member)
        answer["can_accept"] = False
        _own_comments(answer, member)
    return serialize(thread, public.hidden_authors)


def _own_comments(post: dict[str, Any], member: User) -> None:
    for comment in post["comments"]:
        comment["can_delete"] = mine = _by(comment, member)
        comment["can_edit"] = mine and may_edit(
            member.id, datetime.fromisoformat(comment["created_at"]), member
        )


def _by(post: dict[str, Any], member: User) -> bool:
    # An author the thread does not show (the anonymous asker's own posts) is never this member.
    return post["author"] is not None and post["author"]["id"] == member.id
