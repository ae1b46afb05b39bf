"""nDCG@k and Recall@k over graded qrels, as the dev set's README defines them.

- nDCG@k: DCG = sum over ranks i (1-based) of (2^rel - 1) / log2(i + 1); divided by the
  ideal DCG of the query's judged documents. A query with no relevant judgment scores 0
  (pytrec_eval / BEIR convention); ``evaluate`` leaves such queries out of the average by
  default (see its docstring).
- Recall@k: relevant (score > 0) documents in the top k / all relevant documents of the query;
  0 for a query with none.
- The query's own id is dropped from its ranking before cutting at k.
Both are macro-averaged over every query that has qrels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def ndcg_at_k(ranking: Sequence[str], rels: Mapping[str, int], k: int = 10) -> float:
    dcg = sum((2 ** rels.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted((r for r in rels.values() if r > 0), reverse=True)[:k]
    idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranking: Sequence[str], rels: Mapping[str, int], k: int = 10) -> float:
    relevant = {d for d, r in rels.items() if r > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def evaluate(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    k: int = 10,
    with_relevant_only: bool = True,
) -> dict[str, float]:
    """run: query id -> ranked doc ids. Mean nDCG@k / Recall@k over the queries in qrels.

    with_relevant_only (default): average over queries with at least one relevant judgment
    (104 of the dev set's 117; the figures the issue quotes are on this basis). Queries with
    none score 0 for every ranker, so this only rescales: ratios between rankers are the same.
    """
    nd, rc = [], []
    for qid, rels in qrels.items():
        if with_relevant_only and not any(r > 0 for r in rels.values()):
            continue
        ranking = [d for d in run.get(qid, ()) if d != qid]
        nd.append(ndcg_at_k(ranking, rels, k))
        rc.append(recall_at_k(ranking, rels, k))
    n = max(len(nd), 1)
    return {f"ndcg@{k}": sum(nd) / n, f"recall@{k}": sum(rc) / n, "queries": len(nd)}


def per_query_ndcg(run, qrels, k: int = 10) -> dict[str, float]:
    return {q: ndcg_at_k([d for d in run.get(q, ()) if d != q], r, k) for q, r in qrels.items()}
