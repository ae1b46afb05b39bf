"""GET /api/v1/health: for load balancers and uptime checks (open even on private sites)."""

from __future__ import annotations

from marshmallow import fields
from sqlalchemy import text

from backend.arguments import Blueprint
from backend.dumping import Schema
from backend.extensions import db

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Health")


class HealthSchema(Schema):
    status = fields.String(metadata={"description": '"ok" when the database answers'})


@blp.route("/health", methods=["GET"])
@blp.response(200, HealthSchema)
def health() -> dict[str, str]:
    """Whether this process serves requests and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
