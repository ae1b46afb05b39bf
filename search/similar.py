"""The similar-question query (the ask form), shared by the API and its relevance benchmark.

Measured on the labelled set (docs/search-relevance.md): with the model, a hybrid query
whose vector weighs 0.3 against the words, the words being the question's first ten that
are not stop words, dropped from the last when too few threads match them all; without it,
the title's words, the rarest first.
"""

from __future__ import annotations

from typing import Any

from search.settings import EMBEDDER
from search.text import content_words

SEMANTIC_RATIO = 0.3
QUERY_WORDS = 10


def hybrid_query(title: str, body: str, vector: list[float]) -> dict[str, Any]:
    return {
        "q": content_words(f"{title} {body}", QUERY_WORDS),
        "matchingStrategy": "last",
        "vector": vector,
        "hybrid": {"embedder": EMBEDDER, "semanticRatio": SEMANTIC_RATIO},
    }


def lexical_query(title: str) -> dict[str, Any]:
    # A long question rarely shares every word with its duplicate: match on the most
    # informative words of the title instead of requiring all of them.
    return {"q": title, "matchingStrategy": "frequency"}
