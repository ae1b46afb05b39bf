"""Real Stack Exchange titles, bodies and tags, read once and recombined into new posts.

Bodies are raw HTML written by strangers: each distinct body goes through the app's
own sanitizer exactly once (the cache), and body_source is that HTML's plain text.
"""

from __future__ import annotations

import gzip
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import iterparse

from backend.content import plain_text, sanitize_html

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "stackexchange"
TAG_NAME = re.compile(r"[a-z0-9+#.-]{1,35}")
MAX_TAGS = 5
TITLE_MAX = 200


@dataclass(frozen=True)
class SourceQuestion:
    site: str
    title: str
    body: int  # index into Corpus.bodies
    tags: tuple[str, ...]


@dataclass
class Site:
    questions: list[SourceQuestion] = field(default_factory=list)
    answer_bodies: list[int] = field(default_factory=list)
    tag_counts: Counter[str] = field(default_factory=Counter)


@dataclass
class Corpus:
    sites: dict[str, Site]
    # (body_source, body_html) per distinct real body, sanitized once.
    bodies: list[tuple[str, str]]
    questions: list[SourceQuestion]

    @property
    def tag_names(self) -> list[str]:
        return sorted({name for site in self.sites.values() for name in site.tag_counts})


def _tag_names(raw: str) -> tuple[str, ...]:
    names: list[str] = []
    for name in re.split(r"[<>|]", raw):
        name = name.strip().lower()
        if TAG_NAME.fullmatch(name) and name not in names:
            names.append(name)
    return tuple(names[:MAX_TAGS])


def load_corpus(data_dir: Path = DATA_DIR) -> Corpus:
    """Every question and answer in data_dir/*/Posts.xml.gz, bodies sanitized once each."""
    sites: dict[str, Site] = {}
    body_index: dict[str, int] = {}
    raw_bodies: list[str] = []

    def body_id(html: str) -> int:
        if html not in body_index:
            body_index[html] = len(raw_bodies)
            raw_bodies.append(html)
        return body_index[html]

    for path in sorted(data_dir.glob("*/Posts.xml.gz")):
        site = sites.setdefault(path.parent.name, Site())
        with gzip.open(path) as stream:
            for _event, row in iterparse(stream):
                if row.tag != "row":
                    continue
                kind, body = row.get("PostTypeId"), row.get("Body") or ""
                if kind == "1" and row.get("Title") and body.strip():
                    tags = _tag_names(row.get("Tags") or "")
                    if tags:
                        question = SourceQuestion(
                            path.parent.name, " ".join(row.get("Title", "").split()), body_id(body), tags
                        )
                        site.questions.append(question)
                        site.tag_counts.update(tags)
                elif kind == "2" and body.strip():
                    site.answer_bodies.append(body_id(body))
                row.clear()
    if not sites:
        raise SystemExit(f"no Posts.xml.gz under {data_dir}")

    bodies = []
    for html in raw_bodies:
        clean = sanitize_html(html)
        bodies.append((plain_text(clean), clean))
    questions = [q for site in sites.values() for q in site.questions]
    return Corpus(sites, bodies, questions)


class Recombiner:
    """New questions and answers made of real pieces: a title, a body, a site's tags."""

    def __init__(self, corpus: Corpus, rng: random.Random) -> None:
        self.corpus = corpus
        self.rng = rng
        self._site_tags = {
            name: (list(site.tag_counts), _cumulative(site.tag_counts.values()))
            for name, site in corpus.sites.items()
        }

    def question(self) -> tuple[str, int, tuple[str, ...], str]:
        """(title, body index, tag names, site) for one new question."""
        rng = self.rng
        source = rng.choice(self.corpus.questions)
        site = self.corpus.sites[source.site]
        title = source.title
        if rng.random() < 0.5:
            # A phrase from another title of the same site, as a qualifier.
            words = rng.choice(site.questions).title.rstrip("?").split()
            if len(words) >= 3:
                n = rng.randint(2, min(5, len(words)))
                start = rng.randint(0, len(words) - n)
                title = f"{title} ({' '.join(words[start : start + n])})"
        body = source.body if rng.random() < 0.5 else rng.choice(site.questions).body
        tags = list(source.tags)
        if len(tags) < MAX_TAGS and rng.random() < 0.25:
            names, cum = self._site_tags[source.site]
            extra = rng.choices(names, cum_weights=cum)[0]
            if extra not in tags:
                tags.append(extra)
        return _clip(title), body, tuple(tags), source.site

    def answer_body(self, site: str) -> int:
        return self.rng.choice(self.corpus.sites[site].answer_bodies)


def _cumulative(values: object) -> list[int]:
    total, out = 0, []
    for v in values:  # type: ignore[attr-defined]
        total += v
        out.append(total)
    return out


def _clip(title: str) -> str:
    if len(title) <= TITLE_MAX:
        return title
    return title[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
