"""Exploration behind the similar-question and search-box design (docs/search-relevance.md).

    .venv/bin/python -m bench.relevance.study [--data DIR ...] [--cardano DIR]

On the built product's index (product_index), sends variants of the query straight to
Meilisearch and prints nDCG@10 for each, plus the score distributions behind the cut-off.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from search.embeddings import document_text, query_vector_mix, vector_from_bytes
from search.settings import EMBEDDER
from search.sync import LIVE_INDEX
from search.text import content_words

from . import metrics
from .dataset import Dataset, Query, load
from .product_index import product_index
from .stackexchange_set import load_set, off_topic_titles

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
Make = Callable[[Query, int], dict[str, Any]]


def study(ds: Dataset, off_topic: list[tuple[str, str, str]], out: dict[str, Any]) -> None:
    with product_index(ds) as p:
        from backend.extensions import db
        from backend.indexing.vectors import embedder
        from backend.models import ThreadVector

        with p.app.app_context():
            model = embedder()
            assert model is not None
            stored = {
                r.question_id: np.array(vector_from_bytes(r.vector), dtype=np.float32)
                for r in db.session.query(ThreadVector)
            }
        ids = sorted(stored)
        matrix = np.stack([stored[i] for i in ids])
        qs = ds.queries
        tv = model.encode([q.title for q in qs])
        tbv = model.encode([document_text(q.title, q.body) for q in qs])
        mix = query_vector_mix(tv, tbv)
        ov = model.encode([t for _, t, _ in off_topic])
        obv = query_vector_mix(ov, model.encode([document_text(t, b) for _, t, b in off_topic]))
        results: dict[str, Any] = {}

        def exact(vecs: np.ndarray) -> dict[str, list[str]]:
            sims = vecs @ matrix.T
            return {q.id: [p.names[ids[j]] for j in np.argsort(-sims[i])[:11]] for i, q in enumerate(qs)}

        def run(name: str, make: Make, queries: list[Query] | None = None) -> dict[str, list[str]]:
            ranking: dict[str, list[str]] = {}
            tops: dict[str, list[tuple[str, float]]] = {}
            for i, q in enumerate(queries or qs):
                params = {"limit": 11, "attributesToRetrieve": ["id"], "showRankingScore": True, **make(q, i)}
                hits = p.engine.search(LIVE_INDEX, params)["hits"]
                found = [(p.names[h["id"]], h["_rankingScore"]) for h in hits if p.names[h["id"]] != q.id]
                ranking[q.id] = [d for d, _ in found]
                tops[q.id] = found[:5]
            if queries is None:
                m = metrics.evaluate(ranking, ds.qrels)
                print(f"  {m['ndcg@10']:.3f}  {m['recall@10']:.3f}  {name}", flush=True)
                results[name] = {"ndcg": m["ndcg@10"], "recall": m["recall@10"], "tops": tops}
            else:
                results[name] = {"tops": tops}
            return ranking

        def add(name: str, ranking: dict[str, list[str]]) -> None:
            m = metrics.evaluate(ranking, ds.qrels)
            print(f"  {m['ndcg@10']:.3f}  {m['recall@10']:.3f}  {name}", flush=True)
            results[name] = {"ndcg": m["ndcg@10"], "recall": m["recall@10"]}

        add("exact cosine, title", exact(tv))
        add("exact cosine, mix", exact(mix))

        def hybrid(vecs: np.ndarray, ratio: float, words: str, strategy: str, body: bool) -> Make:
            def make(q: Query, i: int) -> dict[str, Any]:
                text = f"{q.title} {q.body}" if body else q.title
                qtext = content_words(text, 10) if words == "content" else q.title
                return {
                    "q": qtext,
                    "matchingStrategy": strategy,
                    "vector": [float(x) for x in vecs[i]],
                    "hybrid": {"embedder": EMBEDDER, "semanticRatio": ratio},
                }

            return make

        vec_of = {p.names[i]: stored[i] for i in ids}

        def rerank(name: str, make: Make, vecs: np.ndarray, keyword_weight: float = 0.0, k: int = 50) -> None:
            ranking = {}
            for i, q in enumerate(qs):
                params = {"attributesToRetrieve": ["id"], "showRankingScore": True, **make(q, i), "limit": k}
                hits = [p.names[h["id"]] for h in p.engine.search(LIVE_INDEX, params)["hits"]]
                cos = {d: float(vec_of[d] @ vecs[i]) for d in hits}
                if keyword_weight:
                    lex = p.engine.search(
                        LIVE_INDEX,
                        {
                            "q": content_words(q.title, 10),
                            "matchingStrategy": "frequency",
                            "limit": 20,
                            "attributesToRetrieve": ["id"],
                        },
                    )["hits"]
                    for r, h in enumerate(lex):
                        d = p.names[h["id"]]
                        cos.setdefault(d, float(vec_of[d] @ vecs[i]))
                        cos[d] += keyword_weight / (r + 10)
                ranking[q.id] = [d for d in sorted(cos, key=lambda d: -cos[d]) if d != q.id][:10]
            add(name, ranking)

        from search.embeddings import WordPieceTokenizer

        saved = model._tok
        model._tok = WordPieceTokenizer(max_tokens=64)
        tbv64 = model.encode([document_text(q.title, q.body) for q in qs])
        model._tok = saved

        def normed(v: np.ndarray) -> np.ndarray:
            return v / np.linalg.norm(v, axis=1, keepdims=True)

        def kw_body(q: Query, i: int) -> dict[str, Any]:
            return {"q": content_words(f"{q.title} {q.body}", 10), "matchingStrategy": "last"}

        variants = {
            "t+tb": mix,
            "t+tb64": normed(tv + tbv64),
            "2t+tb": normed(2 * tv + tbv),
            "t+2tb": normed(tv + 2 * tbv),
        }
        for name, vecs in variants.items():
            rerank(f"body: vec={name}, kw=title", hybrid(vecs, 0.5, "content", "last", True), vecs, 1.0)
        rerank("body: vec=t+tb, kw=title w=2", hybrid(mix, 0.5, "content", "last", True), mix, 2.0)
        rerank("title: kw=title w=2", hybrid(tv, 0.5, "content", "last", False), tv, 2.0)
        rerank("title: kw=title w=1", hybrid(tv, 0.5, "content", "last", False), tv, 1.0)
        del kw_body

        # Off-topic: the scores their best hits get.
        oq = [Query(f"off{i}", t, b) for i, (_, t, b) in enumerate(off_topic)]
        for body, vecs in ((False, ov), (True, obv)):
            for ratio in (0.5, 1.0):
                run(f"OFF hybrid body={body} ratio={ratio}", hybrid(vecs, ratio, "content", "last", body), oq)
        osims = ov @ matrix.T
        results["OFF exact cosine title top"] = [float(x) for x in osims.max(axis=1)]
        qsims = tv @ matrix.T
        own = {p.names[i]: j for j, i in enumerate(ids)}
        tops = []
        for i, q in enumerate(qs):
            order = [j for j in np.argsort(-qsims[i])[:3] if p.names[ids[j]] != q.id]
            j = order[0]
            tops.append((float(qsims[i][j]), ds.qrels.get(q.id, {}).get(p.names[ids[j]], 0)))
        results["exact cosine title top (sim, grade)"] = tops
        del own
    out[ds.name] = results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="bench/out/relevance-study.json")
    args = parser.parse_args()
    out: dict[str, Any] = {}
    se = SHARED / "stackexchange"
    dev_off = off_topic_titles([se / "cardano", se / "matheducators", se / "genai"], 70)
    study(load(None), dev_off, out)
    card_off = off_topic_titles([se / "beer", se / "coffee", se / "matheducators"], 70)
    study(load_set(se / "cardano", Path("bench/out/sets"), True), card_off, out)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
