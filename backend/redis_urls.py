"""Redis addresses as the settings spell them: the rate limits' store (RATELIMIT_STORAGE_URI,
read by the `limits` package) and the view buffer (VIEW_BUFFER_URI, read by redis-py) name a
socket differently, and the view buffer may use the rate limits' Redis."""

from __future__ import annotations

# A Redis on a Unix socket is redis+unix:///path for `limits` and unix:///path for redis-py.
_LIMITS_SOCKET, _REDIS_SOCKET = "redis+unix://", "unix://"
_SERVER = ("redis://", "rediss://")


def for_redis_py(uri: str) -> str | None:
    """The address redis-py connects to for this setting, or None if it names no single Redis
    (memory://, or a Redis Cluster or Sentinel, which the view buffer does not use)."""
    if uri.startswith(_SERVER) or uri.startswith(_REDIS_SOCKET):
        return uri
    if uri.startswith(_LIMITS_SOCKET):
        return _REDIS_SOCKET + uri.removeprefix(_LIMITS_SOCKET)
    return None
