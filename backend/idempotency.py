"""Idempotency-Key on the creating POSTs (a question, an answer, a comment).

A connection that drops after the commit leaves the client not knowing whether its post was
saved; its retry used to save it again. A client sends a key of its own making with each
submission; the same person repeating the key within 24 hours with the same request gets
what the first request made (201 again, marked Idempotent-Replayed), not a second post.

The key is written in the transaction of what it made (views call remember() before their
commit), and requests with the same person and key take a lock first, so two copies of a
request arriving at once make one post: the second waits for the first and replays it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from flask import g, request
from flask.typing import ResponseReturnValue
from sqlalchemy import delete, select

from backend.database import serialize_on
from backend.errors import Invalid
from backend.extensions import db
from backend.models import IdempotencyKey, utcnow
from backend.viewer import member

F = TypeVar("F", bound=Callable[..., Any])

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
# What clients use in practice (UUIDs, random tokens): printable ASCII without spaces.
VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "A key of the client's making, one per submission: the same person sending "
    "it again within 24 hours with the same request gets what the first made (201, with "
    "Idempotent-Replayed: true) instead of a second post.",
}


def idempotent(kind: str, present: Callable[[int], Any]) -> Callable[[F], F]:
    """For a create view: replay what an earlier request with this person's key made (given
    to present(id), whose result is dumped as the view's would be), or run the view."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def replay_or_create(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            key = request.headers.get(HEADER)
            if key is None:
                return view(*args, **kwargs)
            if not VALID_KEY.fullmatch(key):
                raise Invalid(
                    "The Idempotency-Key header is not valid.",
                    {HEADER: ["Use 1 to 255 printable ASCII characters without spaces (e.g. a UUID)."]},
                )
            made = _earlier(key)
            if made is None:
                g.idempotency = (kind, key)
                return view(*args, **kwargs)
            if made.kind != kind or made.request != _fingerprint():
                raise Invalid(
                    "This Idempotency-Key was already used for another request: use a new key "
                    "for each submission.",
                    {HEADER: ["Already used for another request."]},
                )
            return present(made.target_id), 201, {"Idempotent-Replayed": "true"}

        return replay_or_create  # type: ignore[return-value]

    return decorate


def remember(target_id: int) -> None:
    """Record what this request made under its key (no-op without one); before the commit."""
    kind_and_key = g.pop("idempotency", None)
    if kind_and_key is None:
        return
    kind, key = kind_and_key
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP))
    db.session.add(
        IdempotencyKey(user_id=member().id, key=key, request=_fingerprint(), kind=kind, target_id=target_id)
    )
    db.session.flush()


def _earlier(key: str) -> IdempotencyKey | None:
    person = member().id
    serialize_on(f"idempotency {person} {key}")  # a twin request waits here for the first
    # An expired row is as good as none: remember() sweeps it away before writing the key anew.
    return db.session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == person,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at >= utcnow() - KEEP,
        )
    )


def _fingerprint() -> str:
    digest = hashlib.sha256(request.get_data(cache=True)).hexdigest()
    return f"{request.method} {request.path} {digest}"[:400]
