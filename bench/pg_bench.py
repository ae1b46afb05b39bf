"""The core API and search benchmarks on PostgreSQL, and throughput by number of processes.

    scripts/with-postgres python -m bench.pg_bench --size 100000

On the database DATABASE_URL names (scripts/with-postgres makes a throwaway cluster):

1. the generated bench database's rows are copied in (bench.pg_copy);
2. the API benchmark's requests, as bench.api_bench measures them on SQLite (lists, the
   thread signed out and signed in), against the bare-Flask ceiling;
3. scaling: the ceiling and three requests with 1, 2 and 4 gunicorn workers, one PostgreSQL;
4. search as you type (bench.search_bench's keystrokes), the index built from PostgreSQL.

Results: bench/out/pg-results-<size>.json and pg-summary.md, and the search benchmark's file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from bench import search_bench
from bench.api_bench import OUT, database_for, run_size
from bench.pg_copy import copy_to_postgres
from bench.report import ceiling, ratios, summary_markdown

# DB-bound, per-viewer and memory-served: a thread no worker has cached, the same signed in,
# and a cached list page.
SCALED = ("detail, uncached", "detail, uncached, signed in", "list newest p1")


def scaling_table(runs: dict[int, dict[str, Any]]) -> str:
    lines = [
        "| workers | bare req/s | " + " | ".join(f"{name} req/s (÷ bare)" for name in SCALED) + " |",
        "|---:|---:|" + "---:|" * len(SCALED),
    ]
    for workers, endpoints in runs.items():
        bare = ceiling(endpoints)
        cells = [
            f"{endpoints[name]['requests_per_s']:.0f} ({endpoints[name]['requests_per_s'] / bare:.2f})"
            for name in SCALED
        ]
        lines.append(f"| {workers} | {bare:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per endpoint")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", default="1,2,4", help="gunicorn workers for the scaling run")
    parser.add_argument("--titles", type=int, default=200, help="titles typed for the search benchmark")
    parser.add_argument("--parts", default="api,scaling,search")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        parser.error("DATABASE_URL must name a PostgreSQL database (run under scripts/with-postgres)")
    parts = set(args.parts.split(","))
    load = argparse.Namespace(**vars(args), rounds=1, regenerate=False, only=[])
    OUT.mkdir(parents=True, exist_ok=True)
    command = " ".join(["python -m bench.pg_bench", *(argv or sys.argv[1:])])
    began = time.monotonic()

    started = time.monotonic()
    copied = copy_to_postgres(database_for(args.size, False), url)
    print(f"== copied {sum(copied.values()):,} rows into PostgreSQL in {time.monotonic() - started:.0f} s")
    results: dict[str, Any] = {"command": command, "copied_rows": sum(copied.values())}
    summary = [f"Command: `scripts/with-postgres {command}`", ""]

    if "api" in parts:
        report = {**run_size(args.size, load, 1, database_url=url), "rounds": 1, "command": command}
        results["api"] = report
        summary.append(summary_markdown([report], ratios([report]), command))
    if "scaling" in parts:
        by_workers: dict[int, dict[str, Any]] = {}
        for workers in (int(w) for w in args.workers.split(",")):
            only = argparse.Namespace(**{**vars(load), "only": list(SCALED)})
            run = run_size(args.size, only, 1, database_url=url, workers=workers)
            by_workers[workers] = {
                name: r for name, r in run["endpoints"].items() if name.startswith("bare") or name in SCALED
            }
        results["scaling"] = {str(w): endpoints for w, endpoints in by_workers.items()}
        summary += ["#### Throughput by gunicorn workers, one PostgreSQL", "", scaling_table(by_workers), ""]
    (OUT / f"pg-results-{args.size}.json").write_text(json.dumps(results, indent=2))
    (OUT / "pg-summary.md").write_text("\n".join(summary))
    print("\n".join(summary), flush=True)
    if "search" in parts:
        search_bench.main(["--size", str(args.size), "--titles", str(args.titles), "--clients", "1,4",
                           "--parts", "keystrokes", "--database-url", url])  # fmt: skip
    print(f"done in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
