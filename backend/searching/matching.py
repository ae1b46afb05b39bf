"""A question matched with the threads that may answer it, for the ask form and for a
search typed as a sentence: what the request does with the queries of search/similar.py.

The title's word queries do not need the question's vector, so they are sent first, on a
thread of their own, and Meilisearch answers them while the model encodes the question;
the candidates (by vector) follow once the vector is there.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import bindparam, select

from backend.content import plain_text
from backend.direct_reads import DirectRead
from backend.indexing.store import last_sync
from backend.indexing.vectors import embedder, question_vector, stored_vectors
from backend.models import Question
from backend.searching.highlight import with_markers
from search.client import SearchEngine, SearchError
from search.documents import HIGHLIGHT_PRE, NOT_SYNTHESIS
from search.similar import (
    CANDIDATES,
    KEYWORD_HITS,
    MIN_KEYWORD_WORDS,
    MIN_SIMILARITY,
    MIN_WORD_MATCH,
    RERANKED,
    Match,
    candidates_query,
    fuse,
    informative_words,
    rank_by_text,
    rank_by_words,
    term_queries,
)
from search.sync import LIVE_INDEX

log = logging.getLogger(__name__)
# Each holds a request's word queries for a few milliseconds; past four at once, they wait.
_word_queries = ThreadPoolExecutor(max_workers=4, thread_name_prefix="word-queries")
Found = list[tuple[Match, dict[str, Any]]]
WordAnswers = Future[list[dict[str, Any]]]


class _RecentWordAnswers:
    """The word queries' answers for the titles asked in the last minute, in this process,
    while the index is unchanged (the key holds when the sync last wrote to it).

    The ask form asks with the same title again and again while the body is typed, and a
    search its sentence again for each page and filter: the words are then found once. A
    thread synced since is never missed (a test posts one between two searches); one
    hidden or deleted is left out where every hit is, joined with its current row."""

    KEEP_SECONDS = 60.0
    SIZE = 512

    def __init__(self) -> None:
        self._answers: OrderedDict[str, tuple[float, WordAnswers]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_send(self, key: str, send: Any) -> WordAnswers:
        now = time.monotonic()
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None and now - kept[0] < self.KEEP_SECONDS:
                self._answers.move_to_end(key)
                return kept[1]
            answers: WordAnswers = send()
            self._answers[key] = (now, answers)
            self._answers.move_to_end(key)
            while len(self._answers) > self.SIZE:
                self._answers.popitem(last=False)
        answers.add_done_callback(lambda done: self._forget_failed(key, done))
        return answers

    def _forget_failed(self, key: str, answers: WordAnswers) -> None:
        """A failed answer is not kept: the next request asks Meilisearch again."""
        if not answers.cancelled() and answers.exception() is None:
            return
        with self._lock:
            if key in self._answers and self._answers[key][1] is answers:
                del self._answers[key]


_recent = _RecentWordAnswers()


class _Question:
    """A question being matched: its informative words, their answers on the way.

    The word queries go out at once when they will be used (always without the model;
    with it, for two words or more, see MIN_KEYWORD_WORDS), else only if asked for."""

    def __init__(
        self, engine: SearchEngine, title: str, body: str, filters: Sequence[Any], words_needed: int
    ) -> None:
        # Only threads are questions to match: a synthesis is never "the thread that answers you".
        self.engine, self.title, self.body = engine, title, body
        self.filters = [*filters, NOT_SYNTHESIS]
        self.words = informative_words(title)
        self.marked = " ".join(self.words)  # what a highlight marks in a text we mark ourselves
        self._answers: WordAnswers | None = None
        self._titles: dict[int, str] | None = None
        if self.words and len(self.words) >= words_needed:
            self._answers = self._send()

    def _send(self) -> WordAnswers:
        queries = [{**query, "filter": self.filters} for query in term_queries(self.words)]
        key = json.dumps([self.engine.url, self.engine.uid(LIVE_INDEX), last_sync(), queries], sort_keys=True)
        return _recent.get_or_send(
            key, lambda: _word_queries.submit(self.engine.multi_search, LIVE_INDEX, queries, 1.0)
        )

    def word_answers(self) -> list[dict[str, Any]]:
        if not self.words:
            return []
        if self._answers is None:
            self._answers = self._send()
        return self._answers.result()

    def marked_title(self, thread_id: int) -> str:
        """The title of a thread the word queries found, the question's words marked."""
        if self._titles is None:
            self._titles = {
                int(hit["id"]): hit.get("title", "")
                for answer in self.word_answers()[1:]
                for hit in answer["hits"]
            }
        return with_markers(self._titles[thread_id], self.marked)


