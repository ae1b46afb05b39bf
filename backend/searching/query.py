"""What a search asks and what it finds, the same whether Meilisearch or the database answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from search.documents import SYNTHESIS, THREAD

# A tag named in the query as Stack Exchange has it, "[vpn] password expired": a word of its
# own in square brackets (so "list[0]" stays a word). The frontend reads it the same way
# (frontend/src/searchWords.ts) to ask a question searched for.
_TAG_WORD = re.compile(r"(?<!\S)\[([^\[\]\s]{1,35})\](?!\S)")
MAX_TAGS = 5


def tags_named(q: str) -> tuple[str, list[str]]:
    """The query without its [tag] words, and the tags they name (lower case, at most MAX_TAGS)."""
    tags = [name.lower() for name in _TAG_WORD.findall(q)][:MAX_TAGS]
    return " ".join(_TAG_WORD.sub(" ", q).split()), tags


@dataclass
class SearchQuery:
    q: str = ""
    tags: Sequence[str] = ()
    status: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    resolved_only: bool = False
    # "thread", "synthesis" or "all"; /search asks for all, the other callers for threads.
    kind: str = THREAD

    @property
    def effective_status(self) -> str | None:
        if self.resolved_only:
            return "resolved"
        if self.kind == SYNTHESIS:
            return None  # a synthesis has no status: it is found once published
        if self.status is None and not self.q.strip():
            return "resolved"  # an empty query shows the newest resolved threads
        return None if self.status in (None, "all") else self.status

    @property
    def effective_sort(self) -> str:
        return "newest" if not self.q.strip() and self.sort == "relevance" else self.sort


@dataclass
class Hit:
    """One thread or synthesis found, with highlights from the engine (or built here when
    degraded); `id` is the thread's or the synthesis's own."""

    id: int
    title_highlighted: str
    snippet_highlighted: str
    accepted_answer_snippet: str | None
    kind: str = THREAD


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    processing_ms: int
    degraded: bool
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # "words" (search as you type) or "meaning" (a sentence matched as a question is)
    matched_by: str = "words"
