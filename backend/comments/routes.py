"""Comments on questions and answers."""

from __future__ import annotations

from flask_login import login_required

from backend import idempotency
from backend.arguments import Blueprint
from backend.comments import services
from backend.comments.schemas import CommentCreateSchema
from backend.comments.window import may_edit
from backend.extensions import db
from backend.models import Comment, User
from backend.moderation import rate_limits
from backend.presented import Presented
from backend.questions.schemas import CommentSchema, RevisionListSchema
from backend.viewer import member

blp = Blueprint("comments", __name__, url_prefix="/api/v1", description="Comments")


def _own(comment: Comment) -> Presented:
    # The author sees themselves, even on their own anonymous question.
    return Presented(comment, author=member(), can_delete=True, can_edit=True)


def _as_editor_sees(comment: Comment) -> Presented:
    # Only its author or a moderator edits a comment, and both know who wrote it.
    editor = member()
    return Presented(
        comment,
        author=db.session.get_one(User, comment.author_id),
        can_delete=True,
        can_edit=may_edit(comment.author_id, comment.created_at, editor),
    )


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


@blp.route("/comments/<int:comment_id>", methods=["PATCH"])
@login_required
@rate_limits.posting
@blp.arguments(CommentCreateSchema)
@blp.response(200, CommentSchema)
def edit_comment(data: dict, comment_id: int) -> Presented:
    """Edit a comment: its author in the first minutes after posting (COMMENT_EDIT_MINUTES),
    moderators any time. The earlier text is kept."""
    comment = services.edit_comment(services.get_comment(comment_id), member(), data["body"])
    db.session.commit()
    return _as_editor_sees(comment)


@blp.route("/comments/<int:comment_id>/revisions", methods=["GET"])
@login_required
@blp.response(200, RevisionListSchema)
def comment_revisions(comment_id: int) -> dict:
    """A comment's texts, newest first, with what each edit changed (its author and moderators)."""
    return {"items": services.comment_revisions(services.get_comment(comment_id), member())}
