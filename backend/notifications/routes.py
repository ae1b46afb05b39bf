"""/api/v1/me/notifications: the signed-in person's inbox."""

from __future__ import annotations

from typing import Any

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.notifications import services
from backend.notifications.schemas import NotificationSchema, NotificationsReadSchema, UnreadSchema
from backend.pagination import PageArgsSchema, page, page_of
from backend.viewer import member

blp = Blueprint("notifications", __name__, url_prefix="/api/v1/me", description="Notifications")


@blp.route("/notifications", methods=["GET"])
@login_required
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_of(NotificationSchema))
def list_notifications(args: dict) -> dict[str, Any]:
    """My notifications: unread first, then the most recent."""
    items, total = services.list_notifications(member(), args["page"], args["per_page"])
    return page(items, args["page"], args["per_page"], total)


@blp.route("/notifications/read", methods=["POST"])
@login_required
@blp.arguments(NotificationsReadSchema)
@blp.response(200, UnreadSchema)
def mark_read(data: dict) -> dict[str, int]:
    """Mark the given notifications read (all of them without `ids`)."""
    unread = services.mark_read(member(), data.get("ids"))
    db.session.commit()
    return {"unread_notifications": unread}
