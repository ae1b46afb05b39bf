"""Several search sync workers on one PostgreSQL outbox: three real `flask search worker`
processes drain 5,000 changes made while they run, each claiming its own batches, and the
index ends equal to the database, document by document. SQLite keeps one worker: the same
test runs it alone there."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select, update

from backend.extensions import db
from backend.indexing.outbox import thread_changed
from backend.indexing.store import CLAIM_LEASE, SqlOutboxStore
from backend.models import Question, Role, SearchOutbox, User, utcnow
from backend.questions.services import ask_question
from search.client import SearchEngine
from search.server import MeiliServer
from search.sync import LIVE_INDEX

ROOT = Path(__file__).resolve().parents[2]
THREADS = 1000
CHANGES = 5000


def ask_threads(app: Flask) -> list[int]:
    with app.app_context():
        author = User(email="seed@example.com", display_name="Seeder", password_hash="!", role=Role.MODERATOR)
        db.session.add(author)
        db.session.flush()
        ids = [
            ask_question(
                author,
                f"Where do I find the floor plan for building {n}?",
                f"Building {n} moved its printers and the old plan is gone.",
                ["facilities"],
                False,
            ).id
            for n in range(THREADS)
        ]
        db.session.commit()
    return ids


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_workers_drain_5000_changes_and_the_index_equals_the_database(
    app: Flask, database_url: str, meili: MeiliServer, index_prefix: str, engine: SearchEngine, tmp_path: Path
) -> None:
    app.config["SEMANTIC_SEARCH"] = False
    ids = ask_threads(app)
    count = 3 if database_url.startswith("postgresql") else 1
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": index_prefix,
        "SEMANTIC_SEARCH": "0",
        "COMMONPLACE_INSTANCE": str(tmp_path / "workers"),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "backend", "search", "worker", "--poll", "0.05"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]
    try:
        rng = random.Random(7)
        with app.app_context():
            for n in range(CHANGES):
                thread_id = rng.choice(ids)
                db.session.execute(
                    update(Question)
                    .where(Question.id == thread_id)
                    .values(title=f"Floor plan of building {thread_id}, change {n}", score=n)
                )
                thread_changed(thread_id)
                if n % 25 == 24:
                    db.session.commit()  # as many small writes arrive while the workers run
            db.session.commit()

            def drained() -> bool:
                pending = db.session.scalar(
                    select(func.count()).select_from(SearchOutbox).where(SearchOutbox.processed_at.is_(None))
                )
                db.session.rollback()
                return pending == 0

            wait_for(drained, 300, "the workers to drain the outbox")
            claims = db.session.scalars(select(SearchOutbox.claim)).all()
            expected = {
                qid: (title, score)
                for qid, title, score in db.session.execute(
                    select(Question.id, Question.title, Question.score)
                )
            }
        assert all(claim for claim in claims), "every change was sent by a worker's batch"
        pids = {claim.split(":")[1] for claim in claims}
        assert pids == {str(worker.pid) for worker in workers}, "every worker took batches"
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    def settled() -> bool:
        uid = engine.uid(LIVE_INDEX)
        tasks = engine.request("GET", f"/tasks?statuses=enqueued,processing&indexUids={uid}")
        return int(tasks["total"]) == 0

    wait_for(settled, 120, "Meilisearch to apply every update")
    wrong = []
    for qid, (title, score) in expected.items():
        document = engine.get_document(LIVE_INDEX, qid)
        if document is None or document["title"] != title or document["score"] != score:
            wrong.append((qid, title, document and document["title"]))
    assert not wrong, f"{len(wrong)} documents differ from the database, e.g. {wrong[:3]}"


def test_a_document_is_in_one_live_batch_at_a_time_and_a_dead_workers_batch_is_taken_over(
    app: Flask, people
) -> None:  # type: ignore[no-untyped-def]
    asker = people.member()
    first, second = asker.ask()["id"], asker.ask()["id"]
    with app.app_context():
        one, other = SqlOutboxStore(), SqlOutboxStore()
        taken = one.pending(10)
        assert {row.document_id for row in taken} == {first, second}
        # While the first worker sends them, a thread changes again: the other worker leaves
        # it (its state would be sent, and applied, before or after the first's at random).
        thread_changed(first)
        db.session.commit()
        assert other.pending(10) == []
        one.mark_done([row.id for row in taken])
        [later] = other.pending(10)
        assert later.document_id == first
        # That worker dies mid-batch: once its claim is older than the lease, another takes over.
        db.session.execute(
            update(SearchOutbox)
            .where(SearchOutbox.id == later.id)
            .values(claimed_at=utcnow() - CLAIM_LEASE - timedelta(seconds=1))
        )
        db.session.commit()
        assert [row.id for row in one.pending(10)] == [later.id]
