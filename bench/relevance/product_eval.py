"""The product's matching on a labelled set, end to end, through the API.

    .venv/bin/python -m bench.relevance.product_eval [--set dev|cardano-linked|cardano-dup]
        [--data DIR] [--rounds 3] [--off-topic SITE,SITE]

Asks every corpus thread into a fresh database (the app's own services), builds the index
with `reindex` (vectors computed and stored by the app), then sends every query through the
Flask test client:

- GET /api/v1/questions/similar with the title alone (what the ask form sends while the
  title is typed) and with title and body, with the model and without it (the fallback);
- GET /api/v1/search?q=<title> (the problem typed into the search box as a sentence);

nDCG@10 / Recall@10 of each, next to BM25 and to the app's stored vectors alone (exact
cosine). Then the relevance cut-off: titles of other Stack Exchange communities asked
against the same threads (nothing answers them), the share that still gets a suggestion or
a search result, and for the set's own queries the share of true top hits the cut-off
loses, at the chosen cut-off and around it. Last, the endpoints' latency.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import bm25, metrics
from .dataset import Dataset, load
from .product_index import Product, product_index
from .stackexchange_set import load_set, off_topic_titles

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SETS_DIR = Path(__file__).resolve().parents[2] / "bench" / "out" / "sets"
LIMIT = 11  # the query's own thread may come back first; it is dropped before scoring
OFF_TOPIC_PER_SITE = 70
OFF_TOPIC = {
    "semeval2016ql": ["cardano", "matheducators", "genai"],
    "cardano": ["beer", "coffee", "matheducators"],
}
SWEEP = {"similarity": [-1.0, 0.30, 0.35, 0.40, 0.45], "share": [0.0, 0.25, 0.30, 0.35, 0.40]}
FLOORS = {"similarity": [-1.0, 0.20], "share": [0.0]}
BASELINE = "BM25 k1=1.2 b=0.75, q=title"


def set_arguments(description: str) -> argparse.ArgumentParser:
    """A command's parser with the labelled set to run on: --set, or --data for another."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--set", choices=["dev", "cardano-linked", "cardano-dup"], default="dev")
    parser.add_argument("--data", default=None, help="another BEIR-layout set (overrides --set)")
    return parser


def dataset(args: argparse.Namespace) -> Dataset:
    if args.data:
        return load(args.data)
    if args.set == "dev":
        return load(None)
    return load_set(SHARED / "stackexchange" / "cardano", SETS_DIR, args.set == "cardano-linked")


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50, p95 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {p50:.1f} ms / p95 {p95:.1f} ms ({len(ordered)} requests)"


class Endpoints:
    def __init__(self, product: Product) -> None:
        self.product = product
        self.client = product.app.test_client()

    def similar(self, title: str, body: str, limit: int = LIMIT) -> tuple[list[str], float]:
        query: dict[str, Any] = {"title": title[:200], "limit": limit, **({"body": body} if body else {})}
        return self._get("/api/v1/questions/similar", query)

    def search(self, q: str) -> tuple[list[str], float]:
        return self._get("/api/v1/search", {"q": q[:200], "per_page": LIMIT})

    def _get(self, path: str, query: dict[str, Any]) -> tuple[list[str], float]:
        started = time.perf_counter()
        response = self.client.get(path, query_string=query)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.get_json()
        return [self.product.names[item["id"]] for item in response.get_json()["items"]], elapsed


def vectors_alone(product: Product, ds: Dataset) -> dict[str, list[str]]:
    """The app's stored vectors ranked by exact cosine with the title's vector: the reference."""
    from backend.extensions import db
    from backend.indexing.vectors import question_vector
    from backend.models import ThreadVector

    with product.app.app_context():
        rows = db.session.query(ThreadVector.question_id, ThreadVector.vector).all()
        ids = [qid for qid, _ in rows]
        matrix = np.stack([np.frombuffer(bytes(v), dtype="<f4") for _, v in rows])
        run = {}
        for q in ds.queries:
            vector = question_vector(q.title)
            assert vector is not None
            order = np.argsort(-(matrix @ vector))[:LIMIT]
            run[q.id] = [product.names[ids[j]] for j in order]
    return run


def top_matches(product: Product, title: str, body: str) -> list[tuple[str, float]]:
    """The matches of a question with no cut-off: (corpus id, similarity) best first."""
    from backend.indexing.engine import search_engine
    from backend.searching.matching import question_matches

    with product.app.test_request_context():
        engine = search_engine()
        assert engine is not None
        found = question_matches(engine, title, body, {"attributesToRetrieve": ["id"]}, min_similarity=-1.0)
    return [(product.names[m.id], m.similarity) for m, _ in found]


