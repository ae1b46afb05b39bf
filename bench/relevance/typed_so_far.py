"""When the search box should match by meaning: a title typed word by word.

    .venv/bin/python -m bench.relevance.typed_so_far [--set dev|cardano-linked]

For each query of the labelled set, the first k words of its title (k = 1, 2, 3, ...) are
searched both ways the search box can: by words (prefix search as you type, what a query
of fewer than SENTENCE_WORDS words gets) and by meaning (what a longer one gets). nDCG@10
of each, by k: the search box switches where meaning starts to win.
"""

from __future__ import annotations

from . import metrics
from .product_eval import dataset, set_arguments
from .product_index import product_index

WORDS_TYPED = (1, 2, 3, 4, 5, 6)


def main() -> int:
    args = set_arguments(__doc__.splitlines()[0]).parse_args()
    ds = dataset(args)
    rows = []
    with product_index(ds) as product:
        from backend.searching import services

        with product.app.test_request_context():
            for k in WORDS_TYPED:
                runs: dict[str, dict[str, list[str]]] = {"words": {}, "meaning": {}}
                for q in ds.queries:
                    typed = " ".join(q.title.split()[:k])
                    query = services.SearchQuery(q=typed, per_page=11)
                    for way, search in (
                        ("words", services._engine_search),
                        ("meaning", services._sentence_search),
                    ):
                        result = search(query)  # by meaning: None when the words are too few
                        found = result.hits if result is not None else []
                        runs[way][q.id] = [product.names[hit.id] for hit in found]
                cells = [metrics.evaluate(runs[way], ds.qrels)["ndcg@10"] for way in ("words", "meaning")]
                rows.append(f"| {k} | {cells[0]:.3f} | {cells[1]:.3f} |")
    print(f"\n{ds.name}: the first k words of each title, searched both ways\n")
    print("| words typed | by words (prefix) | by meaning |\n| ---: | ---: | ---: |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
