"""@mentions: which people a post or comment names.

The rule (display names may contain spaces and need not be unique): after an "@" that
does not follow a letter, digit or "_" (so e-mail addresses are not mentions), the
*longest* display name that the text there starts with, compared case-insensitively
with runs of whitespace collapsed, and followed by the end of the text or a character
that is not a letter, digit or "_". "@Mia Member, thanks" names "Mia Member" even if
someone is called "Mia". If two people share that longest name, the mention is
ambiguous and nobody is notified. Code (fenced blocks and `inline`) is skipped, and at
most MAX_MENTIONS people are notified per post.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from backend.extensions import db
from backend.models import User

MAX_MENTIONS = 10
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
_AT = re.compile(r"(?<![\w@])@(?=\w)")
_NAME_CHARS = 60  # display names are at most 60 characters


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def mentioned_user_ids(text: str) -> list[int]:
    """The people this text mentions, in order of first mention, at most MAX_MENTIONS."""
    text = _CODE.sub(" ", text)
    found: list[int] = []
    for match in _AT.finditer(text):
        if len(found) >= MAX_MENTIONS:
            break
        # Enough text for the longest name, with whitespace collapsed like the names.
        window = _fold(text[match.end() : match.end() + 3 * _NAME_CHARS])[: _NAME_CHARS + 1]
        user_id = _resolve(window)
        if user_id is not None and user_id not in found:
            found.append(user_id)
    return found


def _resolve(window: str) -> int | None:
    first_word = re.match(r"\w+", window)
    if first_word is None:
        return None
    candidates = db.session.execute(
        select(User.id, User.display_name)
        .where(
            func.lower(User.display_name).startswith(first_word.group()[:20], autoescape=True),
            User.password_hash.is_not(None),
            User.is_active.is_(True),
        )
        .limit(200)
    ).all()
    best_length, best_ids = 0, []
    for user_id, display_name in candidates:
        name = _fold(display_name)
        if not window.startswith(name):
            continue
        after = window[len(name) : len(name) + 1]
        if after and (after.isalnum() or after == "_"):
            continue
        if len(name) > best_length:
            best_length, best_ids = len(name), [user_id]
        elif len(name) == best_length:
            best_ids.append(user_id)
    return best_ids[0] if len(best_ids) == 1 else None
