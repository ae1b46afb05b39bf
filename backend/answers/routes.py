"""/api/v1/questions/<id>/answers and /api/v1/answers/<id>: answer, edit, delete, accept."""

from __future__ import annotations

from flask import Response
from flask_login import login_required

from backend import idempotency
from backend.answers import services
from backend.answers.schemas import (
    AcceptanceSchema,
    AnswerCreateSchema,
    AnswerUpdateSchema,
)
from backend.arguments import Blueprint
from backend.extensions import db
from backend.models import Question
from backend.moderation import rate_limits, suggestions
from backend.moderation.privileges import edits_directly
from backend.moderation.schemas import SuggestionStateSchema
from backend.moderation.views import suggested_edit_response
from backend.presented import Presented
from backend.questions.schemas import AnswerSchema, RevisionListSchema
from backend.questions.services import get_answer_view
from backend.viewer import member, viewer

blp = Blueprint("answers", __name__, url_prefix="/api/v1", description="Answers")


@blp.route("/questions/<int:question_id>/answers", methods=["POST"])
@login_required
@rate_limits.posting
@blp.arguments(AnswerCreateSchema)
@blp.response(201, AnswerSchema)
@blp.doc(parameters=[idempotency.PARAMETER])
@idempotency.idempotent("answer", lambda made: get_answer_view(made, member()))
def post_answer(data: dict, question_id: int) -> Presented:
    """Answer a question."""
    answer = services.post_answer(question_id, member(), data["body"])
    idempotency.remember(answer.id)
    db.session.commit()
    return get_answer_view(answer.id, member())


@blp.route("/answers/<int:answer_id>", methods=["PATCH"])
@login_required
@blp.arguments(AnswerUpdateSchema)
@blp.response(200, AnswerSchema)
@blp.alt_response(202, schema=SuggestionStateSchema, description="Kept as a suggested edit")
def edit_answer(data: dict, answer_id: int) -> Presented | Response:
    """Edit an answer; without the privilege to edit others' posts, the edit becomes a
    suggestion for the author or a moderator (202)."""
    answer = services.get_answer(answer_id)
    if not edits_directly(member(), answer.author_id):
        suggestion = suggestions.suggest_answer_edit(answer, member(), data["body"])
        db.session.commit()
        return suggested_edit_response(suggestion)
    services.edit_answer(answer, member(), data["body"])
    db.session.commit()
    return get_answer_view(answer_id, member())


@blp.route("/answers/<int:answer_id>/revisions", methods=["GET"])
@blp.response(200, RevisionListSchema)
def list_revisions(answer_id: int) -> dict[str, list[Presented]]:
    """Every version of the answer, newest first, each with its change from the one before."""
    return {"items": services.list_revisions(services.get_answer(answer_id), viewer())}


@blp.route("/answers/<int:answer_id>/revisions/<int:revision_id>/rollback", methods=["POST"])
@login_required
@blp.response(200, AnswerSchema)
def roll_back_answer(answer_id: int, revision_id: int) -> Presented:
    """Back to an earlier version (its author or a moderator), kept as a new revision."""
    services.roll_back_answer(services.get_answer(answer_id), revision_id, member())
    db.session.commit()
    return get_answer_view(answer_id, member())


@blp.route("/answers/<int:answer_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def delete_answer(answer_id: int) -> None:
    """Delete an answer (author or moderator)."""
    services.delete_answer(services.get_answer(answer_id), member())
    db.session.commit()


@blp.route("/answers/<int:answer_id>/accept", methods=["POST"])
@login_required
@blp.response(200, AcceptanceSchema)
def accept_answer(answer_id: int) -> Question:
    """Accept this answer (asker or moderator): the question becomes resolved."""
    question = services.accept_answer(services.get_answer(answer_id), member())
    db.session.commit()
    return question


@blp.route("/answers/<int:answer_id>/accept", methods=["DELETE"])
@login_required
@blp.response(200, AcceptanceSchema)
def unaccept_answer(answer_id: int) -> Question:
    """Withdraw the acceptance: the question is open again."""
    question = services.unaccept_answer(services.get_answer(answer_id), member())
    db.session.commit()
    return question
