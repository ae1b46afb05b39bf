"""How the lexical fallback (the ask form without the model) was chosen: its ranking and its
cut-off, swept on the product's own index.

    .venv/bin/python -m bench.relevance.fallback_study [--set dev|cardano-linked]

Every corpus thread is asked into a fresh database and indexed by the app (as product_eval
does); each query's title goes out as the app's word queries (one per informative word);
then, for each variant, nDCG@10 and, at each threshold, the share of off-topic questions
still suggested and of true top hits lost:

- "idf": the word ranking alone (search.similar.rank_by_words), its share of the title's idf
  held anywhere as the cut-off (the code before this study);
- "bm25, gate G, length L": the first RERANKED of that ranking ranked again by BM25 over the
  threads' own text (the title's words counted twice), lengths against a typical length L,
  with the cut-off measured as G: the share of the title's idf held "anywhere" in the
  thread, in its "title", or the "mean" of the two (the product's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import bm25, metrics
from .product_eval import OFF_TOPIC, OFF_TOPIC_PER_SITE, SHARED, dataset, set_arguments
from .product_index import Product, product_index
from .stackexchange_set import off_topic_titles

GATES = (0.0, 0.25, 0.30, 0.35, 0.40, 0.45)
Scored = list[tuple[int, float, float]]  # (thread id, score, share held) best first


def _texts(product: Product, ids: Sequence[int]) -> dict[int, tuple[list[str], list[str]]]:
    from sqlalchemy import select

    from backend.content import plain_text
    from backend.extensions import db
    from backend.models import Question
    from search.text import tokenize

    rows = db.session.execute(
        select(Question.id, Question.title, Question.body_html).where(Question.id.in_(ids))
    )
    return {qid: (tokenize(title), tokenize(plain_text(html))) for qid, title, html in rows}


def _bm25(
    product: Product, words: list[str], answers: list[dict[str, Any]], gate: str, length: float, reranked: int
) -> Scored:
    from search.similar import rank_by_words, text_match, word_idfs

    idfs = word_idfs(answers)
    weight = sum(idfs) or 1.0
    found = [m.id for m in rank_by_words(answers)[:reranked]]
    scored = []
    for thread_id, (title, body) in _texts(product, found).items():
        match = text_match(words, idfs, title, body, length)
        share = {
            "anywhere": match.anywhere,
            "title": match.in_title,
            "mean": (match.in_title + match.anywhere) / 2,
        }
        scored.append((thread_id, match.score, share[gate] / weight))
    return sorted(scored, key=lambda s: (-s[1], s[0]))


def _bm25_variant(
    product: Product,
    answers: Callable[[str], tuple[list[str], list[dict[str, Any]]]],
    gate: str,
    length: float,
) -> Callable[[str], Scored]:
    from search.similar import RERANKED

    def rank(title: str) -> Scored:
        words, found = answers(title)
        return _bm25(product, words, found, gate, length, RERANKED) if words else []

    return rank


def _idf(answers: list[dict[str, Any]]) -> Scored:
    from search.similar import rank_by_words

    return [(m.id, m.score, m.similarity) for m in rank_by_words(answers)] if answers else []


def main() -> int:
    parser = set_arguments(__doc__.splitlines()[0])
    args = parser.parse_args()
    ds = dataset(args)
    sites = OFF_TOPIC.get(ds.name.split("-")[0], ["beer", "coffee", "genai"])
    off_topic = off_topic_titles([SHARED / "stackexchange" / s for s in sites], OFF_TOPIC_PER_SITE)
    base = metrics.evaluate(bm25.run_bm25(ds, "title"), ds.qrels)["ndcg@10"]
    with product_index(ds) as product, product.app.app_context():
        from search.similar import TYPICAL_LENGTH, informative_words, term_queries
        from search.sync import LIVE_INDEX

        asked: dict[str, list[dict[str, Any]]] = {}

        def answers(title: str) -> tuple[list[str], list[dict[str, Any]]]:
            words = informative_words(title)
            if title not in asked:
                asked[title] = (
                    product.engine.multi_search(LIVE_INDEX, term_queries(words), 10.0) if words else []
                )
            return words, asked[title]

        variants: dict[str, Callable[[str], Scored]] = {"idf (before)": lambda t: _idf(answers(t)[1])}
        for gate in ("anywhere", "title", "mean"):
            for length in (26.0, float(TYPICAL_LENGTH), 80.0):
                name = f"bm25, gate {gate}, length {length:.0f}"
                variants[name] = _bm25_variant(product, answers, gate, length)
        print(
            f"\n{ds.name}: BM25 baseline {base:.3f}; "
            f"off-topic: {len(off_topic)} titles from {', '.join(sites)}"
        )
        print("\n| variant | " + " | ".join(f">= {g:.2f}" for g in GATES) + " |")
        print("| --- |" + " ---: |" * len(GATES))
        for name, rank in variants.items():
            own = {}
            for q in ds.queries:
                own[q.id] = [
                    (product.names[i], share) for i, _, share in rank(q.title) if product.names[i] != q.id
                ]
            off = [rank(title) for _, title, _ in off_topic]
            tops = [f[0][1] for qid, f in own.items() if f and ds.qrels.get(qid, {}).get(f[0][0], 0) > 0]
            cells = []
            for threshold in GATES:
                kept = {
                    qid: [d for d, _ in f] if f and max(s for _, s in f) >= threshold else []
                    for qid, f in own.items()
                }
                ndcg = metrics.evaluate(kept, ds.qrels)["ndcg@10"]
                suggested = sum(bool(f) and max(s for _, _, s in f) >= threshold for f in off) / len(off)
                lost = sum(s < threshold for s in tops) / max(1, len(tops))
                cells.append(f"{ndcg:.3f} / {100 * suggested:.0f}% / {100 * lost:.0f}%")
            print(f"| {name} | " + " | ".join(cells) + " |")
        print("\nEach cell: nDCG@10 / off-topic questions with a suggestion / true top hits lost.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
