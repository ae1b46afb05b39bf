"""The thread index's settings, applied idempotently at start and on every reindex."""

from __future__ import annotations

from typing import Any

from search.text import STOP_WORDS

# The userProvided embedder whose vectors the sync computes (search/embeddings.py).
EMBEDDER = "threads"

SEARCHABLE_ATTRIBUTES = ["title", "tags", "question", "accepted_answer", "answers"]
FILTERABLE_ATTRIBUTES = ["kind", "tags", "status", "author_id", "created_at", "last_activity_at"]
SORTABLE_ATTRIBUTES = ["score", "created_at", "last_activity_at", "id"]
# Relevance first (how many words match), then an explicit sort if one was asked for;
# among comparably relevant threads, unlabelled ones (no "needs verification" or "outdated"
# on the answer to reuse), resolved ones and then well-voted ones come first.
RANKING_RULES = [
    "words",
    "sort",
    "typo",
    "proximity",
    "labelled:asc",
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
        "stopWords": STOP_WORDS,
        "displayedAttributes": ["*"],
        "typoTolerance": {"enabled": True},
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 1000},
    }
    if embedder_dimensions:
        settings["embedders"] = {EMBEDDER: {"source": "userProvided", "dimensions": embedder_dimensions}}
    return settings
