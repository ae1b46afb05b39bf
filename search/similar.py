"""How a question is matched with the threads that may already answer it: the ask form's
similar questions and the search box's sentence queries. Shared by the API and its
relevance benchmark; every constant is measured in docs/search-relevance.md.

With the model: Meilisearch's vector search gathers candidates, and one query per
informative word of the title ranks the threads by those words (as without the model,
below). The vector search is approximate (exact cosine over the same vectors ranks better
on both labelled sets), so the candidates are ranked again by the exact cosine of their
stored vectors, plus a bonus by their rank by words; nothing is suggested unless the best
match's cosine reaches the cut-off.

Without the model: one query per informative word tells how many threads hold it and
which; a thread scores the rarity (idf) of the words it holds, as BM25 would without its
length and repetition terms, and the best must hold MIN_WORD_SHARE of the question's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from search.settings import EMBEDDER
from search.text import content_words

QUERY_WORDS = 10
# Candidates: Meilisearch's vector search alone. Its hybrid (ratio 0.5) found the same
# matches once re-ranked (dev: 0.572 either way with a body), at two to four times the cost
# at 100k threads: the threads that share the title's words come from the word queries.
SEMANTIC_RATIO = 1.0
CANDIDATES = 50
# The threads ranked by words (as without the model, below) add a bonus to the candidates:
# KEYWORD_WEIGHT / (rank + KEYWORD_RANK_OFFSET) for the first KEYWORD_HITS.
KEYWORD_HITS = 20
KEYWORD_WEIGHT = 2.0
KEYWORD_RANK_OFFSET = 10
# A title left with one informative word ("What to use - 'I' or 'Me'?" -> "use") would
# rank threads by a word that is not its topic: the vector alone decides then.
MIN_KEYWORD_WORDS = 2
# The relevance cut-off (cosine of all-MiniLM-L6-v2 vectors): unless the best match reaches
# MIN_SIMILARITY nothing is shown; when it does, the others down to SIMILARITY_FLOOR are.
MIN_SIMILARITY = 0.40
SIMILARITY_FLOOR = 0.20
# Each word's threads (fewer lose true matches: 40 cost 0.01 on dev, with or without a body).
TERM_HITS = 100
WORD_RANK_WEIGHT = 10
WORD_RANK_OFFSET = 10
MIN_WORD_SHARE = 0.45
WORD_FIELDS = ["title", "question"]


@dataclass(frozen=True)
class Match:
    id: int
    score: float
    similarity: float  # cosine with the model; the share of the question's idf without it


def candidates_query(title: str, body: str, vector: list[float]) -> dict[str, Any]:
    return {
        "q": content_words(f"{title} {body}", QUERY_WORDS),
        "matchingStrategy": "last",
        "vector": vector,
        "hybrid": {"embedder": EMBEDDER, "semanticRatio": SEMANTIC_RATIO},
        "limit": CANDIDATES,
    }


def fuse(
    similarity: Mapping[int, float], keyword_ids: Sequence[int], min_similarity: float = MIN_SIMILARITY
) -> list[Match]:
    """Threads by exact cosine plus their word-rank bonus, none unless one is close enough."""
    bonus: dict[int, float] = {}
    for rank, thread_id in enumerate(keyword_ids):
        bonus.setdefault(thread_id, KEYWORD_WEIGHT / (rank + KEYWORD_RANK_OFFSET))
    matches = [
        Match(thread_id, cosine + bonus.get(thread_id, 0.0), cosine)
        for thread_id, cosine in similarity.items()
    ]
    return cut_off(matches, min_similarity, min(SIMILARITY_FLOOR, min_similarity))


def cut_off(matches: Sequence[Match], best_at_least: float, others_at_least: float) -> list[Match]:
    if not matches or max(m.similarity for m in matches) < best_at_least:
        return []
    return sorted((m for m in matches if m.similarity >= others_at_least), key=lambda m: (-m.score, m.id))


def informative_words(title: str) -> list[str]:
    return list(dict.fromkeys(content_words(title, QUERY_WORDS).split()))


def term_queries(words: Sequence[str]) -> list[dict[str, Any]]:
    """The index's size, then one query per word: its threads and their count. A word is
    matched as the search box matches it, as a prefix and with typos ("forgot" finds
    "forgotten"), which also makes a short word's idf as low as the words it stands for."""
    common = {"attributesToRetrieve": ["id", "title"], "attributesToSearchOn": WORD_FIELDS}
    return [{"q": "", "limit": 0}] + [{**common, "q": word, "limit": TERM_HITS} for word in words]


def rank_by_words(answers: Sequence[dict[str, Any]], min_share: float = MIN_WORD_SHARE) -> list[Match]:
    """Threads by the summed idf of the question's words they hold (answers of term_queries)."""
    total = max(_count(answers[0]), 1)
    held: dict[int, float] = {}
    score: dict[int, float] = {}
    weight = 0.0
    for answer in answers[1:]:
        # A word no thread holds counts too: it is what an unrelated question is made of.
        found = _count(answer)
        idf = math.log(1 + (total - found + 0.5) / (found + 0.5))
        weight += idf
        for rank, hit in enumerate(answer["hits"]):
            thread_id = int(hit["id"])
            held[thread_id] = held.get(thread_id, 0.0) + idf
            # Meilisearch ranks a word's threads by where it is (the title first), how
            # exactly and how close: what BM25 gets from field weights and frequency.
            bonus = 1 + WORD_RANK_WEIGHT / (rank + WORD_RANK_OFFSET)
            score[thread_id] = score.get(thread_id, 0.0) + idf * bonus
    if weight == 0:
        return []
    matches = [Match(i, score[i], share / weight) for i, share in held.items()]
    # No floor: a thread holding one of the title's rarer words is worth showing after the
    # best (a floor cost nDCG on both labelled sets and kept out no off-topic question).
    return cut_off(matches, min_share, 0.0)


def _count(answer: dict[str, Any]) -> int:
    return int(answer.get("totalHits", answer.get("estimatedTotalHits", 0)))
