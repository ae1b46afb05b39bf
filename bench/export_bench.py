"""Exporting the 100k-question bench corpus as a Stack Exchange dump, then importing that
dump into an empty site: each timed as the commands people run.

    python -m bench.export_bench
    scripts/with-postgres sh -c 'python -m bench.export_bench --database-url "$DATABASE_URL"'

The corpus is the merge bench's copy at the current schema (`python -m bench.merge_bench`
makes it). The import goes into a fresh, migrated database: a SQLite file, or the given
PostgreSQL database emptied first.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.health_bench import OUT

BASE = OUT / "merge-base-100000.db"


def _flask(url: str, *args: str) -> tuple[float, str]:
    env = {**os.environ, "DATABASE_URL": url}
    env.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-export-bench-"))
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "backend", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.monotonic() - began, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        count = int(conn.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)
    engine.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="an empty PostgreSQL database to import into")
    args = parser.parse_args()
    if not BASE.exists():
        raise SystemExit(f"{BASE} is missing: run `python -m bench.merge_bench` first.")
    source = f"sqlite:///{BASE}"
    folder = Path(tempfile.mkdtemp(prefix="commonplace-export-")) / "dump"
    results: dict[str, Any] = {"questions": _count(source, "questions"), "answers": _count(source, "answers")}
    seconds, said = _flask(source, "export", "stackexchange", str(folder))
    results["export_seconds"] = round(seconds, 1)
    results["export_said"] = said
    results["dump_megabytes"] = round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1)

    if args.database_url:
        target, engine_name = args.database_url, "postgresql"
        engine = sa.create_engine(target)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    else:
        target_file = OUT / "reimported-100000.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target_file}{suffix}").unlink(missing_ok=True)
        target, engine_name = f"sqlite:///{target_file}", "sqlite"
    _flask(target, "db", "upgrade")
    seconds, said = _flask(target, "import", "stackexchange", str(folder), "--site", "company")
    results["import_seconds"] = round(seconds, 1)
    results["import_said"] = said
    results["reimported"] = {"questions": _count(target, "questions"), "answers": _count(target, "answers")}
    print(json.dumps(results, indent=2))
    (OUT / f"export-results-{engine_name}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
