"""How a question is matched with the threads that may already answer it: the ask form's
similar questions and the search box's sentence queries. Shared by the API and its
relevance benchmark; every constant is measured in docs/search-relevance.md.

With the model: Meilisearch's vector search gathers candidates, and one query per
informative word of the title ranks the threads by those words (as without the model,
below). The vector search is approximate (exact cosine over the same vectors ranks better
on both labelled sets), so the candidates are ranked again by the exact cosine of their
stored vectors, plus a bonus by their rank by words; nothing is suggested unless the best
match's cosine reaches the cut-off.

Without the model: one query per informative word tells how many threads hold it (its
idf) and which; the threads that hold the rarest of them are then ranked by BM25 over their
own title and body, and nothing is suggested unless the best holds enough of the question's
words, in its title as well as anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from search.settings import EMBEDDER
from search.text import content_words, tokenize

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
WORD_FIELDS = ["title", "question"]
# Without the model, the first RERANKED threads by words are ranked again by Okapi BM25 over
# their own text (k1 1.2, b 0.75), a word of the title counting TITLE_WEIGHT times; lengths
# are in tokens without stop words, against a TYPICAL_LENGTH (the labelled sets' means: dev
# 26, cardano 80; 40 ranks best on both). The cut-off: the best must hold MIN_WORD_MATCH of
# the question's idf, as the mean of the share in its title and the share anywhere in it.
RERANKED = 30
BM25_K1 = 1.2
BM25_B = 0.75
TITLE_WEIGHT = 2
TYPICAL_LENGTH = 40
MIN_WORD_MATCH = 0.30


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


def word_idfs(answers: Sequence[dict[str, Any]]) -> list[float]:
    """Each word's idf (as BM25's) from its query's count (answers of term_queries). A word
    no thread holds counts too: it is what an unrelated question is made of."""
    total = max(_count(answers[0]), 1)
    return [math.log(1 + (total - found + 0.5) / (found + 0.5)) for found in map(_count, answers[1:])]


def rank_by_words(answers: Sequence[dict[str, Any]], min_share: float = 0.0) -> list[Match]:
    """Threads by the summed idf of the question's words they hold (answers of term_queries)."""
    held: dict[int, float] = {}
    score: dict[int, float] = {}
    weight = 0.0
    for answer, idf in zip(answers[1:], word_idfs(answers), strict=True):
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


def rank_by_text(
    words: Sequence[str],
    answers: Sequence[dict[str, Any]],
    texts: Mapping[int, tuple[str, str]],
    min_match: float = MIN_WORD_MATCH,
) -> list[Match]:
    """The threads of `texts` (title, body as text: the first RERANKED by rank_by_words) by
    BM25 over their own words, with the question's `words` and their term_queries answers.
    BM25's term counts and lengths are what the word ranking lacked (lexical fallback,
    nDCG@10 on dev 0.422 -> 0.473, on cardano 0.256 -> 0.313: docs/search-relevance.md)."""
    idfs = word_idfs(answers)
    weight = sum(idfs)
    if weight == 0:
        return []
    matches = []
    for thread_id, (title, body) in texts.items():
        found = text_match(words, idfs, tokenize(title), tokenize(body))
        matches.append(Match(thread_id, found.score, (found.in_title + found.anywhere) / (2 * weight)))
    return cut_off(matches, min_match, 0.0)


@dataclass(frozen=True)
class TextMatch:
    score: float  # Okapi BM25
    in_title: float  # the idf of the question's words found in the title
    anywhere: float  # ... in the title or the body


def text_match(
    words: Sequence[str],
    idfs: Sequence[float],
    title: Sequence[str],
    body: Sequence[str],
    typical_length: float = TYPICAL_LENGTH,
) -> TextMatch:
    """How a thread's tokens (title, body) match the question's words. A word counts where a
    token starts with it or is one typo from it, as Meilisearch matches it ("forgot" finds
    "forgotten"); in the title it counts TITLE_WEIGHT times."""
    length = TITLE_WEIGHT * len(title) + len(body)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / typical_length)
    score = in_title = anywhere = 0.0
    for word, idf in zip(words, idfs, strict=True):
        title_count = sum(_matches(word, token) for token in title)
        count = TITLE_WEIGHT * title_count + sum(_matches(word, token) for token in body)
        if count:
            score += idf * count * (BM25_K1 + 1) / (count + norm)
            anywhere += idf
            in_title += idf if title_count else 0.0
    return TextMatch(score, in_title, anywhere)


def _matches(word: str, token: str) -> bool:
    """As Meilisearch matches a query word: as a prefix, or with one typo from five letters."""
    return token.startswith(word) or (len(word) >= 5 and _one_edit_apart(word, token))


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]  # one letter replaced
    return a[i:] == b[i + 1 :]  # one letter added


def _count(answer: dict[str, Any]) -> int:
    return int(answer.get("totalHits", answer.get("estimatedTotalHits", 0)))
