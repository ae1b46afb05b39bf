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
from backend.indexing.vectors import question_vector, stored_vectors
from backend.models import Question, QuestionTag, Tag
from backend.searching.highlight import mark_terms, safe_highlight, with_markers
from search.client import SearchEngine, SearchError, SearchUnavailable
from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE
from search.similar import (
    CANDIDATES,
    KEYWORD_HITS,
    MIN_KEYWORD_WORDS,
    MIN_SIMILARITY,
    MIN_WORD_SHARE,
    Match,
    candidates_query,
    fuse,
    informative_words,
    rank_by_words,
    term_queries,
)
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
    question, and only the threads close to it are found."""
    try:
        if is_sentence(query):
            try:
                return _sentence_search(query)
            except _NoModel:
                pass
        return _engine_search(query)
    except (SearchUnavailable, SearchError):
        return _database_search(query)


SENTENCE_WORDS = 3
# Where several threads match about as well, one with an accepted answer to reuse (a
# reference card, its answer not labelled outdated or unverified) comes first: within this
# much cosine of the best match.
REFERENCE_MARGIN = 0.05


class _NoModel(Exception):
    pass


def is_sentence(query: SearchQuery) -> bool:
    return query.effective_sort == "relevance" and len(query.q.split()) >= SENTENCE_WORDS


def _sentence_search(query: SearchQuery) -> SearchResult:
    engine = search_engine()
    if engine is None:
        raise SearchUnavailable("no search engine configured")
    vector = _question_vector(query.q, "")
    if vector is None:
        raise _NoModel
    display = {
        **HIT_DISPLAY,
        "attributesToRetrieve": ["id", "status", "tags", "accepted_answer_id", "labelled"],
    }
    started = time.monotonic()
    try:
        found = _by_meaning(engine, query.q, "", vector, display, _filters(query), None, query.q)
    except SearchError as error:  # an index built without the embedder
        log.warning("semantic search failed, using words only: %s", error)
        raise _NoModel from error
    found = _references_first(found)
    facets: dict[str, dict[str, int]] = {"tags": {}, "status": {}}
    for _, hit in found:
        for tag in hit.get("tags") or []:
            facets["tags"][tag] = facets["tags"].get(tag, 0) + 1
        facets["status"][hit["status"]] = facets["status"].get(hit["status"], 0) + 1
    start = (query.page - 1) * query.per_page
    hits = [_hit(match.id, hit) for match, hit in found[start : start + query.per_page]]
    return SearchResult(
        hits=hits,
        total=len(found),
        processing_ms=int((time.monotonic() - started) * 1000),
        degraded=False,
        facets={name: counts for name, counts in facets.items() if counts},
        matched_by="meaning",
    )


def _references_first(found: Found) -> Found:
    if not found:
        return found
    close_to = found[0][0].similarity - REFERENCE_MARGIN
    close = [item for item in found if item[0].similarity >= close_to]
    rest = [item for item in found if item[0].similarity < close_to]
    references = [item for item in close if _is_reference(item[1])]
    return references + [item for item in close if not _is_reference(item[1])] + rest


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
    return [
        Hit(
            id=match.id,
            title_highlighted=safe_highlight(formatted.get("title")),
            snippet_highlighted="",
            accepted_answer_snippet=None,
        )
        for match, formatted in found[:limit]
    ]


Found = list[tuple[Match, dict[str, Any]]]


def question_matches(
    engine: SearchEngine,
    title: str,
    body: str,
    display: dict[str, Any],
    filters: Sequence[Any] = (),
    min_similarity: float | None = None,
) -> Found:
    """The threads that match a question (title, and body if any), best first, each with
    the engine's `_formatted` fields asked for in `display`; words alone without the model."""
    vector = _question_vector(title, body)
    if vector is not None:
        try:
            return _by_meaning(engine, title, body, vector, display, filters, min_similarity)
        except SearchError as error:  # e.g. an index built without the embedder
            log.warning("semantic search failed, using words only: %s", error)
    return _by_words(engine, title, display, filters, min_similarity)


def _by_meaning(
    engine: SearchEngine,
    title: str,
    body: str,
    vector: Any,
    display: dict[str, Any],
    filters: Sequence[Any],
    min_similarity: float | None,
    literal: str | None = None,
) -> Found:
    """Matches by meaning; with `literal`, the threads that hold all its words (as the
    search box matches them: typos, the last one as a prefix) follow them even when not
    close in meaning: a sentence still being typed, a list of keywords."""
    common = {**display, "filter": list(filters)}
    queries = [{**common, **candidates_query(f"{title} {body}", [float(x) for x in vector])}]
    if literal is not None:
        queries.append({**common, "q": literal, "matchingStrategy": "all", "limit": CANDIDATES})
    shown = len(queries)
    words = informative_words(title)
    if len(words) >= MIN_KEYWORD_WORDS:
        queries += [{**query, "filter": list(filters)} for query in term_queries(words)]
    answers = engine.multi_search(LIVE_INDEX, queries, timeout=1.0)
    formatted: dict[int, dict[str, Any]] = {}
    for answer in answers[:shown]:
        for hit in answer["hits"]:
            formatted.setdefault(int(hit["id"]), _shown(hit))
    by_words = rank_by_words(answers[shown:], 0.0) if len(answers) > shown else []
    keyword_ids = [match.id for match in by_words[:KEYWORD_HITS]]
    if literal is None:
        # The ask form shows a title only: the threads ranked high by words alone join the
        # candidates, their titles marked here (the search box's need the engine's crops).
        titles = {int(hit["id"]): hit["title"] for answer in answers[shown:] for hit in answer["hits"]}
        for thread_id in keyword_ids:
            if thread_id not in formatted:
                formatted[thread_id] = {
                    "id": thread_id,
                    "title": with_markers(titles[thread_id], " ".join(words)),
                }
    stored = stored_vectors(list(formatted))
    similarity = {qid: float(stored[qid] @ vector) for qid in formatted if qid in stored}
    matches = fuse(similarity, keyword_ids, MIN_SIMILARITY if min_similarity is None else min_similarity)
    if literal is not None:
        seen = {match.id for match in matches}
        matches += [
            Match(int(hit["id"]), 0.0, similarity.get(int(hit["id"]), 0.0))
            for hit in answers[1]["hits"]
            if int(hit["id"]) not in seen
        ]
    return [(match, formatted[match.id]) for match in matches]


def _shown(hit: dict[str, Any]) -> dict[str, Any]:
    """A hit's fields with its highlighted texts (`_formatted` also holds every other field,
    numbers turned into strings)."""
    texts = hit.get("_formatted", {})
    return {
        **hit,
        **{name: texts[name] for name in ("title", "question", "accepted_answer") if name in texts},
    }


def _by_words(
    engine: SearchEngine, title: str, display: dict[str, Any], filters: Sequence[Any], min_share: float | None
) -> Found:
    words = informative_words(title)
    if not words:
        return []
    queries = [{**query, "filter": list(filters)} for query in term_queries(words)]
    answers = engine.multi_search(LIVE_INDEX, queries, timeout=1.0)
    matches = rank_by_words(answers, MIN_WORD_SHARE if min_share is None else min_share)
    titles = {int(hit["id"]): hit.get("title", "") for answer in answers[1:] for hit in answer["hits"]}
    shown = " ".join(words)
    return [(match, {"title": with_markers(titles[match.id], shown)}) for match in matches[:CANDIDATES]]


def _question_vector(title: str, body: str) -> Any:
    try:
        return question_vector(title, body)
    except Exception:  # onnxruntime's own errors: fall back to words
        log.exception("could not encode a question")
        return None
