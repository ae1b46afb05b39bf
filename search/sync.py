"""Outbox -> Meilisearch, with retries; and a full reindex that swaps a fresh index in.

The outbox rows only say *which* documents (threads, published syntheses) changed. Each
batch rebuilds those documents from the database at send time, so the order of rows and
duplicates do not matter, and a row is marked done only after Meilisearch reports its task
succeeded.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from search.client import SearchEngine, SearchError, SearchUnavailable
from search.settings import index_settings

log = logging.getLogger(__name__)

LIVE_INDEX = "threads"
REBUILD_INDEX = "threads_rebuild"
MAX_BACKOFF = timedelta(minutes=5)


@dataclass(frozen=True)
class PendingRow:
    id: int
    # A thread's id, or a synthesis's prefixed one (search.documents.synthesis_document_id).
    document_id: int | str
    attempts: int


@dataclass(frozen=True)
class Built:
    """Documents for what exists and may be found, and the ids that must leave the index."""

    documents: list[dict[str, Any]]
    gone: list[int | str]


class OutboxStore(Protocol):
    """The database side of the sync; each method runs and commits its own short transaction."""

    def pending(self, limit: int) -> list[PendingRow]: ...

    def build(self, document_ids: Sequence[int | str]) -> Built: ...

    def mark_done(self, row_ids: Sequence[int]) -> None: ...

    def mark_failed(
        self, rows: Sequence[PendingRow], error: str, retry_at: Callable[[int], datetime]
    ) -> None: ...

    def has_waiting(self) -> bool:
        """Whether rows that failed are waiting out their back-off."""
        ...

    def release_waiting(self) -> int:
        """Make every waiting row available now; how many were."""
        ...


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: 1 s, 2 s, 4 s ... capped at 5 minutes."""
    return min(timedelta(seconds=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class SyncResult:
    rows: int = 0
    upserted: int = 0
    deleted: int = 0
    error: str | None = None


def prepare_index(
    engine: SearchEngine, name: str = LIVE_INDEX, embedder_dimensions: int | None = None
) -> None:
    """Create the index if needed and apply the settings (a no-op when they are current)."""
    engine.create_index(name)
    engine.apply_settings(name, index_settings(embedder_dimensions))


def push(engine: SearchEngine, built: Built, name: str = LIVE_INDEX) -> None:
    if built.documents:
        engine.put_documents(name, built.documents)
    if built.gone:
        engine.delete_documents(name, built.gone)


def sync_once(
    store: OutboxStore, engine: SearchEngine, now: Callable[[], datetime], batch: int = 500
) -> SyncResult:
    """Send one batch of pending changes; failures are recorded on the rows and retried later."""
    rows = store.pending(batch)
    if not rows:
        return SyncResult()
    document_ids = list(dict.fromkeys(row.document_id for row in rows))
    try:
        built = store.build(document_ids)
        push(engine, built)
    except (SearchUnavailable, SearchError) as error:
        store.mark_failed(rows, str(error), lambda attempts: now() + backoff(attempts))
        log.warning("search sync failed for %d documents: %s", len(document_ids), error)
        return SyncResult(rows=len(rows), error=str(error))
    store.mark_done([row.id for row in rows])
    return SyncResult(rows=len(rows), upserted=len(built.documents), deleted=len(built.gone))


def drain(
    store: OutboxStore, engine: SearchEngine, now: Callable[[], datetime], batch: int = 500
) -> SyncResult:
    """Sync until nothing is pending (or a batch fails)."""
    total = SyncResult()
    while True:
        result = sync_once(store, engine, now, batch)
        total.rows += result.rows
        total.upserted += result.upserted
        total.deleted += result.deleted
        if result.error:
            total.error = result.error
            return total
        if not result.rows:
            return total


@dataclass
class Worker:
    """Runs the sync until stopped: polls often, so a change is searchable within a second.

    Rows that failed back off (up to 5 minutes); once the engine answers again, by a batch
    that succeeds or by its health check (probed every probe_interval while rows wait), the
    waiting rows are released at once: a backlog drains seconds after Meilisearch is back,
    not when its longest back-off runs out.
    """

    store: OutboxStore
    engine: SearchEngine
    now: Callable[[], datetime]
    poll_interval: float = 0.1
    probe_interval: float = 1.0
    stop: threading.Event = field(default_factory=threading.Event)
    on_start: Callable[[], None] | None = None

    def run(self) -> None:
        prepared = self.on_start is None
        last_probe = 0.0
        while not self.stop.is_set():
            if not prepared:
                prepared = try_prepare(self.on_start)  # type: ignore[arg-type]
            # Even with the engine down, try the batch: the failure is then recorded on the
            # rows (attempts, back-off, last error) where `flask search status` shows it.
            result = sync_once(self.store, self.engine, self.now)
            if result.error:
                self.stop.wait(1.0)
                continue
            if result.rows:
                if self.store.has_waiting():
                    self._release_waiting()
                continue
            if time.monotonic() - last_probe >= self.probe_interval:
                last_probe = time.monotonic()
                if self.store.has_waiting() and self.engine.is_healthy():
                    self._release_waiting()
            self.stop.wait(self.poll_interval)

    def _release_waiting(self) -> None:
        released = self.store.release_waiting()
        log.warning("search engine answers again: %d waiting changes released", released)


def try_prepare(prepare: Callable[[], None]) -> bool:
    try:
        prepare()
        return True
    except (SearchUnavailable, SearchError) as error:
        log.warning("search engine not ready: %s", error)
        return False


def reindex(
    engine: SearchEngine,
    batches: Iterable[list[dict[str, Any]]],
    embedder_dimensions: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Build a fresh index from every document, then swap it in: search answers throughout."""
    engine.delete_index(REBUILD_INDEX)
    prepare_index(engine, REBUILD_INDEX, embedder_dimensions)
    engine.create_index(LIVE_INDEX)
    count = 0
    tasks = []
    for documents in batches:
        if documents:
            tasks.append(engine.put_documents(REBUILD_INDEX, documents, wait=False))
            count += len(documents)
        if on_batch:
            on_batch(len(documents))
    # Meilisearch indexes enqueued batches in order; waiting for the last covers them all,
    # but each is checked so a failed batch is not swapped in silently.
    for task in tasks:
        engine.wait(task, timeout=3600)
    engine.swap(LIVE_INDEX, REBUILD_INDEX)
    engine.delete_index(REBUILD_INDEX)
    return count
