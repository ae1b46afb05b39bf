"""The first page's JavaScript stays within budget: what index.html loads before anything
shows (the entry and the chunks it imports statically), gzipped, <= 50 kB. Pages opened
later (moderation, administration, charts) come in chunks of their own."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

BUDGET = 50 * 1024
STATIC_IMPORT = re.compile(r"""(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']\./([\w.-]+\.js)["']""")


def first_load(dist: Path) -> set[str]:
    """The entry module and, following its static imports, every chunk it needs to run."""
    html = (dist / "index.html").read_text()
    entry = re.search(r'<script type="module"[^>]* src="/assets/([^"]+)"', html)
    assert entry, "index.html names no entry module"
    needed, todo = set(), [entry.group(1)]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        todo.extend(STATIC_IMPORT.findall((dist / "assets" / name).read_text()))
    return needed


def test_the_first_page_loads_at_most_50_kb_of_javascript(dist: Path) -> None:
    needed = first_load(dist)
    sizes = {name: len(gzip.compress((dist / "assets" / name).read_bytes(), 9)) for name in needed}
    assert sum(sizes.values()) <= BUDGET, f"first load {sum(sizes.values())} B gzip: {sizes}"


def test_moderator_and_admin_pages_are_not_in_the_first_load(dist: Path) -> None:
    needed = first_load(dist)
    # Preloads in index.html are part of the first load too; the lazy pages are in neither.
    html = (dist / "index.html").read_text()
    for page in ("Moderation", "SiteSettings", "Webhooks", "People", "CommunityHealth"):
        assert not any(name.startswith(f"{page}-") for name in needed), page
        assert f"/assets/{page}-" not in html, page
    assert any(path.name.startswith("Moderation-") for path in (dist / "assets").glob("*.js"))
