"""`flask backup create` on a populated site, `flask backup restore` into an empty database
elsewhere (SQLite, or PostgreSQL with pg_dump and pg_restore): every table's rows come back,
the search index is rebuilt from them, and a database with a site in it is never restored over."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from backend import create_app
from backend.extensions import db
from search.server import MeiliServer
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient, People


def every_row(url: str) -> dict[str, list[tuple]]:
    """Each table's rows, in primary-key order (alembic_version included)."""
    engine = create_engine(url)
    found = {}
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
        assert "alembic_version" in names
        found["alembic_version"] = [
            tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))
        ]
    engine.dispose()
    return found


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another database on the same engine, migrated and empty, as a fresh install has it."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored.db'}"
        admin = None
    else:
        name = f"restored_{uuid.uuid4().hex[:10]}"
        admin = create_engine(make_url(database_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
    close_app(app)
    yield url
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


def populate(people: People) -> dict:
    asker, helper, voter = people.member("Ana"), people.member("Bo"), people.member("Cy")
    question = asker.ask(
        title="How do I export the quarterly timesheets to the payroll tool?",
        body="The export button is grey for my team since the last update.",
        tags=["payroll", "timesheets"],
    )
    asker.ask(title="Who approves overtime on weekend shifts?", anonymous=True)
    answer = helper.answer(question["id"], "Ask your manager to grant the *exporter* role, then reload.")
    assert voter.vote("answers", answer["id"], 1).status_code == 200
    asker.accept(answer["id"])
    comment = voter.post(f"/answers/{answer['id']}/comments", {"body": "Worked for us too, thanks Bo!"})
    assert comment.status_code == 201, comment.get_json()
    return question


def cli(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=list(args))


def test_a_backup_restores_into_an_empty_database_with_every_row(
    app: Flask, people: People, database_url: str, empty_database: str, tmp_path: Path,
    meili: MeiliServer, index_prefix: str, sync,
) -> None:  # fmt: skip
    question = populate(people)
    sync()
    backup = tmp_path / "backups" / "site.backup"
    made = cli(app, "backup", "create", str(backup))
    assert made.exit_code == 0, made.output
    before = every_row(database_url)
    assert before["questions"] and before["comments"] and before["votes"]

    # Restored elsewhere: a fresh install with its own search index.
    restored_config = {
        "SQLALCHEMY_DATABASE_URI": empty_database,
        "MEILI_URL": meili.url,
        "MEILI_MASTER_KEY": meili.master_key,
        "MEILI_INDEX_PREFIX": f"{index_prefix}restored_",
    }
    restored = create_app({**TEST_CONFIG, **restored_config})
    try:
        done = cli(restored, "backup", "restore", str(backup))
        assert done.exit_code == 0, done.output
        assert "reindexed" in done.output
        assert every_row(empty_database) == before
        reader = ApiClient(restored)
        found = reader.get("/search", q="quarterly timesheets").get_json()
        assert [item["id"] for item in found["items"]] == [question["id"]]
        assert found["meta"]["degraded"] is False
        thread = reader.get(f"/questions/{question['id']}").get_json()
        assert thread["status"] == "resolved" and thread["answers"][0]["score"] == 1
    finally:
        close_app(restored)
        from search.client import SearchEngine
        from search.sync import LIVE_INDEX

        SearchEngine(meili.url, meili.master_key, f"{index_prefix}restored_").delete_index(LIVE_INDEX)


def test_a_restore_over_a_site_is_refused_and_changes_nothing(
    app: Flask, people: People, database_url: str, tmp_path: Path
) -> None:
    populate(people)
    backup = tmp_path / "site.backup"
    assert cli(app, "backup", "create", str(backup)).exit_code == 0
    people.member().ask(title="Where do I find the holiday calendar for 2027?")
    before = every_row(database_url)
    refused = cli(app, "backup", "restore", str(backup))
    assert refused.exit_code != 0
    assert "not empty" in refused.output
    assert every_row(database_url) == before


def test_a_backup_never_overwrites_a_file_and_a_restore_needs_a_backup(
    app: Flask, empty_database: str, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.backup"
    taken.write_text("someone else's file")
    refused = cli(app, "backup", "create", str(taken))
    assert refused.exit_code != 0 and "exists" in refused.output
    assert taken.read_text() == "someone else's file"
    restored = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database})
    try:
        wrong = cli(restored, "backup", "restore", str(taken))
        assert wrong.exit_code != 0 and "not a backup" in wrong.output
    finally:
        close_app(restored)
