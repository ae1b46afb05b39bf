"""/api/v1/questions: list, ask, read, edit, delete, revisions."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_login import login_required

from backend import idempotency
from backend.arguments import Blueprint
from backend.extensions import db
from backend.moderation import rate_limits, suggestions
from backend.moderation.privileges import edits_directly
from backend.moderation.schemas import SuggestionStateSchema
from backend.moderation.views import suggested_edit_response
from backend.pagination import page
from backend.preferences.lists import personal_filter
from backend.presented import Presented
from backend.questions import services, views
from backend.questions.listing import ListFilter, hidden_by_mutes, list_question_ids, question_summaries
from backend.questions.page_cache import cached_page
from backend.questions.schemas import (
    QuestionCreateSchema,
    QuestionListArgsSchema,
    QuestionPageSchema,
    QuestionSchema,
    QuestionUpdateSchema,
    RevisionSchema,
)
from backend.questions.thread_cache import with_views
from backend.questions.thread_reads import read_thread
from backend.tags.services import canonical
from backend.viewer import member, viewer

blp = Blueprint("questions", __name__, url_prefix="/api/v1/questions", description="Questions")


# Cached pages are also answered by backend/read_lane.py, before Flask (test_read_lane.py).
@blp.route("", methods=["GET"])
@cached_page
@blp.arguments(QuestionListArgsSchema, location="query")
@blp.response(200, QuestionPageSchema)
def list_questions(args: dict) -> dict[str, Any]:
    """Questions, newest/active/votes/unanswered, optionally by tags (all of them), status, author.

    Signed in, `feed=for-you` lists the questions in the tags I follow and those I watch, and
    questions in tags I mute are left out (`meta.hidden_by_mutes` counts them) unless
    `show_muted=1`, the list is one author's, or the muted tag is asked for by name.
    """
    spec = ListFilter(
        sort=args["sort"],
        # A synonym lists its main tag's questions.
        tags=tuple(sorted(canonical(t.strip().lower() for t in args.get("tag", [])))),
        status=args.get("status"),
        author_id=args.get("author"),
        viewer=viewer(),
    )
    spec = personal_filter(spec, viewer(), feed=args.get("feed"), show_muted=args["show_muted"])
    ids, total = list_question_ids(spec, args["page"], args["per_page"])
    listed = page(question_summaries(ids, viewer()), args["page"], args["per_page"], total)
    if spec.muted_tag_ids:  # only on lists the person's mutes apply to (never shared pages)
        listed["meta"]["hidden_by_mutes"] = hidden_by_mutes(spec, total)
    return listed


@blp.route("", methods=["POST"])
@login_required
@rate_limits.posting
@blp.arguments(QuestionCreateSchema)
@blp.response(201, QuestionSchema)
@blp.doc(parameters=[idempotency.PARAMETER])
@idempotency.idempotent("question", lambda made: services.get_thread(made, member()))
def ask_question(data: dict) -> Presented:
    """Ask a question (1-5 tags; anonymous hides the asker from everyone but moderators)."""
    question = services.ask_question(member(), data["title"], data["body"], data["tags"], data["anonymous"])
    idempotency.remember(question.id)
    db.session.commit()
    return services.get_thread(question.id, member())


@blp.route("/<int:question_id>", methods=["GET"])
@blp.response(200, QuestionSchema)
def get_question(question_id: int) -> Response:
    """The thread; counts a view (not the asker's own, not twice per session)."""
    # backend/read_lane.py answers most of these reads before Flask does, by the same steps:
    # a change here is a change there (tests/backend/test_read_lane.py compares the two).
    person = viewer()
    thread = read_thread(question_id, person)
    seen = views.seen_ids()
    counted = views.count_view(question_id, person.id if person else None, thread.asker_id, seen)
    body = with_views(thread.rendering, thread.stored_views + views.pending_views(question_id))
    response = Response(body, mimetype="application/json")
    if counted:
        views.remember_seen(response, seen)
    views.write_if_unbatched()
    return response


@blp.route("/<int:question_id>/revisions/<int:revision_id>/rollback", methods=["POST"])
@login_required
@blp.response(200, QuestionSchema)
def roll_back_question(question_id: int, revision_id: int) -> Presented:
    """Back to an earlier version (its author or a moderator), kept as a new revision."""
    question = services.get_question(question_id, for_update=True)
    services.roll_back_question(question, revision_id, member())
    db.session.commit()
    return services.get_thread(question_id, member())


@blp.route("/<int:question_id>", methods=["PATCH"])
@login_required
@blp.arguments(QuestionUpdateSchema)
@blp.response(200, QuestionSchema)
@blp.alt_response(202, schema=SuggestionStateSchema, description="Kept as a suggested edit")
def edit_question(data: dict, question_id: int) -> Presented | Response:
    """Edit title, body or tags; every edit is kept as a revision. Without the privilege to
    edit others' posts, the edit becomes a suggestion for the author or a moderator (202)."""
    question = services.get_question(question_id, for_update=True)
    if not edits_directly(member(), question.author_id):
        suggestion = suggestions.suggest_question_edit(
            question, member(), data.get("title"), data.get("body"), data.get("tags")
        )
        db.session.commit()
        return suggested_edit_response(suggestion)
    services.edit_question(
        question,
        member(),
        title=data.get("title"),
        body=data.get("body"),
        tag_names=data.get("tags"),
    )
    db.session.commit()
    return services.get_thread(question_id, member())


@blp.route("/<int:question_id>", methods=["DELETE"])
@login_required
@blp.response(204)
def delete_question(question_id: int) -> None:
    """Delete the question (author or moderator); it can no longer be found."""
    services.delete_question(services.get_question(question_id, for_update=True), member())
    db.session.commit()


@blp.route("/<int:question_id>/revisions", methods=["GET"])
@blp.response(200, RevisionSchema(many=True))
def list_revisions(question_id: int) -> list[Presented]:
    """Every version of the question, newest first."""
    return services.list_revisions(services.get_question(question_id), viewer())
