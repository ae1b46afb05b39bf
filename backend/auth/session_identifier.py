"""Flask-Login's session identifier (basic session protection): a hash of the client's
address and browser, compared on every signed-in request. Hashed once per worker for each
address and browser, not on every request (a sha512 and header parsing each time)."""

from __future__ import annotations

from functools import lru_cache
from hashlib import sha512
from typing import Any

from flask import request


def session_identifier() -> str:
    return identifier_of(request.environ)


def identifier_of(environ: dict[str, Any]) -> str:
    # What Flask-Login reads: the first X-Forwarded-For address if sent, else the peer's.
    address = environ.get("HTTP_X_FORWARDED_FOR", environ.get("REMOTE_ADDR"))
    return _identifier(address, environ.get("HTTP_USER_AGENT"))


@lru_cache(maxsize=4096)
def _identifier(address: str | None, user_agent: str | None) -> str:
    # Flask-Login's own format (flask_login.utils._create_identifier), so sessions made
    # before this still match.
    first = address.encode("utf-8").split(b",")[0].strip() if address is not None else None
    agent = user_agent.encode("utf-8") if user_agent is not None else None
    return sha512(f"{first!r}|{agent!r}".encode()).hexdigest()
