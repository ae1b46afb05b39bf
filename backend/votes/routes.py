"""Voting on questions and answers: {value: 1 | -1 | 0 (retract)}."""

from __future__ import annotations

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.moderation import rate_limits
from backend.viewer import member
from backend.votes import services
from backend.votes.schemas import VoteCreateSchema, VoteResultSchema

blp = Blueprint("votes", __name__, url_prefix="/api/v1", description="Votes")


@blp.route("/questions/<int:question_id>/vote", methods=["POST"])
@login_required
@rate_limits.voting
@blp.arguments(VoteCreateSchema)
@blp.response(200, VoteResultSchema)
def vote_on_question(data: dict, question_id: int) -> services.VoteResult:
    """Vote on a question; repeating the same vote changes nothing."""
    result = services.vote_on_question(question_id, member(), data["value"])
    db.session.commit()
    return result


@blp.route("/answers/<int:answer_id>/vote", methods=["POST"])
@login_required
@rate_limits.voting
@blp.arguments(VoteCreateSchema)
@blp.response(200, VoteResultSchema)
def vote_on_answer(data: dict, answer_id: int) -> services.VoteResult:
    """Vote on an answer; repeating the same vote changes nothing."""
    result = services.vote_on_answer(answer_id, member(), data["value"])
    db.session.commit()
    return result
