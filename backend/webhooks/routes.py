"""/api/v1/admin/webhooks: where the site posts its questions, answers and resolved threads
(admins), and each webhook's last deliveries."""

from __future__ import annotations

from backend.arguments import Blueprint
from backend.errors import Unauthorized
from backend.extensions import db
from backend.models import Webhook, WebhookDelivery
from backend.viewer import member, viewer
from backend.webhooks import services
from backend.webhooks.schemas import DeliverySchema, WebhookCreateSchema, WebhookSchema, WebhookUpdateSchema

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1/admin/webhooks", description="Webhooks")


@blp.before_request
def admins_only() -> None:
    # Before the body is parsed: others learn nothing about webhooks from validation errors.
    person = viewer()
    if person is None:
        raise Unauthorized("Sign in to do this.")
    services.ensure_admin(person)


@blp.route("", methods=["GET"])
@blp.response(200, WebhookSchema(many=True))
def list_webhooks() -> list[Webhook]:
    """Every webhook (admins)."""
    return services.list_webhooks()


@blp.route("", methods=["POST"])
@blp.arguments(WebhookCreateSchema)
@blp.response(201, WebhookSchema)
def create_webhook(data: dict) -> Webhook:
    """Post to this URL (http or https) when a question is asked, answered or resolved, in
    these tags (none: all); `slack` format by default. Its secret signs every delivery."""
    webhook = services.create_webhook(member(), data)
    db.session.commit()
    return webhook


@blp.route("/<int:webhook_id>", methods=["PATCH"])
@blp.arguments(WebhookUpdateSchema)
@blp.response(200, WebhookSchema)
def update_webhook(data: dict, webhook_id: int) -> Webhook:
    """Change a webhook; `is_active: false` pauses it."""
    webhook = services.update_webhook(member(), webhook_id, data)
    db.session.commit()
    return webhook


@blp.route("/<int:webhook_id>", methods=["DELETE"])
@blp.response(204)
def delete_webhook(webhook_id: int) -> None:
    """Remove a webhook and its deliveries."""
    services.delete_webhook(member(), webhook_id)
    db.session.commit()


@blp.route("/<int:webhook_id>/deliveries", methods=["GET"])
@blp.response(200, DeliverySchema(many=True))
def deliveries(webhook_id: int) -> list[WebhookDelivery]:
    """The webhook's last 50 deliveries, newest first: status, the receiver's status code, the time taken."""
    return services.recent_deliveries(webhook_id)
