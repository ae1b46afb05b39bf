"""/api/v1/users: public profiles and what people have posted."""

from __future__ import annotations

from typing import Any

from backend.arguments import Blueprint
from backend.pagination import PageArgsSchema, page, page_of
from backend.presented import Presented
from backend.questions.listing import ListFilter, list_question_ids, question_summaries
from backend.questions.schemas import QuestionSummarySchema
from backend.users import services
from backend.users.schemas import AnswerSummarySchema, ProfileSchema
from backend.viewer import viewer

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="People")


@blp.route("/<int:user_id>", methods=["GET"])
@blp.response(200, ProfileSchema)
def get_profile(user_id: int) -> Presented:
    """Public profile: display name, reputation and counts (never the email)."""
    return services.profile(services.get_user(user_id), viewer())


@blp.route("/<int:user_id>/questions", methods=["GET"])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_of(QuestionSummarySchema))
def list_questions(args: dict, user_id: int) -> dict[str, Any]:
    """The person's questions, newest first (anonymous ones only for them and moderators)."""
    user = services.get_user(user_id)
    spec = ListFilter(sort="newest", author_id=user.id, viewer=viewer())
    ids, total = list_question_ids(spec, args["page"], args["per_page"])
    return page(question_summaries(ids, viewer()), args["page"], args["per_page"], total)


@blp.route("/<int:user_id>/answers", methods=["GET"])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_of(AnswerSummarySchema))
def list_answers(args: dict, user_id: int) -> dict[str, Any]:
    """The person's answers, newest first."""
    rows, total = services.list_answers(services.get_user(user_id), viewer(), args["page"], args["per_page"])
    return page(rows, args["page"], args["per_page"], total)
