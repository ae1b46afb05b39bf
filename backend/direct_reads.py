"""Reads for the hottest read paths, run on a pooled DBAPI connection.

A signed-out reader's cached list page or thread needs one primary-key read (the content
version; a thread's view count), and a search needs its hits' rows. Through the ORM
session such a read cost more than the rest of the request: a session, its transaction
and BEGIN, SQLAlchemy's statement execution and result rows, the teardown. Here it is
one cursor call on SQL compiled once per dialect (and per length of each list parameter).

A read made while the request's session has a transaction on a connection runs on that
connection instead (still at the driver), so it sees the same snapshot and the
transaction's own writes. A read made before that (no transaction, or one that has not yet
touched the database, as adding the signed-in member to the session begins) sees the latest
committed data, so whatever the request reads afterwards is at least as new: a cache entry
stored under a version read this way never holds older content than that version.

A read outside a transaction runs on a connection kept for it, one per engine and thread, in
the driver's autocommit mode: taken from the pool on every read it cost a checkout and a
checkin, and on PostgreSQL a ping before (pool_pre_ping) and a ROLLBACK after, two round
trips beside the read's one. A kept connection the server dropped is replaced, and the read
tried again, once; disposing of the engine closes its kept connections.

Parameters go to the driver as they are and columns come back as the driver gives them
(on SQLite a datetime is text): select integers, text and flags, or make the read `typed`,
and each column comes back as its type gives it to the ORM (datetimes, enums, booleans).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import CompoundSelect, Select, event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.pool import PoolProxiedConnection

from backend.extensions import db

Row = tuple[Any, ...]
AnySelect = Select[*tuple[Any, ...]] | CompoundSelect
_ON_CONNECTION = "direct_reads.on_connection"
# Per engine: each thread's kept connection (by thread ident).
_KEPT: WeakKeyDictionary[Engine, dict[int, PoolProxiedConnection]] = WeakKeyDictionary()
_KEPT_LOCK = threading.Lock()
# A forked child's copies of its parent's kept connections: never used there, and never closed
# (closing one would end the parent's session with the server too).
_INHERITED: list[PoolProxiedConnection] = []


def _forget_after_fork() -> None:
    _INHERITED.extend(kept for per_thread in _KEPT.values() for kept in per_thread.values())
    _KEPT.clear()


os.register_at_fork(after_in_child=_forget_after_fork)


def _kept(engine: Engine) -> PoolProxiedConnection:
    thread = threading.get_ident()
    kept = _KEPT.get(engine, {}).get(thread)
    if kept is None:
        kept = engine.raw_connection()  # made by the pool: the engine's connect settings apply
        kept.detach()
        if engine.dialect.name == "postgresql":
            driver: Any = kept.dbapi_connection
            driver.rollback()  # the pool's ping began a transaction
            driver.autocommit = True
        with _KEPT_LOCK:
            _KEPT.setdefault(engine, {})[thread] = kept
    return kept


def _drop_kept(engine: Engine, thread: int | None = None) -> None:
    """Close a thread's kept connection to this engine's database (every thread's if None)."""
    with _KEPT_LOCK:
        per_thread = _KEPT.get(engine, {})
        threads = list(per_thread) if thread is None else [thread]
        dropped = [per_thread.pop(t) for t in threads if t in per_thread]
    for kept in dropped:
        with contextlib.suppress(Exception):  # already broken: nothing more to close
            kept.close()


@event.listens_for(Engine, "engine_disposed")
def _engine_disposed(engine: Engine) -> None:
    _drop_kept(engine)


@event.listens_for(Session, "after_begin")
def _began_on_connection(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    session.info[_ON_CONNECTION] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_ON_CONNECTION, None)


class _Shape:
    """The SQL for one dialect and one length of each list parameter."""

    def __init__(self, statement: AnySelect, dialect: Dialect, params: dict[str, Any], typed: bool) -> None:
        expanded = statement.compile(dialect=dialect).construct_expanded_state(params)
        self.sql = expanded.statement
        self.expansion = expanded.parameter_expansion
        given = {*params, *(name for names in self.expansion.values() for name in names)}
        self.literals = {name: value for name, value in expanded.parameters.items() if name not in given}
        self.order = tuple(expanded.positiontup) if expanded.positiontup is not None else None
        columns = statement.selected_columns if typed else ()
        self.processors: list[Callable[[Any], Any] | None] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]

    def row(self, found: Sequence[Any]) -> Row:
        if not self.processors:
            return tuple(found)
        pairs = zip(self.processors, found, strict=True)
        return tuple(value if process is None else process(value) for process, value in pairs)

    def values(self, params: dict[str, Any]) -> Any:
        values = dict(self.literals)
        for name, value in params.items():
            names = self.expansion.get(name)
            if names is None:
                values[name] = value
            else:
                values.update(zip(names, value, strict=True))
        return values if self.order is None else tuple(values[name] for name in self.order)


class DirectRead:
    """A SELECT (or a UNION of SELECTs) with named bind parameters given at each call (lists
    for expanding ones)."""

    def __init__(self, statement: AnySelect, typed: bool = False) -> None:
        self.statement = statement
        self.typed = typed
        self._shapes: dict[tuple[Any, ...], _Shape] = {}

    def first(self, **params: Any) -> Row | None:
        rows = self._run(params, one=True)
        return rows[0] if rows else None

    def all(self, **params: Any) -> list[Row]:
        return self._run(params, one=False)

    def _run(self, params: dict[str, Any], one: bool) -> list[Row]:
        session = db.session
        if session.registry.has() and session().info.get(_ON_CONNECTION):
            # The transaction's own connection, at the driver: its snapshot and its writes.
            connection = session.connection()
            return self._fetch(connection.connection.dbapi_connection, connection.dialect, params, one)
        engine = db.engine
        kept = _kept(engine)
        try:
            return self._fetch(kept.dbapi_connection, engine.dialect, params, one)
        except engine.dialect.loaded_dbapi.Error as error:
            if not engine.dialect.is_disconnect(error, kept.dbapi_connection, None):
                raise
            _drop_kept(engine, threading.get_ident())  # the server dropped it: once more, anew
            return self._fetch(_kept(engine).dbapi_connection, engine.dialect, params, one)

    def _fetch(self, dbapi_connection: Any, dialect: Dialect, params: dict[str, Any], one: bool) -> list[Row]:
        shape = self._shape(dialect, params)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(shape.sql, shape.values(params))
            found = [cursor.fetchone()] if one else cursor.fetchall()
        finally:
            cursor.close()
        return [shape.row(row) for row in found if row is not None]

    def _shape(self, dialect: Dialect, params: dict[str, Any]) -> _Shape:
        key = (dialect.name, *(len(v) for _, v in sorted(params.items()) if _is_list(v)))
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = _Shape(self.statement, dialect, params, self.typed)
        return shape


def _is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)
