"""/api/v1/answers/<id>/helped: "this helped me"."""

from __future__ import annotations

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.helped import services
from backend.helped.schemas import HelpedSchema
from backend.viewer import member

blp = Blueprint("helped", __name__, url_prefix="/api/v1", description="This helped me")


@blp.route("/answers/<int:answer_id>/helped", methods=["PUT"])
@login_required
@blp.response(200, HelpedSchema)
def mark_helped(answer_id: int) -> services.HelpedResult:
    """Say this answer helped me (once per person; not on my own answers; no reputation)."""
    result = services.mark_helped(answer_id, member())
    db.session.commit()
    return result


@blp.route("/answers/<int:answer_id>/helped", methods=["DELETE"])
@login_required
@blp.response(200, HelpedSchema)
def unmark_helped(answer_id: int) -> services.HelpedResult:
    """Take back my "this helped me"."""
    result = services.unmark_helped(answer_id, member())
    db.session.commit()
    return result
