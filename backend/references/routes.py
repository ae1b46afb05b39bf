"""/api/v1/references: resolved threads as reference cards, for reuse in the middle of work."""

from __future__ import annotations

from typing import Any

from backend.arguments import Blueprint
from backend.presented import Presented
from backend.references import services
from backend.references.schemas import ReferenceArgsSchema, ReferenceCardSchema, ReferencePageSchema
from backend.searching.services import SearchQuery, search_threads
from backend.viewer import viewer

blp = Blueprint("references", __name__, url_prefix="/api/v1/references", description="Reference cards")


@blp.route("", methods=["GET"])
@blp.arguments(ReferenceArgsSchema, location="query")
@blp.response(200, ReferencePageSchema)
def list_references(args: dict) -> dict[str, Any]:
    """Search restricted to resolved threads, as reference cards."""
    query = SearchQuery(
        q=args["q"].strip(),
        tags=[t.strip().lower() for t in args.get("tag", [])],
        page=args["page"],
        per_page=args["per_page"],
        resolved_only=True,
    )
    result = search_threads(query)
    highlights = {hit.id: hit.title_highlighted for hit in result.hits}
    cards = services.reference_cards([hit.id for hit in result.hits], viewer(), highlights)
    return {
        "items": cards,
        "meta": {
            "page": query.page,
            "per_page": query.per_page,
            "total": result.total,
            "degraded": result.degraded,
        },
    }


@blp.route("/<int:question_id>", methods=["GET"])
@blp.response(200, ReferenceCardSchema)
def get_reference(question_id: int) -> Presented:
    """One resolved thread's card (404 if the thread is not resolved)."""
    return services.reference_card(question_id, viewer())
