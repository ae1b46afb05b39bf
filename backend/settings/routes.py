"""/api/v1/admin/settings: the site's thresholds, sign-up domains and rate limits (admins)."""

from __future__ import annotations

from backend.arguments import Blueprint
from backend.errors import Unauthorized
from backend.extensions import db
from backend.settings import services
from backend.settings.schemas import SiteSettingSchema, SiteSettingsUpdateSchema
from backend.viewer import member, viewer

blp = Blueprint("settings", __name__, url_prefix="/api/v1/admin/settings", description="Site settings")


@blp.before_request
def admins_only() -> None:
    # Before the body is parsed: others learn nothing about settings from validation errors.
    # The views below may then use member().
    person = viewer()
    if person is None:
        raise Unauthorized("Sign in to do this.")
    services.ensure_admin(person)


@blp.route("", methods=["GET"])
@blp.response(200, SiteSettingSchema(many=True))
def list_settings() -> list[services.SettingState]:
    """Every setting with the value in force, its default and description (admins)."""
    return services.site_settings(member())


@blp.route("", methods=["PATCH"])
@blp.arguments(SiteSettingsUpdateSchema)
@blp.response(200, SiteSettingSchema(many=True))
def update_settings(changes: dict) -> list[services.SettingState]:
    """Change settings, `{"NAME": value, ...}`; `null` resets one to its default (admins).
    Every value is checked before any is written; each change goes to the audit log."""
    services.update_settings(member(), changes)
    db.session.commit()
    return services.site_settings(member())
