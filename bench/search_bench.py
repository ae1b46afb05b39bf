"""Search as you go at scale: reindex time, keystroke latency, freshness.

    python -m bench.search_bench --size 100000 --titles 1000

On the generated database (bench/out/bench-<size>.db, as the API benchmark makes it),
with a real Meilisearch started here:

1. reindex: `flask search reindex` (documents built from the database and sent in
   batches, then swapped in), against sending the very same documents straight to a
   fresh index with the same settings (raw Meilisearch indexing); wall time of each;
2. keystrokes: every prefix of N thread titles, typed one character at a time, sent
   through GET /api/v1/search (gunicorn, 2 workers of 4 threads, as `make run` serves it)
   and, in the same run, the same Meilisearch query sent directly (the ceiling); with 1
   and with 4 concurrent clients;
3. freshness: from an accept request returning to the thread being found by
   /api/v1/search as resolved, with `flask search worker` running.

The reindex runs without the model (SEMANTIC_SEARCH=0), on both sides alike: encoding the
generated threads once would take most of an hour here, and a reindex reuses the vectors the
sync stored anyway. The API and the worker run as installed (the model on, when the
`semantic` extra is there), so freshness includes encoding the changed thread. The
similar-question endpoint is measured in docs/search-relevance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from backend.serve import THREADS as SERVE_THREADS
from bench.api_bench import OUT, database_for
from bench.load import ROOT, gunicorn
from search.client import SearchEngine
from search.server import MeiliServer, find_binary, start
from search.sync import prepare_index

PREFIX = "bench_"


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {"n": len(ordered), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def app_env(database_url: str, meili: MeiliServer, instance: Path, semantic: bool) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": PREFIX,
        "SEMANTIC_SEARCH": "1" if semantic else "0",
        "COMMONPLACE_INSTANCE": str(instance),
        "RATELIMIT_ENABLED": "0",
        "SECRET_KEY": secrets.token_hex(32),
        # The freshness probes are one new member asking and one answering, 50 times.
        "NEW_MEMBER_QUESTIONS_PER_DAY": "1000",
        "NEW_MEMBER_ANSWERS_PER_DAY": "1000",
    }


@dataclass
class Scratch:
    """A generated database copied to a temporary directory, and a fresh Meilisearch."""

    db: Path
    meili: MeiliServer
    engine: SearchEngine
    instance: Path


@contextmanager
def scratch(size: int, prefix: str) -> Iterator[Scratch]:
    source = database_for(size, regenerate=False)
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copyfile(source, db)  # the benches write to it
        meili = start(find_binary(ROOT), Path(tmp) / "meili", secrets.token_hex(16))
        try:
            engine = SearchEngine(meili.url, meili.master_key, index_prefix=PREFIX, timeout=60)
            yield Scratch(db, meili, engine, Path(tmp) / "instance")
        finally:
            meili.stop()


def served(env: dict[str, str]) -> Any:
    """The API served as `make run` serves it (backend/serve.py); yields its base URL."""
    return gunicorn("backend:create_app()", "/api/v1/search?q=a", env, threads=SERVE_THREADS)


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "flask", "--app", "backend", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)


# -- 1. reindex -----------------------------------------------------------------------


def measure_reindex(env: dict[str, str], engine: SearchEngine, compare: bool) -> dict[str, Any]:
    started = time.perf_counter()
    flask(env, "search", "reindex")
    ours = time.perf_counter() - started
    print(f"  flask search reindex: {ours:.1f} s", flush=True)
    if not compare:
        return {"ours_s": round(ours, 1)}

    # The same documents, built beforehand (not timed), sent straight to a fresh index.
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SEMANTIC_SEARCH", "COMMONPLACE_INSTANCE")})
    from backend import create_app
    from backend.indexing.documents import all_documents

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        batches = list(all_documents())
    started = time.perf_counter()
    engine.delete_index("raw")
    prepare_index(engine, "raw")  # ours creates its index with these settings too
    tasks = [engine.put_documents("raw", batch, wait=False) for batch in batches if batch]
    for task in tasks:
        engine.wait(task, timeout=3600)
    raw = time.perf_counter() - started
    count = sum(len(batch) for batch in batches)
    engine.delete_index("raw")
    print(f"  raw Meilisearch indexing of the same {count} documents: {raw:.1f} s", flush=True)
    return {
        "documents": count,
        "ours_s": round(ours, 1),
        "raw_s": round(raw, 1),
        "ratio": round(ours / raw, 3),
    }


# -- 2. keystrokes ----------------------------------------------------------------------


def keystroke_queries(db: Path, titles: int, seed: int = 1) -> list[str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = [r[0] for r in con.execute("SELECT title FROM questions WHERE NOT is_deleted ORDER BY id")]
    con.close()
    chosen = random.Random(seed).sample(rows, min(titles, len(rows)))
    return [title[:i] for title in chosen for i in range(1, len(title) + 1)]


def replay(queries: list[str], clients: int, send: Callable[[requests.Session, str], None]) -> dict[str, Any]:
    """Each client types its share of the queries in order, one request at a time."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[BaseException] = []

    def client(n: int) -> None:
        session = requests.Session()
        try:
            for query in queries[n::clients]:
                started = time.perf_counter()
                send(session, query)
                latencies[n].append((time.perf_counter() - started) * 1000)
        except BaseException as error:  # reported after the threads join
            errors.append(error)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    elapsed = time.perf_counter() - started
    samples = [x for per_client in latencies for x in per_client]
    return {**percentiles(samples), "per_s": round(len(samples) / elapsed, 1)}


