"""Anonymous questions: only the asker and moderators may learn who asked.

Everything else (lists, profiles, revisions, the asker's own answers and comments in
the thread) shows no author, so nothing in any response ties the question to a person.
"""

from __future__ import annotations

from typing import Any

from backend.models import User


def sees_asker(asker_id: int, viewer: User | None) -> bool:
    return viewer is not None and (viewer.id == asker_id or viewer.is_moderator)


def visible_author(
    author: Any, author_id: int, asker_id: int, thread_is_anonymous: bool, viewer: User | None
) -> Any:
    """The author to show for a post in a thread, or None when showing them would reveal the asker."""
    if thread_is_anonymous and author_id == asker_id and not sees_asker(asker_id, viewer):
        return None
    return author
