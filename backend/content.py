"""Markdown -> sanitized HTML: the one allow-list every post goes through.

User bodies are CommonMark rendered by markdown-it-py with raw HTML turned off (what
people type is shown as typed), then cleaned by bleach against ALLOWED_TAGS, so the
sanitizer stays the single line of defence for imported HTML as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from html import unescape
from html.parser import HTMLParser

import bleach
from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter, build_url_re
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

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def _shift_headings(tokens: list[Token]) -> None:
    # A post's headings sit under the page's own h1: # -> h2, ## -> h3, deeper -> h4.
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, 4)
            token.tag = f"h{level}"


# The base bleach's own LinkifyFilter extends (its type stubs leave it out).
class _ForceRel(html5lib_shim.Filter):  # type: ignore[name-defined]
    """Every link gets LINK_REL, whatever rel it came with."""

    def __iter__(self) -> Iterator[dict]:
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                token["data"][(None, "rel")] = LINK_REL
            yield token


_ALLOW_LIST: dict = {
    "tags": ALLOWED_TAGS,
    "attributes": ALLOWED_ATTRIBUTES,
    "protocols": ALLOWED_PROTOCOLS,
    "strip": True,
    "strip_comments": True,
}
# HTML made elsewhere (a dump's posts) has its links made already: looking for bare
# addresses in every text would be a fifth of the cleaning's time for nothing.
_html_cleaner = bleach.Cleaner(**_ALLOW_LIST, filters=[_ForceRel])
_markdown_cleaner = bleach.Cleaner(
    **_ALLOW_LIST,
    filters=[
        # Links it makes get their rel from _ForceRel, after it, as every other link does.
        partial(
            LinkifyFilter,
            callbacks=[],
            skip_tags={"pre", "code"},
            # bleach's default pattern links ftp:, data:, feed: ... too; only link what we allow.
            url_re=build_url_re(protocols=ALLOWED_PROTOCOLS),
        ),
        _ForceRel,
    ],
)


def sanitize_html(html: str) -> str:
    """Clean untrusted HTML (a dump's posts) down to the allow-list."""
    return _html_cleaner.clean(html)


def render_markdown(source: str) -> str:
    """Render a Markdown body to HTML that is safe to insert into a page; bare addresses become links."""
    tokens = _markdown.parse(source)
    _shift_headings(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return _markdown_cleaner.clean(html)


# A tag in sanitized HTML: its serializer double-quotes every attribute value (a " inside
# one is escaped) and escapes < in text, so a tag runs to the first > outside quotes.
_SANITIZED_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def has_text(sanitized: str) -> bool:
    """Whether sanitized HTML shows any text: plain_text's answer, without parsing it."""
    return bool(unescape(_SANITIZED_TAG.sub("", sanitized)).strip())


# Tags that separate words: text on either side of them must not run together.
_BREAKING_TAGS = frozenset(
    ALLOWED_TAGS - {"a", "abbr", "b", "strong", "i", "em", "q", "cite", "code", "del", "s", "strike"}
)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BREAKING_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of sanitized HTML (entities decoded once), for snippets and search documents."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())
