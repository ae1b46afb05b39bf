"""/api/v1/users/<id>/badges."""

from __future__ import annotations

from backend.arguments import Blueprint
from backend.badges import services
from backend.badges.schemas import BadgeSchema
from backend.presented import Presented
from backend.users.services import get_user

blp = Blueprint("badges", __name__, url_prefix="/api/v1", description="Badges")


@blp.route("/users/<int:user_id>/badges", methods=["GET"])
@blp.response(200, BadgeSchema(many=True))
def list_badges(user_id: int) -> list[Presented]:
    """The person's badges, most recent first."""
    return [Presented(badge, awarded_at=at) for badge, at in services.badges_of(get_user(user_id))]
