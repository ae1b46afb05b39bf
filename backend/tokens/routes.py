"""/api/v1/me/tokens: my personal API tokens."""

from __future__ import annotations

from flask import current_app
from flask_login import login_required

from backend.access import session_only
from backend.arguments import Blueprint
from backend.extensions import db, limiter
from backend.moderation.rate_limits import person_key
from backend.presented import Presented
from backend.tokens import services
from backend.tokens.schemas import NewTokenSchema, TokenCreateSchema, TokenListSchema
from backend.viewer import member

blp = Blueprint("tokens", __name__, url_prefix="/api/v1/me/tokens", description="Personal API tokens")


@blp.route("", methods=["GET"])
@login_required
@session_only
@blp.response(200, TokenListSchema)
def list_tokens() -> dict:
    """My tokens: name, scopes, created, last used and expiry (never the token itself)."""
    return {"items": services.tokens_of(member())}


@blp.route("", methods=["POST"])
@login_required
@session_only
@limiter.limit(lambda: current_app.config["TOKEN_LIMIT"], key_func=person_key)
@blp.arguments(TokenCreateSchema)
@blp.response(201, NewTokenSchema)
def create_token(data: dict) -> Presented:
    """A new token for scripts and bots: the answer holds it, shown this once. Send it as
    `Authorization: Bearer <token>`; a `read` token is refused every write (403)."""
    token, text = services.create(member(), data["name"], data["scopes"], data["expires_in_days"])
    db.session.commit()
    return Presented(token, token=text)


@blp.route("/<int:token_id>", methods=["DELETE"])
@login_required
@session_only
@blp.response(204)
def revoke_token(token_id: int) -> None:
    """Revoke a token: it stops working at once."""
    services.revoke(member(), token_id)
    db.session.commit()
