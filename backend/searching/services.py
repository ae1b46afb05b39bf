"""Search as you go: Meilisearch ranks and highlights, the database stays the source of truth.

When Meilisearch cannot be reached the same questions are answered from the database
(a plain title/body match) and flagged `degraded`, never with an error.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from backend.content import plain_text
from backend.extensions import db
from backend.indexing.engine import search_engine
from backend.models import Question, QuestionTag, Tag
from backend.searching.highlight import mark_terms, safe_highlight
from backend.searching.matching import Found, question_matches, sentence_matches
from search.client import SearchError, SearchUnavailable
from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.sync import LIVE_INDEX

SNIPPET_WORDS = 24
ANSWER_SNIPPET_WORDS = 30
DEGRADED_SNIPPET_CHARS = 200


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
    # "words" (search as you type) or "meaning" (a sentence matched as a question is)
    matched_by: str = "words"


def _filters(query: SearchQuery) -> list[Any]:
    filters: list[Any] = [f"tags = {_quote(tag)}" for tag in query.tags]
    if status := query.effective_status:
        filters.append(f"status = {_quote(status)}")
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
        "facets": ["tags", "status"],
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
    hits = [_hit(int(hit["id"]), hit.get("_formatted", {})) for hit in answer["hits"]]
    return SearchResult(
        hits=hits,
        total=int(answer.get("totalHits", len(hits))),
        processing_ms=int(answer.get("processingTimeMs", 0)),
        degraded=False,
        facets={name: dict(values) for name, values in (answer.get("facetDistribution") or {}).items()},
    )


def _hit(thread_id: int, formatted: dict[str, Any]) -> Hit:
    accepted = formatted.get("accepted_answer")
    return Hit(
        id=thread_id,
        title_highlighted=safe_highlight(formatted.get("title")),
        snippet_highlighted=safe_highlight(formatted.get("question")),
        accepted_answer_snippet=safe_highlight(accepted) if accepted else None,
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
    """Ranked, highlighted threads; from the database (degraded) if the engine is unreachable.

    A query typed as a sentence (SENTENCE_WORDS words or more) is a problem described, not
    a prefix being typed: it is matched by meaning and words as the ask form matches a
    question, and the threads close to it come first."""
    try:
        if is_sentence(query) and (result := _sentence_search(query)) is not None:
            return result
        return _engine_search(query)
    except (SearchUnavailable, SearchError):
        return _database_search(query)


SENTENCE_WORDS = 3
# Where several threads match about as well, one with an accepted answer to reuse (a
# reference card, its answer not labelled outdated or unverified) comes first: within this
# much cosine of the best match.
REFERENCE_MARGIN = 0.05


def is_sentence(query: SearchQuery) -> bool:
    return query.effective_sort == "relevance" and len(query.q.split()) >= SENTENCE_WORDS


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
    }
    start = (query.page - 1) * query.per_page
    hits = [_hit(match.id, hit) for match, hit in found[start : start + query.per_page]]
    return SearchResult(
        hits=hits,
        total=len(found),
        processing_ms=int((time.monotonic() - started) * 1000),
        degraded=False,
        facets={name: dict(counts) for name, counts in facets.items() if counts},
        matched_by="meaning",
    )


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
    return [_hit(match.id, formatted) for match, formatted in found[:limit]]
