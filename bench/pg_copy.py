"""A generated bench database copied into PostgreSQL, so the same benchmarks run there.

    scripts/with-postgres python -m bench.pg_copy --size 100000

The schema comes from the app's own migrations (`flask db upgrade` on DATABASE_URL), the rows
from the SQLite bench database (bench/out/bench-<size>.db, made as the API benchmark makes
it) by COPY, table by table in foreign-key order; then each id sequence is moved past the
largest id, and ANALYZE gives the planner its statistics (as autovacuum would, soon after a
bulk load).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Integer

from bench.api_bench import database_for


def _app(url: str) -> Any:
    os.environ.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-pg-copy-"))
    from backend import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})


def copy_to_postgres(source: Path, url: str) -> dict[str, int]:
    """Every row of the SQLite database at `source` into the (new) PostgreSQL database at
    `url`; returns the rows copied per table."""
    import flask_migrate

    from backend.extensions import db

    app = _app(url)
    copied: dict[str, int] = {}
    with app.app_context():
        flask_migrate.upgrade()
        tables = [table for table in db.metadata.sorted_tables if table.name != "alembic_version"]
        sqlite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        pooled = db.engine.raw_connection()
        pg: Any = pooled.driver_connection  # psycopg's own connection: its COPY support
        try:
            with pg.cursor() as cursor:
                # Foreign keys go in a circle (a question's accepted answer): the source's rows
                # are whole, so checks are off while copying (the bench cluster's superuser).
                cursor.execute("SET session_replication_role = replica")
                # Rows the migrations seeded (the content version) come again from the source.
                cursor.execute("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE")
                for table in tables:
                    columns = ", ".join(f'"{column.name}"' for column in table.columns)
                    rows = sqlite.execute(f'SELECT {columns} FROM "{table.name}"')
                    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                        count = 0
                        for row in rows:
                            copy.write_row(row)
                            count += 1
                    copied[table.name] = count
                for table in tables:
                    key = table.columns.get("id")
                    if key is not None and key.primary_key and isinstance(key.type, Integer):
                        cursor.execute(
                            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), max(id)) "
                            f'FROM "{table.name}" HAVING max(id) IS NOT NULL AND '
                            f"pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"
                        )
                cursor.execute("SET session_replication_role = DEFAULT")
            pg.commit()
            pg.autocommit = True
            with pg.cursor() as cursor:
                cursor.execute("ANALYZE")
        finally:
            pooled.close()
            sqlite.close()
        db.engine.dispose()
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_copy", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="questions in the generated database")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        parser.error("DATABASE_URL must name a PostgreSQL database (run under scripts/with-postgres)")
    started = time.monotonic()
    copied = copy_to_postgres(database_for(args.size, False), url)
    print(f"{sum(copied.values()):,} rows in {len(copied)} tables, {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
