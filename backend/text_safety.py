"""Text that reaches the application is made safe here, before any rule sees it.

A NUL byte cannot be stored by PostgreSQL, a lone UTF-16 surrogate ("\\ud800" in JSON) cannot
be encoded by SQLite's driver, and other C0 control characters are never typed by a person:
each of them used to reach the database and answer 500. Every request is checked once, at
the door: its path (404, as no page has such a name), its query string, its JSON or form
body and the headers that are stored (422 naming the field).

Tab, line feed and carriage return stay allowed: they are how bodies are typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from flask import Flask, Request, request

from backend.errors import Invalid, NotFound
from backend.methods import SAFE_METHODS

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
REFUSED = "Contains a character that cannot be stored (NUL, a control character or a lone surrogate)."
# Headers whose values are written to the database (the rest are only compared or ignored),
# with their WSGI names.
STORED_HEADERS = (("Idempotency-Key", "HTTP_IDEMPOTENCY_KEY"),)
# Characters that show nothing on their own: controls, format characters (zero-width space,
# joiners, direction marks), separators, combining marks, surrogates, private use, unassigned.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def is_safe(text: str) -> bool:
    return UNSAFE.search(text) is None


def visible_length(text: str) -> int:
    """How many characters of text a reader can see."""
    return sum(1 for char in text if unicodedata.category(char) not in INVISIBLE_CATEGORIES)


def readable(text: str) -> str:
    """text without the characters that show nothing, whitespace kept."""
    return "".join(c for c in text if c.isspace() or unicodedata.category(c) not in INVISIBLE_CATEGORIES)


def init_app(app: Flask) -> None:
    app.before_request(refuse_unsafe_text)


def refuse_unsafe_text() -> None:
    # On every request, reads included: the request object itself, not the proxy, whose
    # every attribute lookup costs microseconds.
    req = request._get_current_object()  # type: ignore[attr-defined]
    if not is_safe(req.path):
        raise NotFound("No such page.")
    errors: dict[str, list[str]] = {}
    for field in _unsafe_read_fields(req):
        errors.setdefault(field, [REFUSED])
    if req.method not in SAFE_METHODS:
        for field in _unsafe_body_fields(req):
            errors.setdefault(field, [REFUSED])
    if errors:
        raise Invalid("Some text contains characters that cannot be stored.", errors)


def safe_to_read(req: Request) -> bool:
    """Whether refuse_unsafe_text lets this GET through: its path, arguments and stored headers."""
    return is_safe(req.path) and next(_unsafe_read_fields(req), None) is None


def _unsafe_read_fields(req: Request) -> Iterator[str]:
    """The arguments and stored headers with text that cannot be stored, by name."""
    if req.query_string:
        for key, value in req.args.items(multi=True):
            if not (is_safe(key) and is_safe(value)):
                yield key if is_safe(key) else "_request"
    for header, variable in STORED_HEADERS:
        if not is_safe(req.environ.get(variable, "")):
            yield header


def _unsafe_body_fields(req: Request) -> Iterator[str]:
    if req.is_json:
        try:
            # Cached: the schemas' parser reads this parsed body (bad JSON is left to it).
            body = req.get_json(silent=True)
        except RecursionError:
            return
        yield from _unsafe_fields(body)
    elif req.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in req.form.items(multi=True):
            if not (is_safe(key) and is_safe(value)):
                yield key if is_safe(key) else "_request"


def _unsafe_fields(body: Any) -> Iterator[str]:
    """The top-level field each unsafe string sits under (a body's fields are what clients
    name). A walk with a stack of its own: valid JSON may nest deeper than Python recurses."""
    stack: list[tuple[Any, str]] = [(body, "_request")]
    while stack:
        value, field = stack.pop()
        if isinstance(value, str):
            if not is_safe(value):
                yield field
        elif isinstance(value, dict):
            for key, item in value.items():
                name = field if field != "_request" or not is_safe(key) else key
                if not is_safe(key):
                    yield name
                stack.append((item, name))
        elif isinstance(value, list):
            stack.extend((item, field) for item in value)
