"""Site settings that admins changed at run time (backend/settings/ lists them all).

A setting without a row, or whose row holds NULL, takes its default from the app's config
(the environment). Rows are kept when a setting is reset, so the audit log can name them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class SiteSetting(db.Model):  # type: ignore[name-defined]
    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # The admin's value as JSON, or None: back to the default.
    value: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class SiteSettingsVersion(db.Model):  # type: ignore[name-defined]
    """One number bumped by every change of site settings: each process keeps the settings in
    memory and reloads them only when it finds this number moved."""

    __tablename__ = "site_settings_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
