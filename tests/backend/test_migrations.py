import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from backend.extensions import db


def test_the_migrations_build_exactly_the_models_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


@pytest.mark.parametrize("app_config", [{"VIEW_FLUSH_SECONDS": 0}])  # views written as they happen
def test_upgrading_a_populated_database_keeps_every_row(app, people, anon):
    asker, helper, voter = people.member(), people.member(), people.member()
    q = asker.ask(tags=["onboarding"])
    a = helper.answer(q["id"])
    voter.vote("answers", a["id"], 1)
    asker.accept(a["id"])
    asker.post(f"/answers/{a['id']}/comments", {"body": "Thanks, that did it."})
    helper.get(f"/questions/{q['id']}"), voter.get(f"/questions/{q['id']}")
    before = anon.get(f"/questions/{q['id']}").get_json()
    assert before["view_count"] == 3
    with app.app_context():
        downgrade(revision="0001")
        upgrade()
        db.engine.dispose()
    after = anon.get(f"/questions/{q['id']}").get_json()
    assert after == before  # the same reader: no new view
    assert anon.get("/questions", tag="onboarding").get_json()["meta"]["total"] == 1


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
