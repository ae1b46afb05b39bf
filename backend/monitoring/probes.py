"""GET /healthz (this process is alive) and GET /readyz (it can serve: its database, search
engine and shared rate-limit store answer), for load balancers and orchestrators.

/readyz answers 503 naming each part that is down; search that merely lags (the live index
not built yet, changes waiting too long to be indexed) is reported as degraded, not fatal:
the site still answers searches, from the database if it must."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from marshmallow import fields
from sqlalchemy import text

from backend.arguments import Blueprint
from backend.dumping import Schema
from backend.extensions import db, limiter
from backend.indexing.engine import search_engine
from backend.monitoring.backlog import oldest_pending_seconds
from search.client import SearchError, SearchUnavailable
from search.sync import LIVE_INDEX

log = logging.getLogger(__name__)
blp = Blueprint("probes", __name__, url_prefix="", description="Probes")

# Changes waiting longer than this to be indexed: search is degraded (results lag behind).
SEARCH_LAG_SECONDS = 300


class LiveSchema(Schema):
    status = fields.String(metadata={"description": '"alive"'})


class CheckSchema(Schema):
    status = fields.String(metadata={"description": '"ok", "degraded", "down" or "not configured"'})
    detail = fields.String(allow_none=True)
    milliseconds = fields.Float(allow_none=True)


class ReadySchema(Schema):
    status = fields.String(metadata={"description": '"ready", or "not ready" (503) with the parts down'})
    down = fields.List(fields.String(), metadata={"description": "the parts that are down"})
    checks = fields.Dict(keys=fields.String(), values=fields.Nested(CheckSchema))


@blp.route("/healthz", methods=["GET"])
@blp.response(200, LiveSchema)
def healthz() -> dict[str, str]:
    """Whether this process answers at all (no dependency is asked)."""
    return {"status": "alive"}


@blp.route("/readyz", methods=["GET"])
@blp.response(200, ReadySchema)
@blp.alt_response(503, schema=ReadySchema, description="A part this process needs is down")
def readyz() -> tuple[dict[str, Any], int]:
    """Whether this process can serve: the database, Meilisearch and the rate-limit store."""
    checks = {
        "database": _timed(_database),
        "search": _timed(_search),
        "rate_limits": _timed(_rate_limits),
    }
    down = [name for name, check in checks.items() if check["status"] == "down"]
    return {"status": "not ready" if down else "ready", "down": down, "checks": checks}, 503 if down else 200


def _timed(check: Callable[[], tuple[str, str | None]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        status, detail = check()
    except Exception as error:  # a probe reports what broke; it never fails itself
        status, detail = "down", f"{type(error).__name__}: {error}"[:300]
    return {
        "status": status,
        "detail": detail,
        "milliseconds": round((time.perf_counter() - started) * 1000, 1),
    }


def _database() -> tuple[str, str | None]:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()  # nothing of the probe's stays open on the connection
    return "ok", None


def _search() -> tuple[str, str | None]:
    engine = search_engine()
    if engine is None:
        return "not configured", "MEILI_URL is not set: search is answered by the database"
    try:
        engine.request("GET", "/health", timeout=1.0)
        built = engine.index_exists(LIVE_INDEX)
    except (SearchUnavailable, SearchError) as error:
        return "down", f"MEILI_URL: Meilisearch at {engine.url} does not answer: {error}"
    if not built:
        return "degraded", "the search index is not built yet: run `flask search reindex`"
    waiting = oldest_pending_seconds("search")
    if waiting is not None and waiting > SEARCH_LAG_SECONDS:
        return "degraded", f"changes have waited {waiting:.0f} s to be indexed: is the search worker running?"
    return "ok", None


def _rate_limits() -> tuple[str, str | None]:
    uri = current_app.config["RATELIMIT_STORAGE_URI"]
    if _in_memory(uri):
        return "ok", "in this process's memory (one process only: set RATELIMIT_STORAGE_URI)"
    if not _limit_store_answers():
        return (
            "down",
            f"RATELIMIT_STORAGE_URI: the rate-limit store ({uri.split('://', 1)[0]}) does not answer",
        )
    return "ok", None


def _in_memory(uri: str) -> bool:
    return uri.startswith("memory://")


def _limit_store_answers() -> bool:
    return limiter.storage is not None and bool(limiter.storage.check())


def warn_when_unreachable(app: Flask) -> None:
    """At start: say which part does not answer, naming its setting. The app starts anyway
    and recovers when the part is back (search answered by the database meanwhile; while the
    rate-limit store is down, the limited writes that guard an account wait for it)."""
    engine = app.extensions.get("search_engine")
    if engine is not None and not engine.is_healthy():
        log.warning(
            "MEILI_URL: Meilisearch at %s does not answer; search uses the database until it does", engine.url
        )
    uri = app.config["RATELIMIT_STORAGE_URI"]
    if not _in_memory(uri) and not _limit_store_answers():
        log.warning(
            "RATELIMIT_STORAGE_URI: the rate-limit store at %s does not answer; "
            "password resets and address confirmations wait until it does",
            uri.split("@")[-1],
        )
