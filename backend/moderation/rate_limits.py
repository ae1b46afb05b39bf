"""Rate limits per signed-in person on posting, voting, flagging and inviting (limits in site settings).

A refused request gets 429 with the usual error body and a Retry-After header (errors.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_limiter.util import get_remote_address
from flask_login import current_user

from backend.extensions import limiter
from backend.settings import site_setting


def person_key() -> str:
    if current_user.is_authenticated:
        return f"person:{current_user.id}"
    return f"address:{get_remote_address()}"


def rate_limited(setting: str, scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Share one limit (the site setting, read per request) across every endpoint with this scope."""
    return limiter.shared_limit(lambda: site_setting(setting), scope=scope, key_func=person_key)


posting = rate_limited("POST_LIMIT", "posting")
voting = rate_limited("VOTE_LIMIT", "voting")
flagging = rate_limited("FLAG_LIMIT", "flagging")
inviting = rate_limited("INVITE_LIMIT", "inviting")
