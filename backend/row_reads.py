"""One-row reads for the hottest read paths, on a pooled DBAPI connection.

A signed-out reader's cached list page or thread needs a single primary-key read (the
content version; a thread's view count). Through the ORM session that read cost more
than the rest of the request: a session, its transaction and BEGIN, SQLAlchemy's
statement execution and the teardown, about 40% of a cached page's CPU. Here it is one
cursor call on a statement compiled once per dialect.

A read made while the request's session has a transaction open joins that transaction
instead, so it sees the same snapshot and the transaction's own writes. A read made
before any transaction sees the latest committed data, so whatever the request reads
afterwards is at least as new: a cache entry stored under a version read this way never
holds older content than that version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect

from backend.extensions import db


class RowRead:
    """A SELECT of one row, with named bind parameters given at each call."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, dict[str, Any], tuple[str, ...] | None]] = {}

    def first(self, **params: Any) -> tuple[Any, ...] | None:
        session = db.session
        if session.registry.has() and session().in_transaction():
            row = session.connection().execute(self.statement, params).first()
            return None if row is None else tuple(row)
        engine = db.engine
        sql, defaults, order = self._compile(engine.dialect)
        values = {**defaults, **params}
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, values if order is None else tuple(values[name] for name in order))
            found = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()  # back to the pool, which ends any transaction the driver began
        return None if found is None else tuple(found)

    def _compile(self, dialect: Dialect) -> tuple[str, dict[str, Any], tuple[str, ...] | None]:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = self.statement.compile(dialect=dialect)
            order = tuple(statement.positiontup or ()) if dialect.positional else None
            # The statement's literal values; the named parameters come with each call.
            defaults = {
                name: bind.effective_value for bind, name in statement.bind_names.items() if not bind.required
            }
            compiled = (str(statement), defaults, order)
            self._compiled[dialect.name] = compiled
        return compiled