def measure_keystrokes(
    base: str, engine: SearchEngine, queries: list[str], clients: list[int]
) -> dict[str, Any]:
    from backend.searching.services import SearchQuery, engine_query

    search_url = f"{engine.url}/indexes/{engine.uid('threads')}/search"
    # Like the API's own client (search/client.py): a connection per request.
    headers = {
        "Authorization": f"Bearer {engine.api_key}",
        "Content-Type": "application/json",
        "Connection": "close",
    }

    def api(session: requests.Session, q: str) -> None:
        response = session.get(f"{base}/api/v1/search", params={"q": q})
        response.raise_for_status()
        assert response.json()["meta"]["degraded"] is False

    def direct(session: requests.Session, q: str) -> None:
        # Bytes, so headers and body leave in one packet (as requests does for json=).
        body = json.dumps(engine_query(SearchQuery(q=q.strip()))).encode()
        session.post(search_url, data=body, headers=headers).raise_for_status()

    results: dict[str, Any] = {}
    replay(queries[:200], 1, api)  # warm both paths up
    replay(queries[:200], 1, direct)
    for n in clients:
        for name, send in (("direct", direct), ("api", api)):
            result = replay(queries, n, send)
            results[f"{name}, {n} client{'s' if n > 1 else ''}"] = result
            print(
                f"  {name:6} {n} client(s): p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms"
                f"  p99 {result['p99_ms']:.1f} ms  {result['per_s']}/s  ({result['n']} queries)",
                flush=True,
            )
    return results


# -- 3. freshness -----------------------------------------------------------------------


class Person:
    def __init__(self, base: str, name: str) -> None:
        self.base, self.http = base, requests.Session()
        token = self.http.get(f"{base}/api/v1/auth/csrf").json()["csrf_token"]
        self.http.headers["X-CSRF-Token"] = token
        email = f"{name.lower()}-{secrets.token_hex(4)}@bench.example"
        self.post("/auth/register", {"email": email, "password": "bench password 1", "display_name": name})

    def post(self, path: str, body: Any = None) -> Any:
        response = self.http.post(f"{self.base}/api/v1{path}", json=body)
        if response.status_code >= 400:
            raise RuntimeError(f"{path}: {response.status_code} {response.text}")
        return response.json() if response.content else None


