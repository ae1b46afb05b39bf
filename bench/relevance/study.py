"""The exploration behind the matching design (docs/search-relevance.md, issue 14).

    .venv/bin/python -m bench.relevance.study [--set dev|cardano-linked]

On the built product's index, with no cut-off, nDCG@10 of:
- Meilisearch's own hybrid ranking at several `semanticRatio`s (1.0: its vector search alone);
- the exact cosine of the stored vectors over every thread (the reference);
- the product's candidates (hybrid, ratio 0.5, 50 hits) ranked again by exact cosine, with a
  bonus of w / (rank + 10) from a word ranking: none, Meilisearch's `frequency` ranking of
  the title's words, or the idf ranking (`search.similar.rank_by_words`) of the title's
  words or of the title's and body's; the bonus's threads joining the candidates.
For the title alone and for title and body (the question's vector as the product makes it).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from search.settings import EMBEDDER
from search.similar import candidates_query, informative_words, rank_by_words, term_queries
from search.sync import LIVE_INDEX
from search.text import content_words

from . import metrics
from .product_eval import dataset, set_arguments
from .product_index import product_index

WEIGHTS = (0.5, 1.0, 2.0)
LISTS = ((), ("frequency",), ("idf",), ("idf of title + body",))


def main() -> int:
    args = set_arguments(__doc__.splitlines()[0]).parse_args()
    ds = dataset(args)
    with product_index(ds) as p:
        from backend.extensions import db
        from backend.indexing.vectors import question_vector, stored_vectors
        from backend.models import ThreadVector

        def ids(answer: dict[str, Any]) -> list[int]:
            return [int(h["id"]) for h in answer["hits"]]

        def by_idf(text: str) -> list[int]:
            words = informative_words(text)
            return (
                [m.id for m in rank_by_words(p.engine.multi_search(LIVE_INDEX, term_queries(words)), 0.0)][
                    :20
                ]
                if words
                else []
            )

        with p.app.test_request_context():
            rows = db.session.query(ThreadVector.question_id, ThreadVector.vector).all()
            every = [qid for qid, _ in rows]
            matrix = np.stack([np.frombuffer(bytes(v), dtype="<f4") for _, v in rows])
            data = []
            for q in ds.queries:
                shapes = {}
                for shape, body in (("title", ""), ("title + body", q.body)):
                    vector = question_vector(q.title, body)
                    assert vector is not None
                    floats = [float(x) for x in vector]
                    hybrid = {
                        ratio: ids(
                            p.engine.search(
                                LIVE_INDEX,
                                {
                                    "q": content_words(f"{q.title} {body}", 10),
                                    "vector": floats,
                                    "hybrid": {"embedder": EMBEDDER, "semanticRatio": ratio},
                                    "limit": 11,
                                    "attributesToRetrieve": ["id"],
                                },
                            )
                        )
                        for ratio in (0.3, 0.5, 1.0)
                    }
                    candidates = ids(
                        p.engine.search(
                            LIVE_INDEX,
                            {**candidates_query(q.title, body, floats), "attributesToRetrieve": ["id"]},
                        )
                    )
                    words = content_words(q.title, 10)
                    frequency = (
                        ids(
                            p.engine.search(
                                LIVE_INDEX,
                                {
                                    "q": words,
                                    "matchingStrategy": "frequency",
                                    "limit": 20,
                                    "attributesToRetrieve": ["id"],
                                },
                            )
                        )
                        if words
                        else []
                    )
                    lists = {
                        "frequency": frequency,
                        "idf": by_idf(q.title),
                        "idf of title + body": by_idf(f"{q.title} {body}"),
                    }
                    exact = [every[j] for j in np.argsort(-(matrix @ vector))[:11]]
                    shapes[shape] = (vector, hybrid, candidates, lists, exact)
                data.append((q, shapes))
            pool = {
                i
                for _, shapes in data
                for s in shapes.values()
                for i in s[2] + [x for v in s[3].values() for x in v]
            }
            vectors = stored_vectors(sorted(pool))

    def named(found: list[int], own: str) -> list[str]:
        return [d for d in (p.names[i] for i in found) if d != own][:10]

    def ndcg(run: dict[str, list[str]]) -> float:
        return float(metrics.evaluate(run, ds.qrels)["ndcg@10"])

    print(f"\n{ds.name}: nDCG@10, no cut-off\n\n| ranking | title | title + body |\n| --- | ---: | ---: |")
    table: list[tuple[str, dict[str, float]]] = []
    for ratio in (0.3, 0.5, 1.0):
        table.append(
            (
                f"Meilisearch hybrid, semanticRatio {ratio}",
                {
                    s: ndcg({q.id: named(sh[s][1][ratio], q.id) for q, sh in data})
                    for s in ("title", "title + body")
                },
            )
        )
    table.append(
        (
            "exact cosine over every thread",
            {s: ndcg({q.id: named(sh[s][4], q.id) for q, sh in data}) for s in ("title", "title + body")},
        )
    )
    for bonus_lists in LISTS:
        for w in WEIGHTS if bonus_lists else (0.0,):
            cells = {}
            for s in ("title", "title + body"):
                run = {}
                for q, shapes in data:
                    vector, _, candidates, chosen, _ = shapes[s]
                    found = set(candidates).union(*(chosen[name] for name in bonus_lists))
                    score = {i: float(vectors[i] @ vector) for i in found if i in vectors}
                    for name in bonus_lists:
                        for rank, i in enumerate(chosen[name]):
                            if i in score:
                                score[i] += w / (rank + 10)
                    run[q.id] = named(sorted(score, key=lambda i: -score[i]), q.id)
                cells[s] = ndcg(run)
            label = "candidates by exact cosine" + (
                f" + bonus from {', '.join(bonus_lists)}, w = {w}" if bonus_lists else ""
            )
            table.append((label, cells))
    for label, cells in table:
        print(f"| {label} | {cells['title']:.3f} | {cells['title + body']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
