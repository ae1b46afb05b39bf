"""Who may change what: the author of a post, or a moderator."""

from __future__ import annotations

from backend.errors import Forbidden
from backend.models import User


def can_modify(actor: User | None, author_id: int) -> bool:
    return actor is not None and (actor.id == author_id or actor.is_moderator)


def ensure_can_modify(actor: User, author_id: int, what: str = "post") -> None:
    if not can_modify(actor, author_id):
        raise Forbidden(f"Only the author or a moderator can change this {what}.")


def ensure_moderator(actor: User) -> None:
    if not actor.is_moderator:
        raise Forbidden("Only moderators can do this.")
