"""What the search index stores: one document per question thread, and one per published
weekly synthesis (`kind` tells them apart; a synthesis id carries a prefix so the two never
clash)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from search.settings import EMBEDDER

# Private-use characters mark highlights in Meilisearch's answers; user text may never
# contain them, so that after escaping, only our own <mark> tags can appear.
HIGHLIGHT_PRE = "\ue000"
HIGHLIGHT_POST = "\ue001"
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff]")

THREAD = "thread"
SYNTHESIS = "synthesis"
KINDS = (THREAD, SYNTHESIS)
SYNTHESIS_PREFIX = "synthesis-"
# Searches that only make sense for threads (similar questions, matching by meaning) leave
# syntheses out this way: documents indexed before `kind` existed have no kind and stay in.
NOT_SYNTHESIS = f'kind != "{SYNTHESIS}"'

QUESTION_CHARS = 4000
SYNTHESIS_CHARS = 8000
ACCEPTED_CHARS = 4000
OTHER_ANSWER_CHARS = 1500


@dataclass(frozen=True)
class ThreadData:
    """What the database knows of a thread, reduced to what search needs (plain text)."""

    id: int
    title: str
    tags: list[str]
    question: str
    status: str
    score: int
    answer_count: int
    created_at: datetime
    last_activity_at: datetime
    author_id: int | None = None
    author_name: str | None = None
    accepted_answer: str | None = None
    accepted_answer_id: int | None = None
    other_answers: list[str] = field(default_factory=list)
    # The answer a reader would reuse carries a soft label (needs verification, outdated).
    labelled: bool = False


def clean(text: str, limit: int | None = None) -> str:
    text = _UNWANTED.sub("", text)
    return text[:limit] if limit else text


def thread_document(thread: ThreadData, vector: list[float] | None = None) -> dict[str, Any]:
    """The document for one thread; anonymous threads carry no author at all.

    `_vectors` is always there: a null vector opts the thread out of semantic search (an
    index with the embedder refuses documents without it; one without ignores it)."""
    document: dict[str, Any] = {
        "id": thread.id,
        "kind": THREAD,
        "title": clean(thread.title),
        "tags": thread.tags,
        "question": clean(thread.question, QUESTION_CHARS),
        "accepted_answer": clean(thread.accepted_answer, ACCEPTED_CHARS) if thread.accepted_answer else None,
        "accepted_answer_id": thread.accepted_answer_id,
        "answers": [clean(text, OTHER_ANSWER_CHARS) for text in thread.other_answers],
        "status": thread.status,
        "resolved": 1 if thread.status == "resolved" else 0,
        "score": thread.score,
        "answer_count": thread.answer_count,
        "created_at": int(thread.created_at.timestamp()),
        "last_activity_at": int(thread.last_activity_at.timestamp()),
        "author_id": thread.author_id,
        "author_name": thread.author_name,
        "labelled": 1 if thread.labelled else 0,
    }
    document["_vectors"] = {EMBEDDER: vector}
    return document


@dataclass(frozen=True)
class SynthesisData:
    """A published synthesis, reduced to what search needs (plain text)."""

    id: int
    tag: str
    week: str
    title: str
    text: str
    published_at: datetime
    updated_at: datetime


def synthesis_document_id(synthesis_id: int) -> str:
    return f"{SYNTHESIS_PREFIX}{synthesis_id}"


def document_key(document_id: int | str) -> tuple[str, int]:
    """(kind, id in its own table) of a document id."""
    if isinstance(document_id, str) and document_id.startswith(SYNTHESIS_PREFIX):
        return SYNTHESIS, int(document_id.removeprefix(SYNTHESIS_PREFIX))
    return THREAD, int(document_id)


def synthesis_document(synthesis: SynthesisData) -> dict[str, Any]:
    """The document for one synthesis: its text where a question's is, so one query and one
    highlight setting serve both kinds; no vector, so matching by meaning never returns it."""
    return {
        "id": synthesis_document_id(synthesis.id),
        "kind": SYNTHESIS,
        "title": clean(synthesis.title),
        "tags": [synthesis.tag],
        "question": clean(synthesis.text, SYNTHESIS_CHARS),
        "week": synthesis.week,
        "created_at": int(synthesis.published_at.timestamp()),
        "last_activity_at": int(synthesis.updated_at.timestamp()),
        "_vectors": {EMBEDDER: None},
    }
