"""/api/v1/tags/<name>/experts, /api/v1/questions/<id>/experts and invitations to answer."""

from __future__ import annotations

from flask_login import login_required

from backend.arguments import Blueprint
from backend.experts import invitations, services
from backend.experts.schemas import (
    ExpertArgsSchema,
    ExpertSchema,
    InvitationCreateSchema,
    InvitationSchema,
)
from backend.extensions import db
from backend.models import Invitation
from backend.moderation import rate_limits
from backend.presented import Presented
from backend.viewer import member, viewer

blp = Blueprint("experts", __name__, url_prefix="/api/v1", description="Experts and invitations")


@blp.route("/tags/<path:name>/experts", methods=["GET"])
@blp.arguments(ExpertArgsSchema, location="query")
@blp.response(200, ExpertSchema(many=True))
def tag_experts(args: dict, name: str) -> list[services.Expert]:
    """People ranked by accepted and upvoted answers in the tag, recent ones (90 days) counting double."""
    return services.tag_experts(name, args["limit"])


@blp.route("/questions/<int:question_id>/experts", methods=["GET"])
@blp.arguments(ExpertArgsSchema, location="query")
@blp.response(200, ExpertSchema(many=True))
def question_experts(args: dict, question_id: int) -> list[Presented]:
    """The best people to ask about this question (by its tags), without its asker; for a
    signed-in viewer, whether each was invited to answer it already (or declined)."""
    reader = viewer()
    experts = services.question_experts(question_id, reader, args["limit"])
    states = invitations.invitation_states(question_id, [e.id for e in experts]) if reader else {}
    return [Presented(e, invitation=states.get(e.id)) for e in experts]


@blp.route("/questions/<int:question_id>/invite", methods=["POST"])
@login_required
@rate_limits.inviting
@blp.arguments(InvitationCreateSchema)
@blp.response(201, InvitationSchema)
def invite(data: dict, question_id: int) -> Invitation:
    """Invite someone to answer (at most 3 per question, 5 a day to one person; opt-out respected)."""
    invitation = invitations.invite(question_id, member(), data["user_id"])
    db.session.commit()
    return invitation


@blp.route("/questions/<int:question_id>/invitation/decline", methods=["POST"])
@login_required
@blp.response(200, InvitationSchema)
def decline_invitation(question_id: int) -> Invitation:
    """Decline my invitation to answer this question; the inviter is not told, and the
    question may invite someone else in my place."""
    invitation = invitations.decline(question_id, member())
    db.session.commit()
    return invitation
