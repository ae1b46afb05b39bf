"""Search as you go: Meilisearch ranks and highlights, the database stays the source of truth.

When Meilisearch cannot be reached the same questions are answered from the database
(a plain title/body match) and flagged `degraded`, never with an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from backend.content import plain_text
from backend.extensions import db
from backend.indexing.engine import search_engine
from backend.indexing.vectors import embedder
from backend.models import Question, QuestionTag, Tag
from backend.searching.highlight import mark_terms, safe_highlight
from search.client import SearchError, SearchUnavailable
from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.embeddings import query_vector
from search.similar import hybrid_query, lexical_query
from search.sync import LIVE_INDEX

SNIPPET_WORDS = 24
ANSWER_SNIPPET_WORDS = 30
DEGRADED_SNIPPET_CHARS = 200
log = logging.getLogger(__name__)


@dataclass
class SearchQuery:
    q: str = ""
    tags: Sequence[str] = ()
    status: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    resolved_only: bool = False

    @property
    def effective_status(self) -> str | None:
        if self.resolved_only:
            return "resolved"
        if self.status is None and not self.q.strip():
            return "resolved"  # an empty query shows the newest resolved threads
        return None if self.status in (None, "all") else self.status

    @property
    def effective_sort(self) -> str:
        return "newest" if not self.q.strip() and self.sort == "relevance" else self.sort


@dataclass
class Hit:
    """One thread found, with highlights from the engine (or built here when degraded)."""

    id: int
    title_highlighted: str
    snippet_highlighted: str
    accepted_answer_snippet: str | None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    processing_ms: int
    degraded: bool
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def _filters(query: SearchQuery) -> list[Any]:
    filters: list[Any] = [f"tags = {_quote(tag)}" for tag in query.tags]
    if status := query.effective_status:
        filters.append(f"status = {_quote(status)}")
    return filters


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


SORTS = {"newest": ["created_at:desc", "id:desc"], "votes": ["score:desc", "created_at:desc", "id:desc"]}


def engine_query(query: SearchQuery) -> dict[str, Any]:
    """What GET /search asks Meilisearch (the search benchmark sends the same directly)."""
    params: dict[str, Any] = {
        "q": query.q,
        "page": query.page,
        "hitsPerPage": query.per_page,
        "filter": _filters(query),
        "facets": ["tags", "status"],
        "attributesToRetrieve": ["id"],
        "attributesToHighlight": ["title", "question", "accepted_answer"],
        "attributesToCrop": [f"question:{SNIPPET_WORDS}", f"accepted_answer:{ANSWER_SNIPPET_WORDS}"],
        "cropMarker": "…",
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    if sort := SORTS.get(query.effective_sort):
        params["sort"] = sort
    return params


def _engine_search(query: SearchQuery) -> SearchResult:
    engine = search_engine()
    if engine is None:
        raise SearchUnavailable("no search engine configured")
    answer = engine.search(LIVE_INDEX, engine_query(query))
    hits = []
    for hit in answer["hits"]:
        formatted = hit.get("_formatted", {})
        accepted = formatted.get("accepted_answer")
        hits.append(
            Hit(
                id=int(hit["id"]),
                title_highlighted=safe_highlight(formatted.get("title")),
                snippet_highlighted=safe_highlight(formatted.get("question")),
                accepted_answer_snippet=safe_highlight(accepted) if accepted else None,
            )
        )
    return SearchResult(
        hits=hits,
        total=int(answer.get("totalHits", len(hits))),
        processing_ms=int(answer.get("processingTimeMs", 0)),
        degraded=False,
        facets={name: dict(values) for name, values in (answer.get("facetDistribution") or {}).items()},
    )


def _database_query(query: SearchQuery) -> Select:
    conditions: list[Any] = [Question.is_deleted.is_(False), Question.hidden_at.is_(None)]
    if status := query.effective_status:
        conditions.append(Question.status == status)
    for tag in query.tags:
        conditions.append(
            exists().where(
                QuestionTag.question_id == Question.id,
                QuestionTag.tag_id == select(Tag.id).where(Tag.name == tag).scalar_subquery(),
            )
        )
    for word in query.q.split()[:8]:
        conditions.append(
            or_(
                Question.title.icontains(word, autoescape=True),
                Question.body_source.icontains(word, autoescape=True),
            )
        )
    return select(Question.id, Question.title, Question.body_html).where(and_(*conditions))


DATABASE_ORDER: dict[str, list[Any]] = {
    "newest": [Question.created_at.desc()],
    "votes": [Question.score.desc(), Question.created_at.desc()],
    # Without the engine's relevance, resolved and well-voted threads first.
    "relevance": [(Question.status == "resolved").desc(), Question.score.desc(), Question.created_at.desc()],
}


def _database_search(query: SearchQuery) -> SearchResult:
    started = time.monotonic()
    base = _database_query(query)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    order = DATABASE_ORDER[query.effective_sort]
    rows = db.session.execute(
        base.order_by(*order, Question.id.desc())
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    hits = [
        Hit(
            id=row.id,
            title_highlighted=mark_terms(row.title, query.q),
            snippet_highlighted=mark_terms(plain_text(row.body_html)[:DEGRADED_SNIPPET_CHARS], query.q),
            accepted_answer_snippet=None,
        )
        for row in rows
    ]
    elapsed = int((time.monotonic() - started) * 1000)
    return SearchResult(hits=hits, total=total, processing_ms=elapsed, degraded=True)


def search_threads(query: SearchQuery) -> SearchResult:
    """Ranked, highlighted threads; from the database (degraded) if the engine is unreachable."""
    try:
        return _engine_search(query)
    except (SearchUnavailable, SearchError):
        return _database_search(query)


def similar_questions(title: str, body: str, limit: int) -> list[Hit]:
    """Existing threads like the one being asked: by meaning and words when the model is
    installed, by words alone when it is not; empty when the engine is unreachable."""
    engine = search_engine()
    if engine is None or len(title.strip()) < 3:
        return []
    common = {
        "limit": limit,
        "attributesToRetrieve": ["id"],
        "attributesToHighlight": ["title"],
        "highlightPreTag": HIGHLIGHT_PRE,
        "highlightPostTag": HIGHLIGHT_POST,
    }
    vector = _query_vector(title, body)
    try:
        if vector is not None:
            try:
                answer = engine.search(
                    LIVE_INDEX, {**common, **hybrid_query(title, body, vector)}, timeout=1.0
                )
                return _similar_hits(answer)
            except SearchError as error:  # e.g. an index built without the embedder
                log.warning("semantic similar-question search failed, using words only: %s", error)
        answer = engine.search(LIVE_INDEX, {**common, **lexical_query(title)}, timeout=1.0)
    except (SearchUnavailable, SearchError):
        return []
    return _similar_hits(answer)


def _query_vector(title: str, body: str) -> list[float] | None:
    model = embedder()
    if model is None:
        return None
    try:
        return query_vector(model, title, body)
    except Exception:  # onnxruntime's own errors: fall back to words
        log.exception("could not encode a similar-question query")
        return None


def _similar_hits(answer: dict[str, Any]) -> list[Hit]:
    return [
        Hit(
            id=int(hit["id"]),
            title_highlighted=safe_highlight(hit.get("_formatted", {}).get("title")),
            snippet_highlighted="",
            accepted_answer_snippet=None,
        )
        for hit in answer["hits"]
    ]
