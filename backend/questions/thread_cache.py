"""Rendered threads for signed-out readers, cached per thread version as the JSON they are
sent as.

Every write that changes what a thread shows (the question, its answers, comments,
votes, acceptance, labels, moderation) bumps that thread's version in its own
transaction, so a cached thread is served only while it is exact, and a write in one
thread leaves the others cached. The one thing a thread shows that writes elsewhere
change is its authors' reputations: after any write anywhere (the content version
moved) they are read again, and put in if one has changed. Signed-in members get this
rendering with their own parts put in (thread_reads.py). The view count is never taken
from the cache: each response puts in the current one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select

from backend.direct_reads import DirectRead
from backend.models import User

MAX_THREADS = 2048
_CACHE = "thread_cache"
# A rendering's view count, as it is serialized: every response replaces it. JSON escapes
# each quote inside a string and no object before it has this key, so its first occurrence
# is the thread's own.
_NO_VIEWS = b'"view_count":0,'
# What a signed-out reader is shown instead of a member's own parts ("not signed in"), and what
# a member with no part in the thread is shown: no vote, not marked as helping them. By the
# same escaping, these keys followed by a value occur only as keys of the thread's objects.
# By the second byte of each: what is there for a signed-out reader, and for such a member.
_AS_MEMBER = {
    b"m": (b'"my_vote":null', b'"my_vote":0'),
    b"h": (b'"helped_by_me":null', b'"helped_by_me":false'),
}
_NOT_SIGNED_IN = re.compile(b"|".join(re.escape(public) for public, _ in _AS_MEMBER.values()))

_REPUTATIONS = DirectRead(
    select(User.id, User.reputation).where(User.id.in_(bindparam("ids", expanding=True)))
)


@dataclass
class Rendering:
    """A thread as a signed-out reader sees it, serialized with a view count of 0."""

    body: bytes
    reputations: dict[int, int]  # of every author it shows, by user id
    # Authors of the thread's hidden answers and comments, which they alone (and moderators) see.
    hidden_authors: frozenset[int] = frozenset()
    # Where it shows "not signed in" (member_slots), if known: stored with it, so that a read
    # of a thread no worker has cached need not search for them.
    slots: tuple[int, ...] | None = None
    _as_member: Rendering | None = field(default=None, repr=False, compare=False)

    def as_member(self) -> Rendering:
        """The thread as a member who has no part in it sees it: neither its asker nor a
        moderator, who wrote nothing it shows, voted on nothing and marked nothing in it."""
        if self._as_member is None:
            slots = self.slots if self.slots is not None else member_slots(self.body)
            body = _as_member(self.body, slots)
            if body is None:  # slots that do not fit this body: found again
                body = _as_member(self.body, member_slots(self.body))
                assert body is not None
            self._as_member = Rendering(body, self.reputations, self.hidden_authors)
        return self._as_member


def member_slots(body: bytes) -> tuple[int, ...]:
    """Where a rendering shows "not signed in": the offsets of those keys."""
    return tuple(found.start() for found in _NOT_SIGNED_IN.finditer(body))


def _as_member(body: bytes, slots: tuple[int, ...]) -> bytes | None:
    """The body with a member's "no" at these slots (None if one does not hold "not signed in")."""
    view = memoryview(body)  # its slices copy nothing: the join copies once
    pieces: list[bytes | memoryview] = []
    last = 0
    for at in slots:
        public, member = _AS_MEMBER.get(body[at + 1 : at + 2], (b"", b""))
        if not public or not body.startswith(public, at):
            return None
        pieces += (view[last:at], member)
        last = at + len(public)
    pieces.append(view[last:])
    return b"".join(pieces)


@dataclass
class CachedThread:
    thread_version: int
    # The content version at which the authors' reputations were last found unchanged.
    checked_at: int
    rendering: Rendering


def serialize(thread: dict[str, Any], hidden_authors: frozenset[int] = frozenset()) -> Rendering:
    """A rendered thread as sent (compact, as Flask sends JSON), with its view count at 0."""
    body = json.dumps({**thread, "view_count": 0}, separators=(",", ":")).encode()
    reputations = {author["id"]: author["reputation"] for author in _thread_authors(thread)}
    return Rendering(body, reputations, hidden_authors)


def with_views(rendering: Rendering, view_count: int) -> bytes:
    return rendering.body.replace(_NO_VIEWS, b'"view_count":%d,' % view_count, 1)


def is_cached(question_id: int) -> bool:
    """Whether this worker has the thread cached (at some thread version)."""
    return question_id in current_app.extensions.get(_CACHE, {})


def cached_thread(
    question_id: int, thread_version: int, content_version: int | None, render: Callable[[], Rendering]
) -> Rendering:
    """The thread as rendered for a signed-out reader."""
    cache: dict[int, CachedThread] = current_app.extensions.setdefault(_CACHE, {})
    entry = cache.get(question_id)
    if entry is not None and entry.thread_version == thread_version and content_version is not None:
        if entry.checked_at != content_version:
            entry.rendering = with_current_reputations(entry.rendering)
            entry.checked_at = content_version
        return entry.rendering
    rendering = render()
    if content_version is not None:
        if len(cache) >= MAX_THREADS:
            cache.clear()
        cache[question_id] = CachedThread(thread_version, content_version, rendering)
    return rendering


def with_current_reputations(rendering: Rendering) -> Rendering:
    """The rendering with its authors' reputations as they are now (itself if none moved):
    the one thing a thread shows that writes in other threads change."""
    ids = sorted(rendering.reputations)
    current: dict[int, int] = dict(_REPUTATIONS.all(ids=ids)) if ids else {}
    if current == rendering.reputations:
        return rendering
    thread = json.loads(rendering.body)
    for author in _thread_authors(thread):
        author["reputation"] = current.get(author["id"], author["reputation"])
    return serialize(thread, rendering.hidden_authors)


def _thread_authors(thread: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every author shown in a rendered thread: of the question, its answers and all comments."""
    for post in (thread, *thread["answers"]):
        for author in (post["author"], *(comment["author"] for comment in post["comments"])):
            if author is not None:
                yield author
