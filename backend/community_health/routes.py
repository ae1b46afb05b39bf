"""GET /api/v1/community-health: a point per week for facilitators."""

from __future__ import annotations

from typing import Any

from flask_login import login_required

from backend.arguments import Blueprint
from backend.community_health import services
from backend.community_health.schemas import CommunityHealthArgsSchema, CommunityHealthSchema
from backend.viewer import member

blp = Blueprint("community_health", __name__, url_prefix="/api/v1", description="Community health")


@blp.route("/community-health", methods=["GET"])
@login_required
@blp.arguments(CommunityHealthArgsSchema, location="query")
@blp.response(200, CommunityHealthSchema)
def community_health(args: dict) -> dict[str, Any]:
    """Questions asked, answered and resolved, the time to a first and to an accepted answer,
    active members against members seen, new contributors: a point per week over 4, 12 or 52
    weeks, on the whole site (moderators) or one community (its synthesizers too); with the
    tags where help is needed and the top helpers of the span."""
    return services.community_health(member(), args["weeks"], args["tag"], args["until"])
