"""Site settings as admins see and change them; the values in force are read through
`backend.settings.site_setting` (store.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from backend.errors import Forbidden
from backend.extensions import db
from backend.models import ModerationAction, Role, SiteSetting, SiteSettingsVersion, User, utcnow
from backend.moderation import audit
from backend.settings.definitions import SETTINGS, Setting
from backend.settings.store import mark_changed
from backend.users.services import people_by_id

AUDIT_ACTION = "change-setting"
_REASON_LENGTH = ModerationAction.reason.type.length


@dataclass(frozen=True)
class SettingState:
    """One setting as the admin page shows it."""

    setting: Setting
    value: Any
    default: Any
    overridden: bool
    updated_at: datetime | None
    updated_by: User | None


def ensure_admin(person: User) -> None:
    if person.role != Role.ADMIN:
        raise Forbidden("Only admins can see and change site settings.")


def site_settings(admin: User) -> list[SettingState]:
    """Every setting with the value in force, its default and whether an admin overrode it."""
    ensure_admin(admin)
    rows = {row.name: row for row in db.session.scalars(select(SiteSetting))}
    editor_ids = {row.updated_by_id for row in rows.values()}
    editors = people_by_id({i for i in editor_ids if i is not None})
    states = []
    for name, setting in SETTINGS.items():
        row, default = rows.get(name), current_app.config[name]
        override = _stored(setting, row)
        states.append(
            SettingState(
                setting=setting,
                value=default if override is None else override,
                default=default,
                overridden=override is not None,
                updated_at=row.updated_at if row else None,
                updated_by=editors.get(row.updated_by_id) if row else None,
            )
        )
    return states


def update_settings(admin: User, changes: Mapping[str, Any]) -> None:
    """Override each named setting with its value, or reset it to its default with None.

    The values come parsed by SiteSettingsUpdateSchema (Setting.parse), so nothing here can
    fail half-way. Each real change writes one audit log row (who, which, old -> new); every
    process picks the new values up within SITE_SETTINGS_CHECK_SECONDS, this one at commit.
    """
    ensure_admin(admin)
    # Changes are serialised on the version row, so "old" in the audit log is what was replaced.
    db.session.execute(select(SiteSettingsVersion.id).where(SiteSettingsVersion.id == 1).with_for_update())
    rows = {
        row.name: row for row in db.session.scalars(select(SiteSetting).where(SiteSetting.name.in_(changes)))
    }
    changed = False
    for name, new in changes.items():
        setting, row = SETTINGS[name], rows.get(name)
        old = _stored(setting, row)
        if new == old:
            continue
        if row is None:
            row = SiteSetting(name=name)
            db.session.add(row)
        row.value = None if new is None else setting.dumps(new)
        row.updated_at, row.updated_by_id = utcnow(), admin.id
        db.session.flush()  # the row's id names it in the audit log
        audit.record(admin, AUDIT_ACTION, "setting", row.id, _change_text(name, old, new))
        changed = True
    if changed:
        db.session.execute(
            update(SiteSettingsVersion)
            .where(SiteSettingsVersion.id == 1)
            .values(version=SiteSettingsVersion.version + 1)
        )
        mark_changed()


def _stored(setting: Setting, row: SiteSetting | None) -> Any:
    """The row's override, or None (no row, reset, or a value that no longer parses)."""
    if row is None or row.value is None:
        return None
    try:
        return setting.loads(row.value)
    except ValueError:
        return None


def _change_text(name: str, old: Any, new: Any) -> str:
    default = current_app.config[name]

    def shown(value: Any) -> str:
        return f"{json.dumps(default)} (default)" if value is None else json.dumps(value)

    text = f"{name}: {shown(old)} -> {shown(new)}"
    return text if len(text) <= _REASON_LENGTH else text[: _REASON_LENGTH - 1] + "…"
