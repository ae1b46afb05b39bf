"""/api/v1/markdown/preview: a draft rendered by the same rules as a saved post."""

from __future__ import annotations

from flask_login import login_required

from backend.arguments import Blueprint
from backend.content import render_markdown
from backend.previews.schemas import PreviewCreateSchema, PreviewSchema

blp = Blueprint("previews", __name__, url_prefix="/api/v1/markdown", description="Markdown preview")


@blp.route("/preview", methods=["POST"])
@login_required  # only people who can post have drafts; keeps rendering work off anonymous traffic
@blp.arguments(PreviewCreateSchema)
@blp.response(200, PreviewSchema)
def preview(data: dict) -> dict[str, str]:
    """Render a Markdown draft to the sanitized HTML a post with this body would show."""
    return {"html": render_markdown(data["body"])}
