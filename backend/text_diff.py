"""What changed between two versions of a text, word by word, as HTML: every word escaped,
removed words in <del>, added ones in <ins>. Built with difflib on words (and the spaces and
punctuation between them), so a changed word reads as one change, also on a phone."""

from __future__ import annotations

import difflib
import re
from html import escape
from typing import Any

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> str:
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return "".join(parts)


def with_changes(revisions: list[Any]) -> list[Any]:
    """Revisions (newest first), each with what changed from the one before it, word by word:
    `diff_html` for the body, `title_diff_html` where the title changed; None for the first."""
    for newer, older in zip(revisions, [*revisions[1:], None], strict=False):
        newer.diff_html = None if older is None else word_diff(older.body_source, newer.body_source)
        # Only questions have titles (answers, comments and descriptions are a body alone).
        old_title, new_title = getattr(older, "title", None) or "", getattr(newer, "title", None) or ""
        newer.title_diff_html = word_diff(old_title, new_title) if older and old_title != new_title else None
    return revisions
