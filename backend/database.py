"""Engine set-up: SQLite pragmas and transaction start, so concurrent writers wait instead of failing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask
from sqlalchemy import Column, MetaData, Table, event, func, select, text
from sqlalchemy.engine import Connection, Engine

from backend import wal_checkpoints
from backend.extensions import db
from backend.methods import reads_only

# How long a writer waits for another writer's lock before giving up (seconds).
SQLITE_BUSY_TIMEOUT = 30
# Read the database file through a memory map (up to this many bytes; SQLite caps it at its
# build's limit, 2 GiB by default): a page outside a connection's small page cache is then read
# from the operating system's file cache without a system call and a copy. At 100k threads a
# read of one random row went from 56-69 us to 7 us.
SQLITE_MMAP_SIZE = 2**31
# The page cache of a bulk write (see bulk_write_settings).
SQLITE_BULK_CACHE_KIB = 1024 * 1024


_reading: ContextVar[bool] = ContextVar("reading", default=False)


@contextmanager
def read_only() -> Iterator[None]:
    """Transactions begun inside only read: on SQLite they must not take the write lock."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def bulk_write_settings() -> Iterator[None]:
    """The session's connection set up to write in bulk, for the block.

    SQLite: a page cache of up to SQLITE_BULK_CACHE_KIB, taken only as pages are used. A bulk
    write's tables and indexes outgrow SQLite's default cache (2 MB) at once: for the rest of
    the transaction its pages go out to the log and are read back again and again. Importing
    the 100k-question bench dump took 11 s less with it, its writing a fifth less CPU.

    PostgreSQL: long texts compressed with lz4 instead of pglz, where the server has it, until
    the transaction ends. A post's body is stored three times (its source, its HTML and its
    first revision); compressing them with pglz was 9 s of the server's 60 s of CPU in the
    same import. Values stay readable whatever the setting is later.
    """
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        choices = connection.exec_driver_sql(
            "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
        ).scalar()
        if choices and "lz4" in choices:
            connection.exec_driver_sql("SET LOCAL default_toast_compression = 'lz4'")
        yield
        return
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        # Pooled connections go back to the size every other one has.
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


@contextmanager
def temporary_table(bind: Connection, name: str, *columns: Column) -> Iterator[Table]:
    """A table of the connection's own for the block, for rows a bulk write reads more than
    once or joins against. Dropped after the block; if the block fails, the transaction's
    rollback undoes its creation (PostgreSQL cannot run anything more before it)."""
    table = Table(name, MetaData(), *columns, prefixes=["TEMPORARY"])
    table.create(bind)
    yield table
    table.drop(bind)


def session_writes() -> bool:
    """Whether the session's transactions are writes (outside a read-only request): they take
    SQLite's write lock at BEGIN, so a write beside one on another connection waits for it."""
    if _reading.get():
        return False
    return not reads_only()


def _configure_sqlite(engine: Engine, checkpointer: wal_checkpoints.WalCheckpointer | None) -> None:
    # With a checkpointer the app's commits no longer copy the log into the file (SQLite's
    # default, at 1,000 pages), but for a backstop.
    autocheckpoint = 1000 if checkpointer is None else wal_checkpoints.SQLITE_BACKSTOP_PAGES

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself: pysqlite's own
        # implicit transactions start too late for the write lock to be taken up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_SIZE}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={autocheckpoint}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once (SQLITE_BUSY)
        # when another writer committed in between; BEGIN IMMEDIATE takes the write lock
        # first and waits its turn. Reads stay deferred, so they never block.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if session_writes() else "BEGIN")

    if checkpointer is not None:

        @event.listens_for(engine, "commit")
        def on_commit(connection: Any) -> None:
            checkpointer.nudge()


