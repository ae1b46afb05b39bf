"""The current rows behind search hits (threads, syntheses): what a hit shows besides
Meilisearch's highlights.

The database stays the source of truth for a hit (a thread deleted or hidden since it
was indexed is dropped; counts and status are as they are now), but a hit shows no
author and no dates, so this reads only what it shows, directly on the driver: search
runs on every keystroke, and each millisecond the API spends is taken from Meilisearch
on the same machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select

from backend.direct_reads import DirectRead
from backend.models import Attribution, Question, Synthesis, SynthesisStatus, Tag, User
from backend.moderation.visibility import sees_hidden
from backend.questions.listing import ATTRIBUTION_COLUMNS, attribution
from backend.synthesis.naming import heading, page_path
from backend.tags.services import QUESTION_TAG_NAMES, tag_list

_HIT_ROWS = DirectRead(
    select(
        Question.id,
        Question.title,
        Question.status,
        Question.score,
        Question.answer_count,
        Question.is_deleted,
        Question.hidden_at.is_not(None),
        Question.author_id,
        QUESTION_TAG_NAMES,
        *ATTRIBUTION_COLUMNS,
    )
    .outerjoin(Attribution, Attribution.question_id == Question.id)
    # By primary key only: see listing._SUMMARIES for why deleted rows are dropped in Python.
    .where(Question.id.in_(bindparam("ids", expanding=True)))
)


def hit_rows(ids: Sequence[int], viewer: User | None) -> dict[int, dict[str, Any]]:
    """The rows of these threads that this viewer may find, by id."""
    if not ids:
        return {}
    rows: dict[int, dict[str, Any]] = {}
    for qid, title, status, score, answers, deleted, hidden, author_id, tags, *source in _HIT_ROWS.all(
        ids=list(ids)
    ):
        if deleted or (hidden and not sees_hidden(author_id, viewer)):
            continue
        rows[qid] = {
            "id": qid,
            "title": title,
            "status": status,
            "score": score,
            "answer_count": answers,
            "tags": tag_list(tags),
            "attribution": attribution(*source),
            "url": f"/questions/{qid}",
        }
    return rows


_SYNTHESIS_ROWS = DirectRead(
    select(Synthesis.id, Synthesis.week, Tag.name)
    .join(Tag, Tag.id == Synthesis.tag_id)
    .where(Synthesis.id.in_(bindparam("ids", expanding=True)), Synthesis.status == SynthesisStatus.PUBLISHED)
)


def synthesis_hit_rows(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The published syntheses among these ids, by id (anyone may read a published one)."""
    if not ids:
        return {}
    return {
        sid: {
            "id": sid,
            "title": heading(tag, week),
            "tags": [tag],
            "week": week,
            "status": None,
            "attribution": None,
            "url": page_path(tag, week),
        }
        for sid, week, tag in _SYNTHESIS_ROWS.all(ids=list(ids))
    }
