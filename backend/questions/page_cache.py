"""Whole list pages, cached per listing version: the hottest read path served from memory.

Every write that changes what any list shows (a question asked, edited, retagged,
deleted, answered, voted on, resolved) bumps the listing version in its own transaction
(see content_version.content_changed), so a cached page is exact: it is served only while the
version it was rendered at is still current.

Pages are shared between viewers who see the same thing: everyone but moderators and
the asker of an anonymous question on that page, who see its author.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Response, current_app, g, request
from werkzeug.datastructures import MultiDict

from backend.moderation.visibility import has_hidden_questions
from backend.preferences.stances import has_mutes
from backend.questions.content_version import listing_version
from backend.viewer import viewer

_CACHE = "list_page_cache"
_MAX_PAGES = 1024


@dataclass(frozen=True)
class CachedPage:
    version: int
    body: bytes
    # Askers of the anonymous questions on the page: they must not get the shared copy.
    anonymous_askers: frozenset[int]


def note_anonymous_asker(user_id: int) -> None:
    """Called while rendering a list row whose author is hidden from the public."""
    g.setdefault("anonymous_askers", set()).add(user_id)


def _personal(person: Any, args: MultiDict[str, str]) -> bool:
    """Pages this person sees differently from everyone else: moderators see every
    anonymous asker (and hidden question), askers filtering by themselves see their anonymous
    questions, and authors of hidden questions see those."""
    return person is not None and (
        person.is_moderator or args.get("author") == str(person.id) or has_hidden_questions(person)
    )


def _filtered_for(person: Any, args: MultiDict[str, str]) -> bool:
    """Pages that depend on what this person follows or mutes: the "for you" feed, and
    every list of someone who mutes a tag (even with show_muted, to keep the rule simple)."""
    return person is not None and (args.get("feed") is not None or has_mutes(person.id))


def shared_version(person: Any, args: MultiDict[str, str]) -> int | None:
    """The listing version, if this person is sent the shared pages for these arguments."""
    version = listing_version()
    if version is None or _personal(person, args) or _filtered_for(person, args):
        return None
    return version


def cached_body(key: tuple[Any, ...], version: int, person: Any) -> bytes | None:
    """The page cached under this key at this version, if this person may be sent it."""
    cache: dict[tuple[Any, ...], CachedPage] = current_app.extensions.setdefault(_CACHE, {})
    page = cache.get(key)
    if page is None or page.version != version or (person is not None and person.id in page.anonymous_askers):
        return None
    return page.body


def page_key(endpoint: str | None, query_string: bytes, kwargs: dict[str, Any]) -> tuple[Any, ...]:
    return (endpoint, query_string, tuple(sorted(kwargs.items())))


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        person = viewer()
        version = shared_version(person, request.args)
        if version is None:
            return view(*args, **kwargs)
        key = page_key(request.endpoint, request.query_string, kwargs)
        body = cached_body(key, version, person)
        if body is not None:
            return Response(body, status=200, mimetype="application/json")
        response = view(*args, **kwargs)
        askers = frozenset(g.get("anonymous_askers", ()))
        shared = person is None or person.id not in askers
        if isinstance(response, Response) and response.status_code == 200 and shared:
            cache: dict[tuple[Any, ...], CachedPage] = current_app.extensions.setdefault(_CACHE, {})
            if len(cache) >= _MAX_PAGES:
                cache.clear()
            cache[key] = CachedPage(version, response.get_data(), askers)
        return response

    return wrapper
