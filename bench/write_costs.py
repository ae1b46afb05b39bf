"""How long a comment takes to post, alone, on the 100k bench database: with the app's
checkpointer thread (as the app runs), with SQLite's own checkpoints in the commit, and with
no checkpoint at all.

    python -m bench.write_costs [--size 100000] [--comments 350]

The app runs in process on a copy of bench/out/bench-<size>.db (rate limits off); a member
posts a comment on each of `--comments` random threads through the test client, after 50 not
timed. By SQLite's default (SQLITE_CHECKPOINT_SECONDS=0 here), every thousandth page written
to the WAL, the commit that writes it also copies the WAL into the database file
(wal_autocheckpoint): that one request waits for the copy. As the app runs, a thread copies it
every SQLITE_CHECKPOINT_SECONDS (backend/wal_checkpoints.py). The last pass turns every
checkpoint off, to show what is left without one.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import time
from typing import Any

from backend.database import stop_checkpoints
from bench.api_bench import OUT, database_for
from bench.reader_costs import USER_AGENT, _app, _remove

PASSES = (  # label, SQLITE_CHECKPOINT_SECONDS, whether the app's commits may checkpoint
    ("checkpointer thread (as the app runs)", "0.5", True),
    ("checkpoint in the commit (SQLite's)", "0", True),
    ("no checkpoint at all", "0", False),
)


def _timings(size: int, count: int, seconds: str, autocheckpoint: bool) -> list[float]:
    copy = OUT / f"write-costs-{size}.db"
    _remove(copy)
    shutil.copyfile(database_for(size, False), copy)
    os.environ["RATELIMIT_ENABLED"] = "0"
    os.environ["SQLITE_CHECKPOINT_SECONDS"] = seconds
    app = _app(copy)
    if not autocheckpoint:
        from sqlalchemy import event

        from backend.extensions import db

        with app.app_context():

            @event.listens_for(db.engine, "connect")
            def _no_checkpoints(dbapi_connection: Any, record: Any) -> None:
                dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

            db.engine.dispose()
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    member = {"email": f"w{random.randrange(10**9)}@example.org", "password": "writer-pass-123",
              "display_name": "Writer"}  # fmt: skip
    assert client.post("/api/v1/auth/register", json=member, headers=headers).status_code == 201
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as con:
        ids = [q for (q,) in con.execute(
            "SELECT id FROM questions WHERE NOT is_deleted AND hidden_at IS NULL ORDER BY random() LIMIT ?",
            (count + 50,),
        )]  # fmt: skip
    body = {"body": "Did the steps above work for you, in the end?"}
    times = []
    for n, question_id in enumerate(ids):
        started = time.perf_counter()
        made = client.post(f"/api/v1/questions/{question_id}/comments", json=body, headers=headers)
        assert made.status_code == 201, made.get_json()
        if n >= 50:
            times.append((time.perf_counter() - started) * 1000)
    stop_checkpoints(app)
    _remove(copy)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=350)
    args = parser.parse_args()
    for label, seconds, autocheckpoint in PASSES:
        times = sorted(_timings(args.size, args.comments, seconds, autocheckpoint))
        slowest = ", ".join(f"{t:.0f}" for t in times[-3:])
        p50, p99 = statistics.median(times), times[int(len(times) * 0.99)]
        print(f"{label:<38} p50 {p50:5.1f} ms, p99 {p99:6.1f} ms, slowest three {slowest} ms", end="")
        print(f" ({len(times)} comments)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
