"""Who may edit a comment now: read by the comment service and by the thread's presentation
(which the comment service itself depends on)."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.models import User, utcnow
from backend.settings import site_setting


def may_edit(author_id: int | None, created_at: datetime, person: User | None) -> bool:
    """Moderators edit any comment at any time; its author only in the first minutes
    (COMMENT_EDIT_MINUTES), to fix what they just wrote."""
    if person is None:
        return False
    if person.is_moderator:
        return True
    window = timedelta(minutes=int(site_setting("COMMENT_EDIT_MINUTES")))
    return person.id == author_id and utcnow() < created_at + window
