"""Who may change what: the author of a post, or a moderator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from backend.errors import Forbidden, Unauthorized
from backend.models import User
from backend.viewer import viewer

F = TypeVar("F", bound=Callable[..., Any])


def can_modify(actor: User | None, author_id: int) -> bool:
    return actor is not None and (actor.id == author_id or actor.is_moderator)


def ensure_can_modify(actor: User, author_id: int, what: str = "post") -> None:
    if not can_modify(actor, author_id):
        raise Forbidden(f"Only the author or a moderator can change this {what}.")


def ensure_moderator(actor: User) -> None:
    if not actor.is_moderator:
        raise Forbidden("Only moderators can do this.")


def moderators_only(view: F) -> F:
    """Refuse anyone but moderators before the request is parsed: a member must learn that
    they may not, not which fields a moderator's request needs."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        person = viewer()
        if person is None:
            raise Unauthorized("Sign in to do this.")
        ensure_moderator(person)
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]
