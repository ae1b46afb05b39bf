"""Thread embeddings for similar-question search: encoded by the search sync and reindex,
never in a request that writes, stored in thread_vectors and reused while the text they
were computed from is unchanged (a reindex then costs no encoding).

Semantic search is optional: with SEMANTIC_SEARCH off, or without the `semantic` extra
(onnxruntime, numpy, the model package), embedder() is None and search stays lexical.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Mapping, Sequence

import numpy as np
from flask import current_app
from sqlalchemy import bindparam, delete, insert, select

from backend.database import read_only
from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.models import Question, ThreadVector, utcnow
from search.documents import ThreadData
from search.embeddings import (
    DIMENSION,
    Embedder,
    document_text,
    load_embedder,
    query_vector_mix,
    vector_bytes,
    vector_from_bytes,
)

# One model per process, shared by every app in it (loading costs ~0.3 s and ~165 MB).
_loaded: dict[str, Embedder | None] = {}
_loading = threading.Lock()


def embedder() -> Embedder | None:
    """This process's embedder, loaded on first use; None when semantic search is off or
    the model is not installed (then it is not tried again in this process)."""
    if not current_app.config["SEMANTIC_SEARCH"]:
        return None
    model_path = current_app.config["EMBEDDER_MODEL"] or ""
    if model_path not in _loaded:
        with _loading:
            if model_path not in _loaded:
                _loaded[model_path] = load_embedder(model_path or None)
    return _loaded[model_path]


def embedder_dimensions() -> int | None:
    """The index's embedder size, or None when this process has no model."""
    return DIMENSION if embedder() is not None else None


def question_vector(title: str, body: str = "") -> np.ndarray | None:
    """The vector a question is matched by: its title's, mixed with its title and body's
    when there is a body (docs/search-relevance.md); None when there is no model."""
    model = embedder()
    if model is None:
        return None
    title_vector = _encoded(model, title.strip())
    if not body.strip():
        return title_vector
    with_body = _encoded(model, document_text(title, body), QUESTION_TOKENS)
    return np.asarray(query_vector_mix(title_vector[None, :], with_body[None, :])[0])


# A question's title and body are read up to this many tokens, not the model's 128: as
# good on both labelled sets, and the model's time grows with the length.
QUESTION_TOKENS = 64


# The ask form sends the same title again while the body is typed, and a search its query
# again for each page and filter: each text is encoded once.
@functools.lru_cache(maxsize=1024)
def _encoded(model: Embedder, text: str, max_tokens: int | None = None) -> np.ndarray:
    vector = model.encode([text], max_tokens=max_tokens)[0]
    vector.setflags(write=False)
    return vector


_STORED = DirectRead(
    select(ThreadVector.question_id, ThreadVector.vector).where(
        ThreadVector.question_id.in_(bindparam("ids", expanding=True)),
        ThreadVector.model == bindparam("model"),
    )
)


def stored_vectors(ids: Sequence[int]) -> dict[int, np.ndarray]:
    """The stored vectors of these threads (those encoded by the current model), by id."""
    model = embedder()
    if model is None or not ids:
        return {}
    return {
        qid: np.frombuffer(bytes(vector), dtype="<f4")
        for qid, vector in _STORED.all(ids=list(ids), model=model.model_id)
    }


def _text_hash(model: Embedder, text: str) -> str:
    return hashlib.sha256(f"{model.model_id}\n{text}".encode()).hexdigest()


def thread_vectors(threads: Mapping[int, ThreadData]) -> dict[int, list[float]] | None:
    """A vector for each thread (None when there is no model): stored ones where the text is
    unchanged, the others encoded now (outside any transaction) and stored in one short one."""
    model = embedder()
    if model is None:
        return None
    if not threads:
        return {}
    texts = {qid: document_text(t.title, t.question) for qid, t in threads.items()}
    hashes = {qid: _text_hash(model, text) for qid, text in texts.items()}
    with read_only():
        stored = db.session.execute(
            select(ThreadVector.question_id, ThreadVector.text_hash, ThreadVector.vector).where(
                ThreadVector.question_id.in_(list(threads))
            )
        ).all()
        db.session.rollback()
    vectors = {
        row.question_id: vector_from_bytes(row.vector)
        for row in stored
        if row.text_hash == hashes[row.question_id]
    }
    missing = [qid for qid in threads if qid not in vectors]
    if missing:
        encoded = model.encode([texts[qid] for qid in missing])
        for qid, vector in zip(missing, encoded, strict=True):
            vectors[qid] = [float(x) for x in vector]
        _store(model, missing, hashes, vectors)
    return vectors


def _store(
    model: Embedder, ids: Sequence[int], hashes: Mapping[int, str], vectors: Mapping[int, list[float]]
) -> None:
    # Threads deleted meanwhile are skipped: their rows would break the foreign key.
    existing = set(db.session.scalars(select(Question.id).where(Question.id.in_(ids))))
    rows = [
        {
            "question_id": qid,
            "model": model.model_id,
            "text_hash": hashes[qid],
            "vector": vector_bytes(vectors[qid]),
            "updated_at": utcnow(),
        }
        for qid in ids
        if qid in existing
    ]
    db.session.execute(delete(ThreadVector).where(ThreadVector.question_id.in_(list(ids))))
    if rows:
        db.session.execute(insert(ThreadVector), rows)
    db.session.commit()
