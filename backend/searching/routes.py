"""/api/v1/search (search as you go) and /api/v1/questions/similar (for the ask form)."""

from __future__ import annotations

from typing import Any

from backend.arguments import Blueprint
from backend.searching import services
from backend.searching.hit_rows import hit_rows, synthesis_hit_rows
from backend.searching.query import MAX_TAGS, tags_named
from backend.searching.schemas import (
    SearchArgsSchema,
    SearchPageSchema,
    SimilarArgsSchema,
    SimilarListSchema,
)
from backend.tags.services import canonical
from backend.viewer import viewer
from search.documents import SYNTHESIS, THREAD

blp = Blueprint("search", __name__, url_prefix="/api/v1", description="Search")


def with_rows(hits: list[services.Hit]) -> list[dict[str, Any]]:
    """The hits whose threads (or syntheses) still exist, joined with their current rows:
    the database is the source of truth."""
    threads = hit_rows([h.id for h in hits if h.kind == THREAD], viewer())
    syntheses = synthesis_hit_rows([h.id for h in hits if h.kind == SYNTHESIS])
    items = []
    for hit in hits:
        row = (threads if hit.kind == THREAD else syntheses).get(hit.id)
        if row is not None:
            items.append({**row, **vars(hit)})
    return items


@blp.route("/search", methods=["GET"])
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, SearchPageSchema)
def search(args: dict) -> dict[str, Any]:
    """Typo-tolerant, highlighted search on every keystroke: threads and published syntheses.

    An empty query lists the newest resolved threads (with `kind=synthesis`, the newest
    syntheses). A word in square brackets names a tag, as `tag` does: `[vpn] expired`.
    """
    q, named = tags_named(args["q"])
    query = services.SearchQuery(
        q=q,
        tags=canonical([*(t.strip().lower() for t in args.get("tag", [])), *named])[:MAX_TAGS],
        status=args.get("status"),
        kind=args["kind"],
        sort=args["sort"],
        page=args["page"],
        per_page=args["per_page"],
    )
    result = services.search_threads(query)
    return {
        "items": with_rows(result.hits),
        "meta": {
            "page": query.page,
            "per_page": query.per_page,
            "total": result.total,
            "processing_ms": result.processing_ms,
            "degraded": result.degraded,
            "matched_by": result.matched_by,
        },
        "facets": result.facets,
    }


@blp.route("/questions/similar", methods=["GET"])
@blp.arguments(SimilarArgsSchema, location="query")
@blp.response(200, SimilarListSchema)
def similar(args: dict) -> dict[str, Any]:
    """Questions like the one being asked, while its title is typed."""
    hits = services.similar_questions(args["title"], args["body"], args["limit"])
    return {"items": with_rows(hits)}
