"""Search answered by the database while Meilisearch cannot be reached: a plain word match
on titles and texts, threads and published syntheses in one ranked list, flagged degraded."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from backend.content import plain_text
from backend.extensions import db
from backend.models import Question, QuestionTag, Synthesis, SynthesisStatus, Tag
from backend.searching.highlight import excerpt, mark_terms
from backend.searching.query import Hit, SearchQuery, SearchResult
from backend.synthesis.naming import heading
from search.documents import SYNTHESIS, THREAD

SNIPPET_CHARS = 200
MAX_WORDS = 8


def _constant(text: str) -> Any:
    # Typed, so PostgreSQL can unite the two parts.
    return cast(literal(text), String)


def _words(query: SearchQuery) -> list[str]:
    return query.q.split()[:MAX_WORDS]


def _threads(query: SearchQuery) -> Select:
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
    for word in _words(query):
        conditions.append(
            or_(
                Question.title.icontains(word, autoescape=True),
                Question.body_source.icontains(word, autoescape=True),
            )
        )
    return select(
        _constant(THREAD).label("kind"),
        Question.id,
        Question.title,
        null().label("tag"),
        null().label("week"),
        Question.body_html.label("html"),
        (Question.status == "resolved").label("resolved"),
        Question.score,
        Question.created_at,
    ).where(and_(*conditions))


def _syntheses(query: SearchQuery) -> Select:
    conditions: list[Any] = [Synthesis.status == SynthesisStatus.PUBLISHED]
    if len(set(query.tags)) > 1:
        conditions.append(false())  # a synthesis belongs to one community
    conditions += [Tag.name == tag for tag in query.tags[:1]]
    for word in _words(query):
        conditions.append(
            or_(
                Synthesis.body.icontains(word, autoescape=True),
                Tag.name.icontains(word, autoescape=True),
                Synthesis.week.icontains(word, autoescape=True),
            )
        )
    return (
        select(
            _constant(SYNTHESIS).label("kind"),
            Synthesis.id,
            null().label("title"),
            Tag.name.label("tag"),
            Synthesis.week.label("week"),
            Synthesis.html,
            false().label("resolved"),
            cast(literal(0), Integer).label("score"),
            Synthesis.published_at.label("created_at"),
        )
        .join(Tag, Tag.id == Synthesis.tag_id)
        .where(and_(*conditions))
    )


def _parts(query: SearchQuery) -> list[Select]:
    parts = []
    if query.kind != SYNTHESIS:
        parts.append(_threads(query))
    # A status asked for (resolved, open) is a thread's: syntheses have none.
    if query.kind != THREAD and query.effective_status is None:
        parts.append(_syntheses(query))
    return parts


def database_search(query: SearchQuery) -> SearchResult:
    started = time.monotonic()
    found = union_all(*_parts(query)).subquery()
    total = db.session.scalar(select(func.count()).select_from(found)) or 0
    order: dict[str, list[Any]] = {
        "newest": [found.c.created_at.desc()],
        "votes": [found.c.score.desc(), found.c.created_at.desc()],
        # Without the engine's relevance, resolved and well-voted threads first.
        "relevance": [found.c.resolved.desc(), found.c.score.desc(), found.c.created_at.desc()],
    }
    rows = db.session.execute(
        select(found)
        .order_by(*order[query.effective_sort], found.c.id.desc())
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    hits = [
        Hit(
            id=row.id,
            kind=row.kind,
            title_highlighted=mark_terms(row.title or heading(row.tag, row.week), query.q),
            snippet_highlighted=mark_terms(excerpt(plain_text(row.html), query.q, SNIPPET_CHARS), query.q),
            accepted_answer_snippet=None,
        )
        for row in rows
    ]
    elapsed = int((time.monotonic() - started) * 1000)
    return SearchResult(hits=hits, total=total, processing_ms=elapsed, degraded=True)
