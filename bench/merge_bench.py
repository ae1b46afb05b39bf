"""Merging the busiest community (plutus, 10,358 questions in the 100k corpus) into another
(wallet) through the API, on SQLite or PostgreSQL: how long the request takes, and that the
counts and the search outbox agree afterwards.

    python -m bench.merge_bench
    scripts/with-postgres sh -c 'python -m bench.merge_bench --database-url "$DATABASE_URL"'

The merge changes the database, so each run starts from a fresh copy of the health bench's
upgraded corpus (`python -m bench.health_bench` makes it), upgraded to the current schema;
for PostgreSQL its rows are copied into a fresh, migrated database first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.health_bench import OUT, _flask, copy_to_postgres, prepared_sqlite

SOURCE, TARGET = "plutus", "wallet"


def _copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def upgraded_base(corpus: Path) -> Path:
    """The corpus at the current schema (kept, and upgraded again when the schema moves)."""
    health = prepared_sqlite(corpus)
    base = OUT / "merge-base-100000.db"
    if not base.exists() or base.stat().st_mtime < health.stat().st_mtime:
        _copy(health, base)
    _flask(f"sqlite:///{base}", "db", "upgrade")
    return base


def fresh_sqlite(corpus: Path) -> Path:
    """A working copy of the corpus at the current schema, for the merge to change."""
    copy = OUT / "merge-100000.db"
    _copy(upgraded_base(corpus), copy)
    return copy


def measure(url: str, profile: bool = False) -> dict[str, Any]:
    os.environ.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-merge-bench-"))
    from backend import create_app
    from backend.extensions import db
    from backend.models import QuestionTag, Role, SearchOutbox, Tag, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        moderator = db.session.execute(sa.select(User).order_by(User.id).limit(1)).scalar_one()
        moderator.role = Role.MODERATOR
        db.session.commit()
        session_id = moderator.get_id()
        source, target = (
            db.session.execute(sa.select(Tag).where(Tag.name == n)).scalar_one() for n in (SOURCE, TARGET)
        )
        before = {
            "source_questions": _count(sa.select(sa.func.count()).where(QuestionTag.tag_id == source.id)),
            "target_questions": _count(sa.select(sa.func.count()).where(QuestionTag.tag_id == target.id)),
            "outbox": _count(sa.select(sa.func.count()).select_from(SearchOutbox)),
        }
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    timings: list[tuple[float, str]] = []
    if profile:
        with app.app_context():
            _time_statements(db.engine, timings)
    began = time.perf_counter()
    response = client.post(
        f"/api/v1/tags/{SOURCE}/merge", json={"into": TARGET}, headers={"X-CSRF-Token": csrf}
    )
    seconds = time.perf_counter() - began
    for took, statement in sorted(timings, reverse=True)[:12]:
        print(f"{took:7.3f} s  {statement[:160]}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    with app.app_context():
        after = {
            "target_questions": _count(sa.select(sa.func.count()).where(QuestionTag.tag_id == target.id)),
            "source_questions": _count(sa.select(sa.func.count()).where(QuestionTag.tag_id == source.id)),
            "outbox_added": _count(sa.select(sa.func.count()).select_from(SearchOutbox)) - before["outbox"],
        }
    assert after["source_questions"] == 0
    assert after["outbox_added"] == before["source_questions"] == body["moved"]
    return {"seconds": round(seconds, 2), "moved": body["moved"], "before": before, "after": after}


def _count(statement: sa.Select[int]) -> int:
    from backend.extensions import db

    return int(db.session.execute(statement).scalar_one())


def _time_statements(engine: sa.Engine, timings: list[tuple[float, str]]) -> None:
    @sa.event.listens_for(engine, "before_cursor_execute")
    def started(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        conn.info["began"] = time.perf_counter()

    @sa.event.listens_for(engine, "after_cursor_execute")
    def ended(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        timings.append((time.perf_counter() - conn.info.pop("began"), " ".join(statement.split())))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=OUT / "bench-100000.db")
    parser.add_argument("--database-url", help="a PostgreSQL database to copy the corpus into")
    parser.add_argument("--profile", action="store_true", help="print the slowest statements of the merge")
    args = parser.parse_args()
    if args.database_url:
        copy_to_postgres(upgraded_base(args.source), args.database_url)
        url, engine = args.database_url, "postgresql"
    else:
        url, engine = f"sqlite:///{fresh_sqlite(args.source)}", "sqlite"
    result = measure(url, args.profile)
    print(json.dumps(result, indent=2))
    (OUT / f"merge-results-{engine}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
