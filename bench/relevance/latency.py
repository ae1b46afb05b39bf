"""Cold load, memory and encode latency of the embedding runtimes, each in a fresh subprocess.

.venv/bin/python -m bench.relevance.latency            # all available runtimes
.venv/bin/python -m bench.relevance.latency onnx 1     # one: runtime, threads
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _child(runtime: str, threads: int) -> dict:
    os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(threads)
    import numpy as np

    from .dataset import load

    ds = load()
    texts = [f"{q.title}\n{q.body}" for q in ds.queries]
    titles = [q.title for q in ds.queries]
    base = _rss_mb()
    t0 = time.perf_counter()
    model: Any
    if runtime == "onnx":
        from search.embeddings import Embedder

        model = Embedder(threads=threads).load()
        tokenizer = model._tok
    else:
        from .numpy_minilm import NumpyMiniLM

        model = NumpyMiniLM()
        model.encode(["warm up"])
        tokenizer = model.tok
    load_s = time.perf_counter() - t0
    after_load = _rss_mb()

    def lat(items: list[str], rounds: int) -> dict:
        ts = []
        for _ in range(rounds):
            for t in items:
                s = time.perf_counter()
                model.encode([t])
                ts.append((time.perf_counter() - s) * 1000)
        a = np.array(ts)
        return {
            "p50_ms": float(np.percentile(a, 50)),
            "p95_ms": float(np.percentile(a, 95)),
            "max_ms": float(a.max()),
            "n": len(ts),
        }

    res = {
        "runtime": runtime,
        "threads": threads,
        "load_s": load_s,
        "rss_before_mb": base,
        "rss_after_load_mb": after_load,
        "title+body": lat(texts, 3),
        "title": lat(titles, 3),
    }
    toks = [len(tokenizer.encode(t)) for t in texts]
    res["tokens_title+body_p50_p95"] = [float(np.percentile(toks, 50)), float(np.percentile(toks, 95))]
    res["rss_peak_mb"] = _rss_mb()
    # import-only cost of the runtime itself (python + numpy + dataset is the baseline above)
    return res


def measure(runtime: str, threads: int) -> dict | None:
    cmd = [sys.executable, "-m", "bench.relevance.latency", "--child", runtime, str(threads)]
    t0 = time.perf_counter()
    p = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        why = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode
        print(f"  {runtime}: unavailable ({why})")
        return None
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["process_wall_s"] = wall
    return res


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        print(json.dumps(_child(argv[1], int(argv[2]))))
        return 0
    combos = [(argv[0], int(argv[1]))] if argv else [("onnx", 1), ("onnx", 2), ("numpy", 1), ("numpy", 2)]
    out = [r for r in (measure(rt, th) for rt, th in combos) if r]
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
