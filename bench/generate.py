"""Generate a benchmark database: the app's migrations, then bulk rows from recombined real posts.

    python -m bench.generate --questions 100000 --answers 300000 --votes 1000000 --db bench/out/x.db

The schema comes from the project's Alembic migrations (the same DDL production runs);
the rows go in with SQLAlchemy Core executemany in large batches, not through the ORM
or the API, and every counter is checked against the rows afterwards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from tqdm import tqdm

from bench.corpus import load_corpus
from bench.dataset import COLUMNS, Dataset, build

BATCH = 20_000
INSERT_ORDER = ("users", "tags", "questions", "question_views", "answers", "question_tags", "votes")


def _fresh_app(db_path: Path) -> Any:
    """The real app on db_path; its instance folder goes to a temp dir, not the checkout."""
    os.environ.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-bench-"))
    from backend import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "RATELIMIT_ENABLED": False})


def migrate(db_path: Path) -> None:
    import flask_migrate

    from backend.extensions import db

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    app = _fresh_app(db_path)
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


def render_threads(db_path: Path) -> None:
    """Store every thread as signed-out readers see it (`flask threads render`, as after a bulk
    import: the rows above are written beside the app, not through it). Quick when all are stored."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"}
    env.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-bench-"))
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "backend", "threads", "render"], env=env, check=True
    )


def load(db_path: Path, ds: Dataset) -> None:
    """Insert every row in one transaction, tables reflected from the migrated schema."""
    engine = sa.create_engine(f"sqlite:///{db_path}")

    @sa.event.listens_for(engine, "connect")
    def bulk_pragmas(dbapi_connection: Any, _record: Any) -> None:
        # A fresh file we can regenerate: no journal, no fsync, a big page cache.
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    metadata = sa.MetaData()
    metadata.reflect(engine, only=INSERT_ORDER)
    with engine.begin() as conn:
        for name in INSERT_ORDER:
            rows, keys, table = getattr(ds, name), COLUMNS[name], metadata.tables[name]
            with tqdm(total=len(rows), desc=f"insert {name}", unit="row") as bar:
                for start in range(0, len(rows), BATCH):
                    batch = rows[start : start + BATCH]
                    conn.execute(table.insert(), [dict(zip(keys, row, strict=True)) for row in batch])
                    bar.update(len(batch))
    with engine.connect() as conn:
        # Back to what the app expects (WAL is a property of the file).
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    engine.dispose()


CHECKS = {
    "question scores = sum of votes": """
        SELECT count(*) FROM questions q
        WHERE q.score != (SELECT coalesce(sum(v.value), 0) FROM votes v WHERE v.question_id = q.id)""",
    "answer scores = sum of votes": """
        SELECT count(*) FROM answers a
        WHERE a.score != (SELECT coalesce(sum(v.value), 0) FROM votes v WHERE v.answer_id = a.id)""",
    "answer counts": """
        SELECT count(*) FROM questions q WHERE q.answer_count !=
            (SELECT count(*) FROM answers a WHERE a.question_id = q.id AND NOT a.is_deleted)""",
    "tag question counts": """
        SELECT count(*) FROM tags t WHERE t.question_count !=
            (SELECT count(*) FROM question_tags qt WHERE qt.tag_id = t.id AND NOT qt.is_deleted)""",
    "question_tags sort keys = the question's": """
        SELECT count(*) FROM question_tags qt JOIN questions q ON q.id = qt.question_id
        WHERE qt.is_deleted IS NOT q.is_deleted OR qt.status != q.status
           OR qt.created_at != q.created_at OR qt.last_activity_at != q.last_activity_at
           OR qt.score != q.score OR qt.answer_count != q.answer_count""",
    "accepted answers belong to their question, status resolved": """
        SELECT count(*) FROM questions q LEFT JOIN answers a ON a.id = q.accepted_answer_id
        WHERE (q.accepted_answer_id IS NOT NULL AND (a.question_id IS NOT q.id OR q.status != 'resolved'))
           OR (q.accepted_answer_id IS NULL AND q.status = 'resolved')""",
    "votes on one's own post": """
        SELECT count(*) FROM votes v
        LEFT JOIN questions q ON q.id = v.question_id LEFT JOIN answers a ON a.id = v.answer_id
        WHERE v.user_id = coalesce(q.author_id, a.author_id)""",
    "tag names valid": """
        SELECT count(*) FROM tags WHERE length(name) NOT BETWEEN 1 AND 35 OR name != lower(name)
            OR name GLOB '*[^a-z0-9+#.-]*'""",
}


def verify(db_path: Path) -> bool:
    """Check every counter against the rows, reputation with the app's own recompute logic."""
    from sqlalchemy import select, text

    from backend.extensions import db
    from backend.models import User
    from backend.reputation.services import expected_reputation

    app = _fresh_app(db_path)
    ok = True
    with app.app_context():
        expected = expected_reputation()
        differ = sum(
            1
            for user_id, current in db.session.execute(select(User.id, User.reputation))
            if expected.get(user_id, 0) != current
        )
        print(f"check reputation (backend.reputation.services.expected_reputation): "
              f"{differ} reputations differ from the rules.")  # fmt: skip
        ok &= differ == 0
        for name, sql in CHECKS.items():
            bad = db.session.scalar(text(sql))
            print(f"check {name}: {'ok' if not bad else f'{bad} rows WRONG'}")
            ok &= not bad
        fk = db.session.execute(text("PRAGMA foreign_key_check")).all()
        print(f"check foreign keys: {'ok' if not fk else f'{len(fk)} violations'}")
        ok &= not fk
        db.session.rollback()
        db.engine.dispose()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=300_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--db", type=Path, required=True, help="SQLite file to create (replaced if present)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    db_path = args.db.resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)

    began = time.monotonic()
    corpus = load_corpus()
    print(f"corpus: {len(corpus.questions)} questions, {len(corpus.bodies)} distinct bodies sanitized, "
          f"{len(corpus.tag_names)} tags, sites {', '.join(sorted(corpus.sites))}")  # fmt: skip
    ds = build(corpus, args.questions, args.answers, args.votes, args.users, args.seed)
    migrate(db_path)
    load(db_path, ds)
    render_threads(db_path)
    top = max(ds.tags, key=lambda t: t[3])
    print(f"wrote {db_path} ({db_path.stat().st_size / 1e6:.0f} MB) in {time.monotonic() - began:.0f}s: "
          f"{len(ds.users)} users, {len(ds.tags)} tags, {len(ds.questions)} questions, "
          f"{len(ds.question_tags)} question_tags, {len(ds.answers)} answers, {len(ds.votes)} votes; "
          f"most popular tag {top[1]!r} ({top[3]} questions)")  # fmt: skip
    ok = verify(db_path)
    print("consistency: OK" if ok else "consistency: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
