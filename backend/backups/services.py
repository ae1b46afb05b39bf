"""Making and restoring a backup: SQLite through its online backup API (a consistent copy
while the site serves), PostgreSQL through pg_dump's custom format and pg_restore. A restore
goes only into an empty database: it never mixes two sites' rows."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import URL

from backend.errors import Conflict, Invalid
from backend.extensions import db

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables the migrations give their one row: an empty site has them.
MIGRATION_ROWS = frozenset({"listing_version", "members_version", "site_settings_version"})
PGDUMP_MAGIC = b"PGDMP"


def create_backup(engine: Engine, path: Path) -> None:
    """Write the whole database to `path` (refused when it exists)."""
    if path.exists():
        raise Conflict(f"{path} exists: choose a new file for the backup.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        with closing(_sqlite(engine.url)) as source, closing(sqlite3.connect(path)) as copy:
            source.backup(copy)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path)], engine.url)


def restore_backup(engine: Engine, path: Path) -> None:
    """Bring `path` (made by create_backup on the same engine) into this empty database."""
    kind = _kind(path)
    if kind != engine.dialect.name:
        raise Invalid(
            f"{path} is a {kind} backup and this database is {engine.dialect.name}: a backup restores "
            "on its own engine (to move between engines, export and import: `flask export stackexchange`)."
        )
    if rows := _rows_held(engine):
        raise Conflict(f"This database is not empty ({rows}): a backup restores only into an empty one.")
    engine.dispose()  # nothing of ours holds the database while it is replaced
    if kind == "sqlite":
        with closing(sqlite3.connect(path)) as backup, closing(_sqlite(engine.url)) as target:
            backup.backup(target)
    else:
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
             "--dbname", _libpq_url(engine.url), str(path)],
            engine.url, dbname_given=True,
        )  # fmt: skip


def _kind(path: Path) -> str:
    if not path.is_file():
        raise Invalid(f"{path} is not a file.")
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise Invalid(f"{path} is not a backup made by `flask backup create`.")


def _rows_held(engine: Engine) -> str:
    """Which of the app's tables hold rows ('' when none does)."""
    existing = set(inspect(engine).get_table_names())
    held = []
    with engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in MIGRATION_ROWS or table.name not in existing:
                continue
            if conn.scalar(select(func.count()).select_from(table)):
                held.append(table.name)
    return ", ".join(held[:5]) + (" ..." if len(held) > 5 else "")


def _sqlite(url: URL) -> sqlite3.Connection:
    return sqlite3.connect(str(url.database))


def _libpq_url(url: URL) -> str:
    """The URL as libpq reads it: no driver name, no password (that goes in PGPASSWORD)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], url: URL, dbname_given: bool = False) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise Invalid(f"{command[0]} is not installed: it comes with the PostgreSQL client tools.")
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    arguments = command[1:] if dbname_given else [*command[1:], "--dbname", _libpq_url(url)]
    done = subprocess.run([tool, *arguments], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise Invalid(f"{command[0]} failed: {done.stderr.strip()[:2000]}")
