"""/api/v1/me/tags (follow, mute), /api/v1/questions/<id>/watch, and PATCH /api/v1/me."""

from __future__ import annotations

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.mail import services as mail
from backend.models import TagStance
from backend.preferences import services
from backend.preferences.schemas import AccountUpdateSchema, TagStancesSchema, WatchSchema
from backend.presented import Presented
from backend.users.schemas import CurrentUserSchema
from backend.viewer import member

blp = Blueprint("preferences", __name__, url_prefix="/api/v1", description="Following and filtering")


@blp.route("/me", methods=["PATCH"])
@login_required
@blp.arguments(AccountUpdateSchema)
@blp.response(200, CurrentUserSchema)
def update_account(data: dict) -> Presented:
    """My settings: `accepts_invitations: false` stops invitations to answer; `email_activity`
    and `digest` ("off", "daily", "weekly") choose what is mailed to me."""
    if "accepts_invitations" in data:
        services.set_accepts_invitations(member(), data["accepts_invitations"])
    mail.set_mail_settings(member(), data.get("email_activity"), data.get("digest"))
    db.session.commit()
    return services.account_view(member())


@blp.route("/me/tags", methods=["GET"])
@login_required
@blp.response(200, TagStancesSchema)
def my_tags() -> dict[str, list[str]]:
    """The tags I follow and mute."""
    return services.tag_stances(member().id)


@blp.route("/me/tags/<path:name>/follow", methods=["PUT"])
@login_required
@blp.response(200, TagStancesSchema)
def follow_tag(name: str) -> dict[str, list[str]]:
    """Follow the tag (idempotent): following a muted tag unmutes it."""
    services.set_stance(member(), name, TagStance.FOLLOW)
    db.session.commit()
    return services.tag_stances(member().id)


@blp.route("/me/tags/<path:name>/follow", methods=["DELETE"])
@login_required
@blp.response(200, TagStancesSchema)
def unfollow_tag(name: str) -> dict[str, list[str]]:
    """Stop following the tag (idempotent)."""
    services.clear_stance(member(), name, TagStance.FOLLOW)
    db.session.commit()
    return services.tag_stances(member().id)


@blp.route("/me/tags/<path:name>/mute", methods=["PUT"])
@login_required
@blp.response(200, TagStancesSchema)
def mute_tag(name: str) -> dict[str, list[str]]:
    """Mute the tag (idempotent): its questions leave my Newest and Active lists."""
    services.set_stance(member(), name, TagStance.MUTE)
    db.session.commit()
    return services.tag_stances(member().id)


@blp.route("/me/tags/<path:name>/mute", methods=["DELETE"])
@login_required
@blp.response(200, TagStancesSchema)
def unmute_tag(name: str) -> dict[str, list[str]]:
    """Stop muting the tag (idempotent)."""
    services.clear_stance(member(), name, TagStance.MUTE)
    db.session.commit()
    return services.tag_stances(member().id)


@blp.route("/questions/<int:question_id>/watch", methods=["GET"])
@login_required
@blp.response(200, WatchSchema)
def watch_state(question_id: int) -> dict[str, bool]:
    """Whether I watch the question."""
    return {"watching": services.is_watching(member(), question_id)}


@blp.route("/questions/<int:question_id>/watch", methods=["PUT"])
@login_required
@blp.response(200, WatchSchema)
def watch(question_id: int) -> dict[str, bool]:
    """Watch the question: hear about its new answers and comments."""
    watching = services.watch(member(), question_id)
    db.session.commit()
    return {"watching": watching}


@blp.route("/questions/<int:question_id>/watch", methods=["DELETE"])
@login_required
@blp.response(200, WatchSchema)
def unwatch(question_id: int) -> dict[str, bool]:
    """Stop watching the question."""
    watching = services.unwatch(member(), question_id)
    db.session.commit()
    return {"watching": watching}