def question_matches(
    engine: SearchEngine,
    title: str,
    body: str,
    display: dict[str, Any],
    filters: Sequence[Any] = (),
    min_similarity: float | None = None,
) -> Found:
    """The threads that match a question (title, and body if any), best first, each with the
    engine's fields asked for in `display`; by words alone without the model."""
    question = _Question(engine, title, body, filters, MIN_KEYWORD_WORDS if embedder() else 1)
    vector = _question_vector(title, body)
    if vector is not None:
        try:
            return _by_meaning(question, vector, display, min_similarity)
        except SearchError as error:  # e.g. an index built without the embedder
            log.warning("semantic search failed, using words only: %s", error)
    return _by_words(question, min_similarity)


def sentence_matches(
    engine: SearchEngine, q: str, display: dict[str, Any], filters: Sequence[Any]
) -> Found | None:
    """A search typed as a sentence, matched as a title is; then the threads that hold all
    its words (as the search box matches them: typos, the last one as a prefix), even when
    not close in meaning: a sentence still being typed, a list of keywords. None without
    the model or an index with vectors (the search box then matches words as it always has)."""
    if embedder() is None:
        return None  # no word queries sent for nothing
    question = _Question(engine, q, "", filters, MIN_KEYWORD_WORDS)
    vector = _question_vector(q, "")
    if vector is None:
        return None
    try:
        return _by_meaning(question, vector, display, None, literal=q)
    except SearchError as error:
        log.warning("semantic search failed, using words only: %s", error)
        return None


def _by_meaning(
    question: _Question,
    vector: Any,
    display: dict[str, Any],
    min_similarity: float | None,
    literal: str | None = None,
) -> Found:
    common = {**display, "filter": question.filters}
    floats = [float(x) for x in vector]
    queries = [{**common, **candidates_query(question.title, question.body, floats)}]
    if literal is not None:
        queries.append({**common, "q": literal, "matchingStrategy": "all", "limit": CANDIDATES})
    answers = question.engine.multi_search(LIVE_INDEX, queries, timeout=1.0)
    formatted: dict[int, dict[str, Any]] = {}
    for answer in answers:
        for hit in answer["hits"]:
            formatted.setdefault(int(hit["id"]), _shown(hit, question.marked))
    keyword_ids: list[int] = []
    if len(question.words) >= MIN_KEYWORD_WORDS:
        keyword_ids = [match.id for match in rank_by_words(question.word_answers(), 0.0)[:KEYWORD_HITS]]
        if literal is None:
            # The ask form shows a title only: the threads ranked high by words alone join
            # the candidates, their titles marked here (the search box's need the crops).
            for thread_id in keyword_ids:
                if thread_id not in formatted:
                    formatted[thread_id] = {"id": thread_id, "title": question.marked_title(thread_id)}
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


_TEXTS = DirectRead(
    select(Question.id, Question.title, Question.body_html).where(
        Question.id.in_(bindparam("ids", expanding=True))
    )
)


def _by_words(question: _Question, min_match: float | None) -> Found:
    answers = question.word_answers()
    if not answers:
        return []
    found = [match.id for match in rank_by_words(answers)[:RERANKED]]
    rows = _TEXTS.all(ids=found) if found else []
    texts = {thread_id: (title, plain_text(body_html)) for thread_id, title, body_html in rows}
    matches = rank_by_text(question.words, answers, texts, MIN_WORD_MATCH if min_match is None else min_match)
    return [(match, {"title": question.marked_title(match.id)}) for match in matches[:CANDIDATES]]


def _shown(hit: dict[str, Any], words: str) -> dict[str, Any]:
    """A hit's fields with its texts highlighted. `_formatted` also holds every other field
    (numbers turned into strings), and a hit found by its vector alone has no highlights:
    the question's words are marked here then."""
    texts = hit.get("_formatted", {})
    shown = {**hit}
    for name in ("title", "question", "accepted_answer"):
        if text := texts.get(name):
            shown[name] = text if HIGHLIGHT_PRE in text else with_markers(text, words)
    return shown


def _question_vector(title: str, body: str) -> Any:
    try:
        return question_vector(title, body)
    except Exception:  # onnxruntime's own errors: fall back to words
        log.exception("could not encode a question")
        return None
