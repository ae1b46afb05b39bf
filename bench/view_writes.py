"""What writing a batch of views costs: the app's own batch write, timed, at each size.

    python -m bench.view_writes --sizes 10000,100000 --batch 1400 --batches 12

A worker counting a thousand or more random threads' views a second writes them once a
second in one transaction (backend/questions/views.py). Per size this copies
bench/out/bench-<size>.db (made by `python -m bench.api_bench` or `bench.generate`) to a
temporary file (SQLite's backup), so the counts in the benchmark databases stay as generated, then times
ViewCounter.flush on --batches batches of --batch random listed threads: the write and
its commit, checkpoints included when SQLite makes one.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.load import ROOT

OUT = ROOT / "bench" / "out"


def time_batches(db: Path, batch: int, batches: int, seed: int) -> list[float]:
    os.environ.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-bench-"))
    from backend import create_app
    from backend.questions.views import ViewCounter

    # VIEW_FLUSH_SECONDS=0: no writer thread of the app's own; the batches are written here.
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}", "VIEW_FLUSH_SECONDS": 0})
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ids = [row[0] for row in con.execute("SELECT id FROM questions WHERE NOT is_deleted")]
    con.close()
    rng = random.Random(seed)
    milliseconds = []
    with app.app_context():
        for _ in range(batches):
            counter = ViewCounter(app, 0)
            for question_id in rng.sample(ids, batch):
                counter.add(question_id)
            started = time.perf_counter()
            written = counter.flush()
            milliseconds.append((time.perf_counter() - started) * 1000)
            assert written == batch
    return milliseconds


def _copy(source: Path, target: Path) -> None:
    """A consistent copy (SQLite's backup), whatever the source's WAL still holds."""
    src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        src.close()
        dst.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.view_writes", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="question counts, comma-separated")
    parser.add_argument("--batch", type=int, default=1400, help="threads viewed per batch")
    parser.add_argument("--batches", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        source = OUT / f"bench-{size}.db"
        if not source.exists():
            parser.error(f"{source} is missing: run python -m bench.api_bench (or bench.generate) first")
        with tempfile.TemporaryDirectory(prefix="commonplace-views-") as scratch:
            copy = Path(scratch) / source.name
            _copy(source, copy)
            ms = time_batches(copy, args.batch, args.batches, args.seed)
        print(
            f"{size:>7} questions, {args.batch} views a batch: median {statistics.median(ms):.1f} ms,"
            f" min {min(ms):.1f}, max {max(ms):.1f} ({' '.join(f'{m:.1f}' for m in ms)})",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
