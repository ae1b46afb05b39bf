"""HTTP methods that only read: no CSRF token, no write lock, no rate limit, no suspension check."""

from __future__ import annotations

from flask import g, has_app_context, has_request_context, request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Set in g by the read lane (backend/read_lane.py), which answers GETs without a request context.
READS_ONLY = "reads_only"


def reads_only() -> bool:
    """Whether the request being answered only reads (False outside any request)."""
    if has_request_context():
        return request.method in SAFE_METHODS
    return has_app_context() and bool(g.get(READS_ONLY))