def found_resolved(http: requests.Session, base: str, marker: str, question_id: int) -> bool:
    answer = http.get(f"{base}/api/v1/search", params={"q": marker, "status": "resolved"}).json()
    return any(item["id"] == question_id for item in answer["items"])


@contextmanager
def search_worker(env: dict[str, str]) -> Iterator[None]:
    command = [sys.executable, "-m", "flask", "--app", "backend", "search", "worker"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure_freshness(base: str, env: dict[str, str], rounds: int) -> dict[str, Any]:
    asker, helper = Person(base, "Asker"), Person(base, "Helper")
    threads = []
    for n in range(rounds):
        marker = f"zq{secrets.token_hex(4)}"
        title = f"Freshness probe {marker} number {n}"
        body = "A question asked by the search benchmark."
        q = asker.post("/questions", {"title": title, "body": body, "tags": ["bench"]})
        a = helper.post(f"/questions/{q['id']}/answers", {"body": "An answer written by the benchmark."})
        threads.append((marker, q["id"], a["id"]))
    samples = []
    with search_worker(env):
        probe = requests.Session()
        deadline = time.monotonic() + 120
        while not all(
            probe.get(f"{base}/api/v1/search", params={"q": m, "status": "open"}).json()["meta"]["total"]
            for m, _, _ in threads[-1:]
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("the worker did not index the probe questions")
            time.sleep(0.1)
        for marker, question_id, answer_id in threads:
            asker.post(f"/answers/{answer_id}/accept")
            accepted = time.perf_counter()
            while not found_resolved(probe, base, marker, question_id):
                if time.perf_counter() - accepted > 30:
                    raise RuntimeError(f"question {question_id} not found as resolved after 30 s")
                time.sleep(0.01)
            samples.append((time.perf_counter() - accepted) * 1000)
    result = percentiles(samples)
    print(
        f"  freshness: p50 {result['p50_ms']:.0f} ms  p95 {result['p95_ms']:.0f} ms  ({len(samples)} accepts)"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="threads in the generated database")
    parser.add_argument("--titles", type=int, default=1000, help="titles whose every prefix is typed")
    parser.add_argument("--clients", default="1,4", help="concurrent typists, comma-separated")
    parser.add_argument("--freshness", type=int, default=50, help="accepts to time")
    parser.add_argument(
        "--parts", default="reindex,keystrokes,freshness", help="what to measure (the index is built anyway)"
    )
    parser.add_argument(
        "--database-url", default="",
        help="serve this database (the same rows, e.g. in PostgreSQL by bench.pg_copy) instead of a copy",
    )  # fmt: skip
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"command": " ".join(["python -m bench.search_bench", *(argv or sys.argv[1:])])}
    with scratch(args.size, "commonplace-search-bench-") as run:
        db, engine = run.db, run.engine
        parts = set(args.parts.split(","))
        print(f"== {args.size} threads: reindex", flush=True)
        database_url = args.database_url or f"sqlite:///{db}"
        reindexing = app_env(database_url, run.meili, run.instance, semantic=False)
        report["reindex"] = measure_reindex(reindexing, engine, compare="reindex" in parts)
        # Words only, as the index was built (encoding 100k threads would take most of an hour):
        # with the model on, every query would first ask for an embedder the index lacks.
        serving = app_env(database_url, run.meili, run.instance, semantic=False)
        with served(serving) as base:
            if "keystrokes" in parts:
                queries = keystroke_queries(db, args.titles)
                print(f"== keystrokes: {len(queries)} prefixes of {args.titles} titles", flush=True)
                clients = [int(c) for c in args.clients.split(",")]
                report["keystrokes"] = measure_keystrokes(base, engine, queries, clients)
            if "freshness" in parts:
                print("== freshness", flush=True)
                report["freshness"] = measure_freshness(base, serving, args.freshness)
    report["load_1m_after"] = os.getloadavg()[0]
    engine_name = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    (OUT / f"search-results-{args.size}-{engine_name}-{'-'.join(sorted(parts))}.json").write_text(
        json.dumps(report, indent=2)
    )
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
