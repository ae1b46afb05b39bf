"""/api/v1/tags: the communities of practice."""

from __future__ import annotations

from typing import Any

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.models import Tag
from backend.pagination import page, page_of
from backend.permissions import moderators_only
from backend.presented import Presented
from backend.questions.listing import ListFilter, list_question_ids, question_summaries
from backend.tags import services
from backend.tags.schemas import TagDetailSchema, TagListArgsSchema, TagSchema, TagUpdateSchema
from backend.viewer import viewer

blp = Blueprint("tags", __name__, url_prefix="/api/v1/tags", description="Tags")

TOP_QUESTIONS = 10


@blp.route("", methods=["GET"])
@blp.arguments(TagListArgsSchema, location="query")
@blp.response(200, page_of(TagSchema))
def list_tags(args: dict) -> dict[str, Any]:
    """Tags by popularity or name; `q` matches the start of the name (for autocomplete)."""
    tags, total = services.list_tags(args.get("q"), args["sort"], args["page"], args["per_page"])
    return page(tags, args["page"], args["per_page"], total)


@blp.route("/<path:name>", methods=["GET"])
@blp.response(200, TagDetailSchema)
def get_tag(name: str) -> Presented:
    """A tag with its description, counts and top questions."""
    tag = services.get_tag(name)
    ids, _ = list_question_ids(ListFilter(sort="votes", tags=(tag.name,)), 1, TOP_QUESTIONS)
    return Presented(tag, top_questions=question_summaries(ids, viewer()), **services.tag_counts(tag))


@blp.route("/<path:name>", methods=["PATCH"])
@login_required
@moderators_only
@blp.arguments(TagUpdateSchema)
@blp.response(200, TagSchema)
def update_tag(data: dict, name: str) -> Tag:
    """Describe a tag (moderators)."""
    tag = services.update_description(services.get_tag(name), data["description"])
    db.session.commit()
    return tag
