"""The thread index's settings, applied idempotently at start and on every reindex."""

from __future__ import annotations

from typing import Any

# Words that carry no meaning in a search for a problem; Meilisearch ignores them when
# matching (they still count for phrase proximity).
ENGLISH_STOP_WORDS = [
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
    "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
    "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
    "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "yourself", "yourselves",
]  # fmt: skip

SEARCHABLE_ATTRIBUTES = ["title", "tags", "question", "accepted_answer", "answers"]
FILTERABLE_ATTRIBUTES = ["tags", "status", "author_id", "created_at", "last_activity_at"]
SORTABLE_ATTRIBUTES = ["score", "created_at", "last_activity_at", "id"]
# Relevance first (how many words match), then an explicit sort if one was asked for;
# among comparably relevant threads, resolved ones and then well-voted ones come first.
RANKING_RULES = [
    "words",
    "sort",
    "typo",
    "proximity",
    "resolved:desc",
    "attribute",
    "exactness",
    "score:desc",
]


def index_settings(embedder_dimensions: int | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "searchableAttributes": SEARCHABLE_ATTRIBUTES,
        "filterableAttributes": FILTERABLE_ATTRIBUTES,
        "sortableAttributes": SORTABLE_ATTRIBUTES,
        "rankingRules": RANKING_RULES,
        "stopWords": ENGLISH_STOP_WORDS,
        "displayedAttributes": ["*"],
        "typoTolerance": {"enabled": True},
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 1000},
    }
    if embedder_dimensions:
        settings["embedders"] = {"threads": {"source": "userProvided", "dimensions": embedder_dimensions}}
    return settings
