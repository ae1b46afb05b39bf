"""HTTP methods that only read: no CSRF token, no write lock, no rate limit, no suspension check."""

from __future__ import annotations

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
