"""Comments on questions and answers."""

from __future__ import annotations

from flask_login import login_required

from backend import idempotency
from backend.arguments import Blueprint
from backend.comments import services
from backend.comments.schemas import CommentCreateSchema
from backend.extensions import db
from backend.models import Comment
from backend.moderation import rate_limits
from backend.presented import Presented
from backend.questions.schemas import CommentSchema
from backend.viewer import member

blp = Blueprint("comments", __name__, url_prefix="/api/v1", description="Comments")


def _own(comment: Comment) -> Presented:
    # The author sees themselves, even on their own anonymous question.
    return Presented(comment, author=member(), can_delete=True)


@blp.route("/questions/<int:question_id>/comments", methods=["POST"])
@login_required
@rate_limits.posting
@blp.arguments(CommentCreateSchema)
@blp.response(201, CommentSchema)
@blp.doc(parameters=[idempotency.PARAMETER])
@idempotency.idempotent("comment", lambda made: _own(db.session.get_one(Comment, made)))
def comment_on_question(data: dict, question_id: int) -> Presented:
    """Comment on a question."""
    comment = services.comment_on_question(question_id, member(), data["body"])
    idempotency.remember(comment.id)
    db.session.commit()
    return _own(comment)


@blp.route("/answers/<int:answer_id>/comments", methods=["POST"])
@login_required
@rate_limits.posting
@blp.arguments(CommentCreateSchema)
@blp.response(201, CommentSchema)
@blp.doc(parameters=[idempotency.PARAMETER])
@idempotency.idempotent("comment", lambda made: _own(db.session.get_one(Comment, made)))
def comment_on_answer(data: dict, answer_id: int) -> Presented:
    """Comment on an answer."""
    comment = services.comment_on_answer(answer_id, member(), data["body"])
    idempotency.remember(comment.id)
    db.session.commit()
    return _own(comment)


@blp.route("/comments/<int:comment_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def delete_comment(comment_id: int) -> None:
    """Delete a comment (author or moderator)."""
    services.delete_comment(services.get_comment(comment_id), member())
    db.session.commit()
