"""Highlights that are safe to insert as HTML: all user text escaped, only our <mark> added."""

from __future__ import annotations

import re
from html import escape

from search.documents import HIGHLIGHT_POST, HIGHLIGHT_PRE


def safe_highlight(text: str | None) -> str:
    if not text:
        return ""
    return escape(text, quote=True).replace(HIGHLIGHT_PRE, "<mark>").replace(HIGHLIGHT_POST, "</mark>")


def mark_terms(text: str, query: str) -> str:
    """Escape text and mark each query word in it (for answers built without the engine)."""
    return safe_highlight(with_markers(text, query)) if text else ""


def excerpt(text: str, query: str, chars: int) -> str:
    """About `chars` of text around the first query word found in it (from the start when
    none is): what a snippet shows when the engine did not crop it."""
    words = [re.escape(w) for w in query.split() if len(w) > 1]
    found = re.search("|".join(words), text, re.IGNORECASE) if words else None
    if found is None or found.start() < chars // 3:
        return text[:chars]
    start = text.rfind(" ", 0, found.start() - chars // 4) + 1
    return "…" + text[start : start + chars]


def with_markers(text: str, query: str) -> str:
    """Text with each query word between the engine's highlight markers, as Meilisearch's
    `_formatted` gives it."""
    words = [re.escape(w) for w in query.split() if len(w) > 1]
    if not words:
        return text
    pattern = re.compile("|".join(words), re.IGNORECASE)
    return pattern.sub(lambda m: f"{HIGHLIGHT_PRE}{m.group(0)}{HIGHLIGHT_POST}", text)
