"""The audit log: every moderator action, with who, what, when and why."""

from __future__ import annotations

from backend.extensions import db
from backend.models import ModerationAction, User, utcnow


def record(actor: User, action: str, target_type: str, target_id: int, reason: str | None = None) -> None:
    db.session.add(
        ModerationAction(
            actor_id=actor.id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            reason=reason or None,
            created_at=utcnow(),
        )
    )