def init_app(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        # A database file never drops a connection: a ping before each checkout is a wasted query.
        options["pool_pre_ping"] = False
        options.setdefault("connect_args", {})["timeout"] = SQLITE_BUSY_TIMEOUT
        options["connect_args"]["check_same_thread"] = False
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            path = db.engine.url.database
            seconds = float(app.config["SQLITE_CHECKPOINT_SECONDS"])
            checkpointer = None
            if path and path != ":memory:" and not path.startswith("file:") and seconds > 0:
                checkpointer = wal_checkpoints.for_database(path, seconds)
                app.extensions["wal_checkpointer"] = checkpointer
            _configure_sqlite(db.engine, checkpointer)


def stop_checkpoints(app: Flask) -> None:
    """Stop the app's WAL checkpointer thread (before dropping an app in a running process)."""
    checkpointer = app.extensions.get("wal_checkpointer")
    if checkpointer is not None:
        checkpointer.stop()


def serialize_on(name: str) -> None:
    """Make transactions that name the same thing run one after another (until this one ends):
    a PostgreSQL advisory lock. On SQLite every writing transaction already holds the write
    lock from its BEGIN IMMEDIATE, so there is nothing to add."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})


def insert_for_upsert(table: Any, bind: Any = None) -> Any:
    """The dialect's INSERT (the session's unless given), which has ON CONFLICT on SQLite and
    PostgreSQL alike."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = (bind or db.session.get_bind()).dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def bulk_insert(table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys (in the session's transaction), as
    `session.execute(insert(table), rows)` would: the columns' scalar defaults for keys left
    out, each value converted by its column's type, one executemany.

    SQLAlchemy converts an executemany's values row by row through its general machinery:
    17 s of the writer's time in importing the 100k-question bench dump on SQLite. Here each
    column's conversion is looked up once and the rows go to the driver as tuples.
    """
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    given = list(rows[0])
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"{table.name}.{column.name} has a computed default: give it in every row")
        defaults[column.name] = column.default.arg  # type: ignore[attr-defined]
    names = given + list(defaults)
    convert = {name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names}
    # The defaults are the same in every row: converted once.
    fixed = tuple(
        value if convert[name] is None else convert[name](value)  # type: ignore[misc]
        for name, value in defaults.items()
    )
    steps = [(name, convert[name]) for name in given]
    values = [
        tuple(row[name] if step is None else step(row[name]) for name, step in steps) + fixed for row in rows
    ]
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)})"
        f" VALUES ({', '.join(marker for _ in names)})"
    )
    connection.exec_driver_sql(sql, values)


def insert_returning_ids(table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert the rows (in the session's transaction); their new ids, in the rows' order.

    Neither engine's batched INSERT ... RETURNING serves a bulk import. SQLite's, whose rows
    must come back in order, runs a statement per row (100 us each, a fifth of a 100k-post
    import); on PostgreSQL SQLAlchemy sends each 1,000 rows as one statement with a placeholder
    per value, too long for psycopg's cache of converted queries, so psycopg parsed it again
    for every batch: 36 s of the 100k-question import. So on SQLite the rows go in as one
    executemany and their ids are read back: the transaction holds SQLite's write lock from
    its BEGIN IMMEDIATE (or its first insert) to its end, and each new row takes the highest
    id yet, so they are the table's last len(rows) ids. On PostgreSQL the ids are drawn from
    the table's sequence first, as its default would draw them, and the rows go in with them
    as one executemany (one prepared statement, pipelined).
    """
    if not rows:
        return []
    if db.session.get_bind().dialect.name == "sqlite":
        bulk_insert(table, rows)
        newest = select(table.c.id).order_by(table.c.id.desc()).limit(len(rows))
        return list(reversed(db.session.scalars(newest).all()))
    sequence = db.session.scalar(select(func.pg_get_serial_sequence(table.name, table.c.id.name)))
    drawn = select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
    ids = sorted(db.session.scalars(drawn))
    bulk_insert(table, [{**row, "id": id_} for row, id_ in zip(rows, ids, strict=True)])
    return ids
