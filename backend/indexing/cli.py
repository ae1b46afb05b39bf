"""`flask search ...`: status, sync, worker, reindex."""

from __future__ import annotations

import contextlib
import signal
import sys

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select
from tqdm import tqdm

from backend.extensions import db
from backend.indexing.documents import all_documents
from backend.indexing.engine import search_engine
from backend.indexing.store import SqlOutboxStore, outbox_status
from backend.indexing.syntheses import published_ids
from backend.indexing.vectors import embedder_dimensions
from backend.models import Question, utcnow
from search.client import SearchEngine, SearchError, SearchUnavailable
from search.sync import LIVE_INDEX, Worker, drain, prepare_index, reindex, try_prepare

search_cli = AppGroup("search", help="The search index: status, sync, worker, reindex.")


def _engine() -> SearchEngine:
    engine = search_engine()
    if engine is None:
        raise click.ClickException("No search engine configured: set MEILI_URL and MEILI_MASTER_KEY.")
    return engine


@search_cli.command("status")
def status() -> None:
    """Backlog, age of the oldest pending change, last error, and the index's size."""
    state = outbox_status()
    age = f"{(utcnow() - state.oldest_pending).total_seconds():.1f}s" if state.oldest_pending else "-"
    click.echo(f"backlog: {state.backlog} pending ({state.failing} retrying), oldest pending: {age}")
    click.echo(f"last error: {state.last_error or '-'}")
    engine = search_engine()
    if engine is None:
        click.echo("engine: not configured (MEILI_URL)")
        return
    try:
        documents = engine.document_count(LIVE_INDEX) if engine.index_exists(LIVE_INDEX) else 0
        click.echo(f"engine: {engine.url} healthy, {documents} documents in {engine.uid(LIVE_INDEX)}")
    except (SearchUnavailable, SearchError) as error:
        click.echo(f"engine: {engine.url} unavailable ({error})")


@search_cli.command("sync")
def sync() -> None:
    """Send every pending change now and exit (the worker does this continuously)."""
    engine = _engine()
    try_prepare(lambda: prepare_index(engine, embedder_dimensions=embedder_dimensions()))
    result = drain(SqlOutboxStore(), engine, utcnow)
    click.echo(f"synced {result.rows} changes: {result.upserted} documents updated, {result.deleted} removed")
    if result.error:
        raise click.ClickException(f"sync stopped: {result.error}")


@search_cli.command("worker")
@click.option("--poll", default=0.1, show_default=True, help="Seconds between polls when idle.")
def worker(poll: float) -> None:
    """Keep the index in step with the database until stopped (SIGTERM / Ctrl-C)."""
    engine = _engine()
    runner = Worker(
        SqlOutboxStore(),
        engine,
        utcnow,
        poll_interval=poll,
        on_start=lambda: prepare_index(engine, embedder_dimensions=embedder_dimensions()),
    )
    signal.signal(signal.SIGTERM, lambda *_: runner.stop.set())
    click.echo(f"search worker: syncing to {engine.url} ({engine.uid(LIVE_INDEX)})", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        runner.run()


@search_cli.command("reindex")
def reindex_command() -> None:
    """Build a fresh index from the database and swap it in, with zero downtime."""
    reindex_now(_engine())


def reindex_now(engine: SearchEngine | None = None) -> None:
    """Build a fresh index and swap it in (the configured engine's; none: said, not an error)."""
    engine = engine or search_engine()
    if engine is None:
        click.echo("No search engine configured (MEILI_URL): nothing to reindex.")
        return
    store = SqlOutboxStore()
    mark = store.high_water_mark()
    total = db.session.scalar(select(func.count()).where(Question.is_deleted.is_(False))) or 0
    total += len(published_ids())
    db.session.rollback()
    with tqdm(total=total, unit="document", desc="reindex", file=sys.stderr) as bar:
        count = reindex(engine, all_documents(), embedder_dimensions(), on_batch=bar.update)
    # Changes made while the fresh index was being built were synced to the old one.
    replayed = store.replay_after(mark)
    click.echo(
        f"reindexed {count} documents (threads and syntheses) into {engine.uid(LIVE_INDEX)}; "
        f"{replayed} later changes queued again"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(search_cli)
