"""A plain Okapi BM25 (no stemming) over title + body, our own, as the baseline to beat."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from search.text import tokenize

from .dataset import Dataset


class BM25:
    def __init__(self, docs: Sequence[tuple[str, str]], k1: float = 1.2, b: float = 0.75, stop: bool = True):
        """docs: (id, text) pairs."""
        self.k1, self.b, self.stop = k1, b, stop
        self.ids = [d for d, _ in docs]
        self.tfs = [Counter(tokenize(t, stop)) for _, t in docs]
        self.lens = [sum(tf.values()) for tf in self.tfs]
        self.avgdl = sum(self.lens) / max(len(self.lens), 1)
        df: Counter[str] = Counter()
        for tf in self.tfs:
            df.update(tf.keys())
        n = len(self.tfs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, tf in enumerate(self.tfs):
            for t, c in tf.items():
                self.postings.setdefault(t, []).append((i, c))

    def search(self, query: str, k: int = 100) -> list[tuple[str, float]]:
        scores: dict[int, float] = {}
        for t in set(tokenize(query, self.stop)):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, c in self.postings[t]:
                norm = self.k1 * (1 - self.b + self.b * self.lens[i] / self.avgdl)
                scores[i] = scores.get(i, 0.0) + idf * c * (self.k1 + 1) / (c + norm)
        top = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]
        return [(self.ids[i], s) for i, s in top]


def run_bm25(
    ds: Dataset,
    query_mode: str = "title",
    k1: float = 1.2,
    b: float = 0.75,
    stop: bool = True,
    body_words: int | None = None,
) -> dict[str, list[str]]:
    """query_mode: "title" or "title+body" (optionally the body cut to its first body_words words)."""
    index = BM25([(d.id, f"{d.title}\n{d.body}") for d in ds.corpus], k1=k1, b=b, stop=stop)
    run = {}
    for q in ds.queries:
        text = q.title
        if query_mode == "title+body":
            body = q.body if body_words is None else " ".join(q.body.split()[:body_words])
            text = f"{q.title}\n{body}"
        run[q.id] = [d for d, _ in index.search(text, 100)]
    return run
