"""Site settings: thresholds, sign-up domains and rate limits that admins change at run time,
over the config's defaults (docs/moderation.md). Read them with site_setting(name)."""

from backend.settings.store import init_app, site_setting

__all__ = ["init_app", "site_setting"]
