"""How a published synthesis is named and found: the same in its feed, in search and on its page."""

from __future__ import annotations


def heading(tag_name: str, week: str) -> str:
    return f"{tag_name} weekly synthesis, {week}"


def page_path(tag_name: str, week: str) -> str:
    """The synthesis on its community's archive page (each is an article with the week as id)."""
    return f"/tags/{tag_name}/syntheses#{week}"
