"""Threads (and published syntheses) read from the database as search documents: the
database is the source of truth."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from backend.content import plain_text
from backend.database import read_only
from backend.extensions import db
from backend.indexing.syntheses import published_ids, synthesis_data
from backend.indexing.vectors import thread_vectors
from backend.models import Answer, Question, User
from backend.tags.services import tag_names_by_question
from search.documents import (
    SYNTHESIS,
    ThreadData,
    document_key,
    synthesis_document,
    synthesis_document_id,
    thread_document,
)
from search.sync import Built

OTHER_ANSWERS = 3


def thread_data(question_ids: Sequence[int]) -> dict[int, ThreadData]:
    """ThreadData for the listed (not deleted, not hidden) threads among these ids: a hidden
    question leaves the index, and hidden answers leave its document."""
    questions = db.session.execute(
        select(
            Question.id,
            Question.title,
            Question.body_html,
            Question.status,
            Question.score,
            Question.answer_count,
            Question.created_at,
            Question.last_activity_at,
            Question.author_id,
            Question.is_anonymous,
            Question.accepted_answer_id,
            User.display_name,
        )
        .join(User, User.id == Question.author_id)
        .where(Question.id.in_(question_ids), Question.is_deleted.is_(False), Question.hidden_at.is_(None))
    ).all()
    ids = [q.id for q in questions]
    answers: dict[int, list[Any]] = defaultdict(list)
    for row in db.session.execute(
        select(Answer.id, Answer.question_id, Answer.body_html, Answer.label)
        .where(Answer.question_id.in_(ids), Answer.is_deleted.is_(False), Answer.hidden_at.is_(None))
        .order_by(Answer.question_id, Answer.score.desc(), Answer.id)
    ):
        answers[row.question_id].append(row)
    tags = tag_names_by_question(ids)
    threads = {}
    for q in questions:
        accepted = next((a for a in answers[q.id] if a.id == q.accepted_answer_id), None)
        others = [a for a in answers[q.id] if a.id != q.accepted_answer_id][:OTHER_ANSWERS]
        # The answer a reader would reuse (accepted, else the best) carries a soft label.
        best = accepted or next(iter(answers[q.id]), None)
        threads[q.id] = ThreadData(
            id=q.id,
            title=q.title,
            tags=tags[q.id],
            question=plain_text(q.body_html),
            status=q.status.value,
            score=q.score,
            answer_count=q.answer_count,
            created_at=q.created_at,
            last_activity_at=q.last_activity_at,
            author_id=None if q.is_anonymous else q.author_id,
            author_name=None if q.is_anonymous else q.display_name,
            accepted_answer=plain_text(accepted.body_html) if accepted else None,
            accepted_answer_id=accepted.id if accepted else None,
            other_answers=[plain_text(a.body_html) for a in others],
            labelled=best is not None and best.label is not None,
        )
    return threads


def build(document_ids: Sequence[int | str]) -> Built:
    """The documents with these ids, and the ids that must leave the index (deleted, hidden,
    unpublished or missing); reads in its own short transaction, and stores any vector it
    had to encode."""
    keys = [document_key(each) for each in document_ids]
    question_ids = [key for kind, key in keys if kind != SYNTHESIS]
    synthesis_ids = [key for kind, key in keys if kind == SYNTHESIS]
    with read_only():
        threads = thread_data(question_ids) if question_ids else {}
        syntheses = synthesis_data(synthesis_ids)
        db.session.rollback()
    vectors = thread_vectors(threads) or {}
    documents = [thread_document(threads[qid], vectors.get(qid)) for qid in question_ids if qid in threads]
    documents += [synthesis_document(syntheses[sid]) for sid in synthesis_ids if sid in syntheses]
    return Built(
        documents=documents,
        gone=[qid for qid in question_ids if qid not in threads]
        + [synthesis_document_id(sid) for sid in synthesis_ids if sid not in syntheses],
    )


def all_documents(batch: int = 1000) -> Iterator[list[dict[str, Any]]]:
    """Every listed thread's document, then every published synthesis's, in batches."""
    last_id = 0
    while True:
        with read_only():
            ids = list(
                db.session.scalars(
                    select(Question.id)
                    .where(
                        Question.id > last_id, Question.is_deleted.is_(False), Question.hidden_at.is_(None)
                    )
                    .order_by(Question.id)
                    .limit(batch)
                )
            )
            db.session.rollback()
        if not ids:
            break
        yield build(ids).documents
        last_id = ids[-1]
    with read_only():
        syntheses = published_ids()
        db.session.rollback()
    for start in range(0, len(syntheses), batch):
        yield build([synthesis_document_id(sid) for sid in syntheses[start : start + batch]]).documents
