"""The effective value of a site setting: an admin's override, else the config's default.

Thresholds are read on every post, vote and flag, so the overrides live in each process's
memory. A process checks the one-row version (a primary-key read, in the request's own
transaction) at most every
SITE_SETTINGS_CHECK_SECONDS and reloads the overrides only when the version moved; a change
reaches every gunicorn worker within that interval, and the process that made it at once
(its commit forgets the cached overrides). Within one request the values never change.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from backend.extensions import db
from backend.models import SiteSetting, SiteSettingsVersion
from backend.settings.definitions import SETTINGS

log = logging.getLogger(__name__)

EXTENSION = "site_settings"
# Set in session.info by a change; the commit that makes it durable empties the cache.
CHANGED = "site_settings_changed"

_VERSION = select(SiteSettingsVersion.version).where(SiteSettingsVersion.id == 1)
_OVERRIDES = select(SiteSetting.name, SiteSetting.value).where(SiteSetting.value.is_not(None))


@dataclass(frozen=True)
class _Loaded:
    version: int | None
    overrides: dict[str, Any]
    checked_at: float


@dataclass
class SettingsCache:
    """One app's overrides, as last loaded, and when the version was last checked."""

    check_seconds: float
    loaded: _Loaded | None = None
    clock: Callable[[], float] = field(default=time.monotonic)

    def overrides(self) -> dict[str, Any]:
        # A request that has not opened its session yet has changed nothing (and checking
        # would open one: a tenth of a cached read's hooks).
        if db.session.registry.has() and db.session.info.get(CHANGED):
            # This transaction changed settings: it sees its own values, which must not reach
            # the cache before they are committed (it may yet roll back).
            return _parsed(db.session.execute(_OVERRIDES))
        loaded, now = self.loaded, self.clock()
        if loaded is not None and now - loaded.checked_at < self.check_seconds:
            return loaded.overrides
        # In the request's own transaction: a connection of its own could wait for the pool
        # while this request holds SQLite's write lock that the pool's other users wait for.
        # The version first: a change committed between the two reads leaves the newer version
        # to be found at the next check, never newer values under an old version.
        version = db.session.scalar(_VERSION)
        if loaded is not None and version is not None and version == loaded.version:
            overrides = loaded.overrides
        else:
            overrides = _parsed(db.session.execute(_OVERRIDES))
        self.loaded = _Loaded(version, overrides, now)
        return overrides

    def forget(self) -> None:
        self.loaded = None


def _parsed(rows: Any) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for name, raw in rows:
        setting = SETTINGS.get(name)
        if setting is None:
            continue  # a setting this version of the code no longer has
        try:
            overrides[name] = setting.loads(raw)
        except ValueError:
            # Written by hand or under other bounds: the default is safer than a failing request.
            log.warning("Ignoring the stored value of site setting %s: %r", name, raw)
    return overrides


def _cache() -> SettingsCache:
    cache: SettingsCache = current_app.extensions[EXTENSION]
    return cache


def overrides() -> dict[str, Any]:
    """The admins' overrides this request sees (the same ones for the whole request)."""
    values: dict[str, Any] | None = g.get("site_settings")
    if values is None:
        values = g.site_settings = _cache().overrides()
    return values


def site_setting(name: str) -> Any:
    """The value in force: an admin's override, else the config's (the environment's) default."""
    values = overrides()
    if name in values:
        return values[name]
    if name not in SETTINGS:
        raise KeyError(f"{name} is not a site setting (backend/settings/definitions.py)")
    return current_app.config[name]


def mark_changed() -> None:
    """This transaction changes settings: when it commits, this process reloads them."""
    db.session.info[CHANGED] = True


@event.listens_for(db.session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        _cache().forget()
        g.pop("site_settings", None)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = SettingsCache(float(app.config["SITE_SETTINGS_CHECK_SECONDS"]))