def cut_off_table(
    product: Product, ds: Dataset, off_topic: list[tuple[str, str, str]], with_body: bool, kind: str
) -> list[str]:
    """For each cut-off (best match at least `gate`, the others at least `floor`): nDCG@10,
    off-topic questions with a suggestion, true top hits lost."""
    own = {
        q.id: [(d, s) for d, s in top_matches(product, q.title, q.body if with_body else "") if d != q.id]
        for q in ds.queries
    }
    off = [top_matches(product, t, b if with_body else "") for _, t, b in off_topic]
    true_tops = [
        found[0][1] for qid, found in own.items() if found and ds.qrels.get(qid, {}).get(found[0][0], 0) > 0
    ]

    def cut(found: list[tuple[str, float]], gate: float, floor: float) -> list[str]:
        if not found or max(s for _, s in found) < gate:
            return []
        return [d for d, s in found if s >= floor]

    lines = []
    for gate in SWEEP[kind]:
        for floor in FLOORS[kind]:
            if floor > gate:
                continue
            ndcg = metrics.evaluate({qid: cut(found, gate, floor) for qid, found in own.items()}, ds.qrels)[
                "ndcg@10"
            ]
            suggested = sum(bool(cut(found, gate, floor)) for found in off) / len(off)
            lost = sum(s < gate for s in true_tops) / max(len(true_tops), 1)
            lines.append(
                f"| {gate:.2f} | {floor:.2f} | {ndcg:.3f} | {100 * suggested:.0f}% | "
                f"{100 * lost:.0f}% of {len(true_tops)} |"
            )
    return lines


def main() -> int:
    parser = set_arguments(__doc__.splitlines()[0])
    parser.add_argument("--off-topic", default=None, help="comma-separated Stack Exchange sites")
    parser.add_argument("--rounds", type=int, default=3, help="latency: times each query is sent")
    args = parser.parse_args()
    ds = dataset(args)
    family = ds.name.split("-")[0]
    sites = (
        args.off_topic.split(",") if args.off_topic else OFF_TOPIC.get(family, ["beer", "coffee", "genai"])
    )
    off_topic = off_topic_titles([SHARED / "stackexchange" / s for s in sites], OFF_TOPIC_PER_SITE)
    runs: dict[str, dict[str, list[str]]] = {BASELINE: bm25.run_bm25(ds, "title")}
    offs: dict[str, float] = {}
    latency: dict[str, list[float]] = {}
    tables: dict[str, list[str]] = {}

    with product_index(ds) as product:
        from backend.indexing.vectors import _encoded

        api = Endpoints(product)
        runs["the app's vectors alone (exact cosine), q=title"] = vectors_alone(product, ds)
        shapes: dict[str, Callable[[str, str], tuple[list[str], float]]] = {
            "similar, title": lambda t, b: api.similar(t, ""),
            "similar, title + body": lambda t, b: api.similar(t, b),
            "search box, q=title": lambda t, b: api.search(t),
        }
        for semantic in (True, False):
            product.app.config["SEMANTIC_SEARCH"] = semantic
            mode = "with the model" if semantic else "without the model"
            for shape, call in shapes.items():
                name = f"{shape} ({mode})"
                runs[name] = {q.id: call(q.title, q.body)[0] for q in ds.queries}
                offs[name] = sum(bool(call(t, b)[0]) for _, t, b in off_topic) / len(off_topic)
                samples = latency.setdefault(name, [])
                for _ in range(args.rounds):
                    for q in ds.queries:
                        # As the ask form meets it: every title new; its body once the
                        # title's vector is known (the title was sent alone first).
                        _encoded.cache_clear()
                        if shape == "similar, title + body":
                            call(q.title, "")
                        samples.append(call(q.title, q.body)[1])
            for with_body in (False, True):
                kind = "similarity" if semantic else "share"
                label = f"{mode}, {'title + body' if with_body else 'title'}"
                tables[label] = cut_off_table(product, ds, off_topic, with_body, kind)

    base = metrics.evaluate(runs[BASELINE], ds.qrels)["ndcg@10"]
    rated = metrics.evaluate(runs[BASELINE], ds.qrels)["queries"]
    print(
        f"\n{ds.name}: {len(ds.queries)} queries ({rated} with a relevant judgment), {len(ds.corpus)} threads"
    )
    print(f"off-topic: {len(off_topic)} titles from {', '.join(sites)}\n")
    corpus_ids = {doc.id for doc in ds.corpus}
    if any(q.id in corpus_ids for q in ds.queries):
        print(
            "The queries are threads of the corpus: through the endpoints each one's own thread\n"
            "passes the cut-off, so the endpoint rows below are as without it; the figures with\n"
            "the cut-off are the cut-off tables' rows at the product's thresholds.\n"
        )
    print("| ranker | nDCG@10 | vs BM25 | Recall@10 | off-topic with a result |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, ranking in runs.items():
        m = metrics.evaluate(ranking, ds.qrels)
        gain = 100 * (m["ndcg@10"] / base - 1)
        off = f"{100 * offs[name]:.0f}%" if name in offs else ""
        print(f"| {name} | {m['ndcg@10']:.3f} | {gain:+.0f}% | {m['recall@10']:.3f} | {off} |")
    for label, lines in tables.items():
        kind = "cosine" if label.startswith("with the model") else "share of the title's idf"
        print(f"\nCut-off, {label} ({kind}):\n")
        print("| best match >= | others >= | nDCG@10 | off-topic with a suggestion | true top hits lost |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        print("\n".join(lines))
    print("\nLatency, in-process (Flask test client), wall time:")
    for name, samples in latency.items():
        print(f"- {name}: {percentiles(samples)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
