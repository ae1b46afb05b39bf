"""Search as you go: Meilisearch ranks and highlights, the database stays the source of truth.

When Meilisearch cannot be reached the same questions are answered from the database
(a plain title/body match) and flagged `degraded`, never with an error.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from typing import Any

from backend.indexing.engine import search_engine
from backend.monitoring.metrics import SEARCH_FALLBACKS
from backend.searching.degraded import database_search
from backend.searching.highlight import safe_highlight
from backend.searching.matching import Found, question_matches, sentence_matches
from backend.searching.query import Hit, SearchQuery, SearchResult
from search.client import SearchError, SearchUnavailable
from search.documents import (
    HIGHLIGHT_POST,
    HIGHLIGHT_PRE,
    NOT_SYNTHESIS,
    SYNTHESIS,
    THREAD,
    document_key,
)
from search.sync import LIVE_INDEX

SNIPPET_WORDS = 24
ANSWER_SNIPPET_WORDS = 30


def _filters(query: SearchQuery) -> list[Any]:
    filters: list[Any] = [f"tags = {_quote(tag)}" for tag in query.tags]
    if status := query.effective_status:
        filters.append(f"status = {_quote(status)}")
    if query.kind == THREAD:
        filters.append(NOT_SYNTHESIS)
    elif query.kind == SYNTHESIS:
        filters.append(f"kind = {_quote(SYNTHESIS)}")
    return filters


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# What a hit shows: its title, question and accepted answer, cropped and highlighted.
HIT_DISPLAY = {
    "attributesToHighlight": ["title", "question", "accepted_answer"],
    "attributesToCrop": [f"question:{SNIPPET_WORDS}", f"accepted_answer:{ANSWER_SNIPPET_WORDS}"],
    "cropMarker": "…",
    "highlightPreTag": HIGHLIGHT_PRE,
    "highlightPostTag": HIGHLIGHT_POST,
}
SORTS = {"newest": ["created_at:desc", "id:desc"], "votes": ["score:desc", "created_at:desc", "id:desc"]}


def engine_query(query: SearchQuery) -> dict[str, Any]:
    """What GET /search asks Meilisearch (the search benchmark sends the same directly)."""
    params: dict[str, Any] = {
        "q": query.q,
        "page": query.page,
        "hitsPerPage": query.per_page,
        "filter": _filters(query),
        "facets": ["tags", "status", "kind"],
        "attributesToRetrieve": ["id"],
        **HIT_DISPLAY,
    }
    if sort := SORTS.get(query.effective_sort):
        params["sort"] = sort
    return params


def _engine_search(query: SearchQuery) -> SearchResult:
    engine = search_engine()
    if engine is None:
        raise SearchUnavailable("no search engine configured")
    answer = engine.search(LIVE_INDEX, engine_query(query))
    hits = [_hit(*document_key(hit["id"]), hit.get("_formatted", {})) for hit in answer["hits"]]
    total = int(answer.get("totalHits", len(hits)))
    facets = {name: dict(values) for name, values in (answer.get("facetDistribution") or {}).items()}
    facets["kind"] = _kinds(total, facets.get("kind", {}).get(SYNTHESIS, 0))
    return SearchResult(
        hits=hits,
        total=total,
        processing_ms=int(answer.get("processingTimeMs", 0)),
        degraded=False,
        facets=facets,
    )


def _kinds(total: int, syntheses: int) -> dict[str, int]:
    # Counted from the syntheses: a thread indexed before documents had a kind has none.
    return {name: count for name, count in ((THREAD, total - syntheses), (SYNTHESIS, syntheses)) if count}


def _hit(kind: str, document_id: int, formatted: dict[str, Any]) -> Hit:
    accepted = formatted.get("accepted_answer")
    return Hit(
        id=document_id,
        kind=kind,
        title_highlighted=safe_highlight(formatted.get("title")),
        snippet_highlighted=safe_highlight(formatted.get("question")),
        accepted_answer_snippet=safe_highlight(accepted) if accepted else None,
    )


def search_threads(query: SearchQuery) -> SearchResult:
    """Ranked, highlighted threads (and syntheses, as asked); from the database (degraded)
    if the engine is unreachable.

    A query typed as a sentence (SENTENCE_WORDS words or more) is a problem described, not
    a prefix being typed: it is matched by meaning and words as the ask form matches a
    question, and the threads close to it come first; the syntheses it matches are counted
    in the `kind` facet, one filter away."""
    try:
        if is_sentence(query) and (result := _sentence_search(query)) is not None:
            return result
        return _engine_search(query)
    except (SearchUnavailable, SearchError):
        SEARCH_FALLBACKS.inc()
        return database_search(query)


SENTENCE_WORDS = 3
# Where several threads match about as well, one with an accepted answer to reuse (a
# reference card, its answer not labelled outdated or unverified) comes first: within this
# much cosine of the best match.
REFERENCE_MARGIN = 0.05


def is_sentence(query: SearchQuery) -> bool:
    return (
        query.kind != SYNTHESIS
        and query.effective_sort == "relevance"
        and len(query.q.split()) >= SENTENCE_WORDS
    )


def _sentence_search(query: SearchQuery) -> SearchResult | None:
    engine = search_engine()
    if engine is None:
        raise SearchUnavailable("no search engine configured")
    display = {
        **HIT_DISPLAY,
        "attributesToRetrieve": ["id", "status", "tags", "accepted_answer_id", "labelled"],
    }
    started = time.monotonic()
    found = sentence_matches(engine, query.q, display, _filters(query))
    if found is None:
        return None
    found = _references_first(found)
    facets = {
        "tags": Counter(tag for _, hit in found for tag in hit.get("tags") or []),
        "status": Counter(hit["status"] for _, hit in found),
        "kind": Counter({THREAD: len(found)}),
    }
    if query.kind == "all" and (syntheses := _syntheses_matching(engine, query)):
        facets["kind"][SYNTHESIS] = syntheses
    start = (query.page - 1) * query.per_page
    hits = [_hit(THREAD, match.id, hit) for match, hit in found[start : start + query.per_page]]
    return SearchResult(
        hits=hits,
        total=len(found),
        processing_ms=int((time.monotonic() - started) * 1000),
        degraded=False,
        facets={name: dict(counts) for name, counts in facets.items() if counts},
        matched_by="meaning",
    )


def _syntheses_matching(engine: Any, query: SearchQuery) -> int:
    params = {"q": query.q, "filter": _filters(replace(query, kind=SYNTHESIS)), "limit": 0}
    return int(engine.search(LIVE_INDEX, params).get("estimatedTotalHits", 0))


def _references_first(found: Found) -> Found:
    if not found:
        return found
    close_to = found[0][0].similarity - REFERENCE_MARGIN
    close = [item for item in found if item[0].similarity >= close_to]
    rest = [item for item in found if item[0].similarity < close_to]
    return sorted(close, key=lambda item: not _is_reference(item[1])) + rest  # a stable sort


def _is_reference(hit: dict[str, Any]) -> bool:
    return hit.get("status") == "resolved" and bool(hit.get("accepted_answer_id")) and not hit.get("labelled")


def similar_questions(title: str, body: str, limit: int) -> list[Hit]:
    """Existing threads like the one being asked, only those close enough to be worth
    showing: by meaning and words when the model is installed, by words alone when it is
    not; empty when the engine is unreachable."""
    engine = search_engine()
    if engine is None or len(title.strip()) < 3:
        return []
    display = {
        "attributesToRetrieve": ["id"],
        "attributesToHighlight": ["title"],
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    try:
        found = question_matches(engine, title, body, display)
    except (SearchUnavailable, SearchError):
        return []
    return [_hit(THREAD, match.id, formatted) for match, formatted in found[:limit]]
