"""Markdown -> sanitized HTML: the one allow-list every post goes through.

User bodies are CommonMark rendered by markdown-it-py with raw HTML turned off (what
people type is shown as typed), then cleaned by bleach against ALLOWED_TAGS, so the
sanitizer stays the single line of defence for imported HTML as well.
"""

from __future__ import annotations

from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "a", "abbr", "b", "strong", "i", "em", "q",
        "cite", "blockquote", "code", "pre", "del", "s", "strike", "ul", "ol", "li",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def _shift_headings(tokens: list[Token]) -> None:
    # A post's headings sit under the page's own h1: # -> h2, ## -> h3, deeper -> h4.
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, 4)
            token.tag = f"h{level}"


def _force_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_force_rel], skip_tags={"pre", "code"})],
)


def sanitize_html(html: str) -> str:
    """Clean untrusted HTML (ours or imported) down to the allow-list."""
    return _cleaner.clean(html)


def render_markdown(source: str) -> str:
    """Render a Markdown body to HTML that is safe to insert into a page."""
    tokens = _markdown.parse(source)
    _shift_headings(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return sanitize_html(html)


def plain_text(html: str) -> str:
    """The text of sanitized HTML, for snippets and search documents."""
    return " ".join(bleach.clean(html, tags=set(), strip=True).split())
