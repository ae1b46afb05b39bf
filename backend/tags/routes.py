"""/api/v1/tags: the communities of practice."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask_login import login_required

from backend.arguments import Blueprint
from backend.extensions import db
from backend.models import Tag
from backend.pagination import page, page_of
from backend.permissions import moderators_only
from backend.presented import Presented
from backend.questions.listing import ListFilter, list_question_ids, question_summaries
from backend.questions.schemas import RevisionListSchema
from backend.tags import descriptions, services, shaping
from backend.tags.schemas import (
    SynonymSchema,
    TagCreateSchema,
    TagDetailSchema,
    TagListArgsSchema,
    TagMergedSchema,
    TagMergeSchema,
    TagRenameSchema,
    TagSchema,
    TagUpdateSchema,
)
from backend.viewer import member, viewer

F = TypeVar("F", bound=Callable[..., Any])

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
    return Presented(
        tag,
        top_questions=question_summaries(ids, viewer()),
        synonyms=services.synonyms_of(tag),
        **services.tag_counts(tag),
    )


@blp.route("", methods=["POST"])
@login_required
@moderators_only
@blp.arguments(TagCreateSchema)
@blp.response(201, TagSchema)
def create_tag(data: dict) -> Tag:
    """Create a community before its first question (moderators)."""
    tag = shaping.create_tag(data["name"], data["description"], member())
    db.session.commit()
    return tag


def _describers_only(view: F) -> F:
    """Refuse those who may not describe a community before the request is parsed, as
    moderators_only does: they learn that they may not, not what the request needs."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        descriptions.ensure_may_describe(member())
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


@blp.route("/<path:name>", methods=["PATCH"])
@login_required
@_describers_only
@blp.arguments(TagUpdateSchema)
@blp.response(200, TagSchema)
def update_tag(data: dict, name: str) -> Tag:
    """Describe a community in Markdown (moderators and members with the reputation to edit
    others' posts); every version is kept."""
    tag = descriptions.describe(services.get_tag(name), data["description"], member())
    db.session.commit()
    return tag


@blp.route("/<path:name>/revisions", methods=["GET"])
@blp.response(200, RevisionListSchema)
def tag_revisions(name: str) -> dict[str, Any]:
    """The description's versions, newest first, each with what changed."""
    return {"items": descriptions.revisions(services.get_tag(name))}


@blp.route("/<path:name>/synonyms/<synonym>", methods=["PUT"])
@login_required
@moderators_only
@blp.response(200, SynonymSchema)
def add_synonym(name: str, synonym: str) -> Presented:
    """Make `synonym` another name for this tag (moderators): asking, searching, following
    or muting with it uses this tag. An empty tag by that name becomes the synonym; one with
    questions must be merged (409)."""
    row = shaping.add_synonym(name, synonym, member())
    main = services.get_tag(name).name
    db.session.commit()
    return Presented(row, main_name=main)


@blp.route("/<path:name>/synonyms/<synonym>", methods=["DELETE"])
@login_required
@moderators_only
@blp.response(204)
def remove_synonym(name: str, synonym: str) -> None:
    """Remove a synonym (moderators)."""
    shaping.remove_synonym(name, synonym, member())
    db.session.commit()


@blp.route("/<path:name>/merge", methods=["POST"])
@login_required
@moderators_only
@blp.arguments(TagMergeSchema)
@blp.response(200, TagMergedSchema)
def merge_tag(data: dict, name: str) -> dict[str, Any]:
    """Merge this tag into another (moderators): questions, followers, synonyms, syntheses
    and expertise move, and this name becomes a synonym of the other."""
    target, moved = shaping.merge(name, data["into"], member())
    db.session.commit()
    return {"tag": target, "moved": moved}


@blp.route("/<path:name>/rename", methods=["POST"])
@login_required
@moderators_only
@blp.arguments(TagRenameSchema)
@blp.response(200, TagSchema)
def rename_tag(data: dict, name: str) -> Tag:
    """Rename a tag (moderators); the old name stays as a synonym."""
    tag = shaping.rename(name, data["name"], member())
    db.session.commit()
    return tag
