"""/api/v1/me/...: my profile, email, password and data, and deleting my account."""

from __future__ import annotations

from typing import Any

from flask import current_app, session
from flask_login import login_required, login_user, logout_user

from backend.access import session_only
from backend.account import export, services
from backend.account.schemas import (
    AccountDeleteSchema,
    EmailChangeSchema,
    ExportSchema,
    PasswordChangeSchema,
    ProfileUpdateSchema,
)
from backend.arguments import Blueprint
from backend.auth import passwords, verification
from backend.extensions import db, limiter
from backend.moderation.rate_limits import person_key
from backend.preferences.services import account_view
from backend.presented import Presented
from backend.sso.routes import SSO_SIGNED_IN_AT
from backend.users.schemas import CurrentUserSchema
from backend.viewer import member

blp = Blueprint("account", __name__, url_prefix="/api/v1/me", description="My account")


@blp.route("/password", methods=["POST"])
@login_required
@session_only
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=person_key)
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data: dict) -> None:
    """Change my password: every other session of mine is signed out; this one stays."""
    passwords.change_password(member(), data["current_password"], data["new_password"])
    db.session.commit()
    login_user(member())


@blp.route("/profile", methods=["PATCH"])
@login_required
@blp.arguments(ProfileUpdateSchema)
@blp.response(200, CurrentUserSchema)
def update_profile(data: dict) -> Presented:
    """My display name and "about me" (Markdown, shown sanitized on my profile)."""
    services.update_profile(member(), data.get("display_name"), data.get("about"))
    db.session.commit()
    return account_view(member())


@blp.route("/email", methods=["POST"])
@login_required
@session_only
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], key_func=person_key)
@blp.arguments(EmailChangeSchema)
@blp.response(200, CurrentUserSchema)
def change_email(data: dict) -> Presented:
    """Change my email (with my password); where the site asks for it, the new address is
    confirmed by a mailed link before I can post again."""
    services.change_email(member(), data["email"], data["password"])
    db.session.commit()
    return account_view(member())


@blp.route("/verification", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], key_func=person_key)
@blp.response(202)
def resend_verification() -> None:
    """Mail me a new link to confirm my address."""
    verification.resend(member())
    db.session.commit()


@blp.route("/export", methods=["GET"])
@login_required
@session_only
@blp.response(200, ExportSchema)
def export_data() -> dict[str, Any]:
    """Everything stored about me, as one JSON document: profile, posts with their
    revisions, comments, votes, follows, mutes, notifications, tokens (not their secrets)."""
    return export.export(member())


@blp.route("", methods=["DELETE"])
@login_required
@session_only
@blp.arguments(AccountDeleteSchema)
@blp.response(204)
def delete_account(data: dict) -> None:
    """Delete my account (with my password): my posts stay, by "former member"; my email,
    name, about, follows, mutes, notifications, sessions and tokens are removed."""
    user = member()
    services.ensure_may_delete(user, data["password"], session.get(SSO_SIGNED_IN_AT))
    services.delete_account(user, by=user)
    db.session.commit()
    logout_user()
