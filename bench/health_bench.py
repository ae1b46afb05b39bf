"""Community health at 100k questions: GET /api/v1/community-health over a year, site-wide and
for the busiest community, on SQLite or PostgreSQL; and drafting every community's weekly
synthesis for one week.

    python -m bench.health_bench [--source bench/out/bench-100000.db] [--rounds 40]
    scripts/with-postgres sh -c 'python -m bench.health_bench --database-url "$DATABASE_URL"'

The bench corpus (`python -m bench.generate`) is upgraded to the current schema in a copy
(`bench/out/health-100000.db`; the migration counts each week's members from the rows, as
on a site that upgrades); for PostgreSQL its rows are copied into a fresh, migrated
database and counted there with `flask community-health rebuild`'s code. The corpus ends
on 2026-04-30, so the year shown ends with its last full week (`until=2026-W17`).

Requests go through the Flask test client (in-process, one moderator signed in), after
warm-up rounds; the same client's GET of a bare endpoint (`/api/v1/health`, no database)
is timed alongside for a ratio from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from tqdm import tqdm

from bench.search_bench import percentiles

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
UNTIL = "2026-W17"
DRAFT_WEEK = "2026-W17"
COPIED = ("users", "tags", "questions", "answers", "question_tags", "votes")
BATCH = 5_000


def prepared_sqlite(source: Path) -> Path:
    """A copy of the bench corpus, upgraded to the current schema (made once)."""
    target = OUT / f"health-{source.stem.removeprefix('bench-')}.db"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, target)
        began = time.monotonic()
        _flask(f"sqlite:///{target}", "db", "upgrade")
        print(f"upgraded {target.name} to the current schema in {time.monotonic() - began:.1f} s")
    return target


def _flask(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    env.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-health-bench-"))
    subprocess.run([sys.executable, "-m", "flask", "--app", "backend", *args], env=env, check=True)


def copy_to_postgres(sqlite_file: Path, url: str) -> None:
    """A fresh, migrated PostgreSQL database holding the corpus's rows, counted as the
    migration counts them."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    _flask(url, "db", "upgrade")
    source = sa.create_engine(f"sqlite:///{sqlite_file}")
    target = sa.create_engine(url)
    source_tables, target_tables = sa.MetaData(), sa.MetaData()
    source_tables.reflect(source, only=COPIED)
    target_tables.reflect(target, only=COPIED)
    with source.connect() as reading, target.begin() as writing:
        writing.execute(sa.text("SET session_replication_role = replica"))  # no FK checks while loading
        for name in COPIED:
            columns = [c.name for c in target_tables.tables[name].columns]
            total = reading.scalar(sa.text(f"SELECT count(*) FROM {name}"))
            rows = reading.execute(sa.select(*(source_tables.tables[name].c[c] for c in columns)))
            with tqdm(total=total, desc=f"copy {name}", unit="row") as bar:
                while batch := rows.fetchmany(BATCH):
                    writing.execute(
                        target_tables.tables[name].insert(),
                        [dict(zip(columns, r, strict=True)) for r in batch],
                    )
                    bar.update(len(batch))
    source.dispose()
    with target.begin() as conn:
        conn.execute(sa.text("ANALYZE"))
    target.dispose()
    began = time.monotonic()
    _flask(url, "community-health", "rebuild")
    print(f"counted the weeks on PostgreSQL in {time.monotonic() - began:.1f} s")
    # As autovacuum leaves a settled database: statistics, and the visibility map that lets
    # PostgreSQL answer from an index alone.
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def measure(url: str, rounds: int, parts: list[str]) -> dict[str, Any]:
    os.environ.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-health-bench-"))
    from backend import create_app
    from backend.extensions import db
    from backend.models import Role, Tag, User
    from backend.synthesis import drafting

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        moderator = db.session.execute(sa.select(User).order_by(User.id).limit(1)).scalar_one()
        moderator.role = Role.MODERATOR
        db.session.commit()
        session_id = moderator.get_id()
        busiest = db.session.scalar(sa.select(Tag.name).order_by(Tag.question_count.desc()).limit(1))
        counts = {
            "questions": db.session.scalar(sa.text("SELECT count(*) FROM questions")),
            "member_weeks": db.session.scalar(sa.text("SELECT count(*) FROM member_weeks")),
        }
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    cases = {
        "site, 52 weeks": f"/api/v1/community-health?weeks=52&until={UNTIL}",
        f"tag {busiest}, 52 weeks": f"/api/v1/community-health?weeks=52&until={UNTIL}&tag={busiest}",
        "site, 12 weeks": f"/api/v1/community-health?weeks=12&until={UNTIL}",
        "site, 4 weeks": f"/api/v1/community-health?weeks=4&until={UNTIL}",
        "bare: GET /api/v1/health": "/api/v1/health",
    }
    results: dict[str, Any] = {"counts": counts, "busiest_tag": busiest}
    for name, path in cases.items() if "health" in parts else ():
        for _ in range(5):
            assert client.get(path).status_code == 200, path
        samples = []
        for _ in range(rounds):
            began = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        results[name] = percentiles(samples)
        print(f"{name}: p50 {results[name]['p50_ms']:.1f} ms, p95 {results[name]['p95_ms']:.1f} ms")
    with app.app_context():
        if "draft" not in parts:
            return results
        began = time.perf_counter()
        made = drafting.draft_all(DRAFT_WEEK)
        elapsed = time.perf_counter() - began
        db.session.rollback()  # measured, not kept: the next run drafts the same week again
        results["draft_all"] = {"week": DRAFT_WEEK, "drafts": made, "seconds": round(elapsed, 2)}
        print(f"drafting every community's synthesis of {DRAFT_WEEK}: {made} drafts in {elapsed:.2f} s")
        db.engine.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=OUT / "bench-100000.db")
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL: copy the corpus there and measure it"
    )
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument(
        "--copied", action="store_true", help="the PostgreSQL database holds the corpus already"
    )
    parser.add_argument("--part", choices=["health", "draft"], action="append", help="default: both")
    args = parser.parse_args(argv)
    sqlite_file = prepared_sqlite(args.source.resolve())
    url = f"sqlite:///{sqlite_file}"
    if args.database_url and not args.copied:
        copy_to_postgres(sqlite_file, args.database_url)
        url = args.database_url
    results = measure(url, args.rounds, args.part or ["health", "draft"])
    engine = "postgresql" if args.database_url else "sqlite"
    (OUT / f"health-results-{engine}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
