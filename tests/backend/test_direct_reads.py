"""One-row reads outside the ORM session: what they see, and when they join the request's transaction."""

import pytest
from sqlalchemy import bindparam, create_engine, select, text, update

from backend.direct_reads import DirectRead
from backend.extensions import db
from backend.models import ListingVersion, Question

VERSION = DirectRead(select(ListingVersion.version).where(ListingVersion.id == 1))
TITLE = DirectRead(select(Question.title, Question.answer_count).where(Question.id == bindparam("qid")))


def test_named_parameters_and_literals_are_bound(app, member):
    asked = member.ask(title="Where do I find the holiday calendar?")
    with app.app_context():
        assert TITLE.first(qid=asked["id"]) == ("Where do I find the holiday calendar?", 0)
        assert TITLE.first(qid=asked["id"] + 1) is None
        assert VERSION.first() is not None


def test_a_read_outside_a_transaction_sees_the_latest_commit(app, member):
    with app.app_context():
        (before,) = VERSION.first()
    member.ask()  # another request's write bumps the content version
    with app.app_context():
        assert VERSION.first() == (before + 1,)


def test_a_read_inside_a_transaction_joins_it(app):
    with app.app_context():
        (before,) = VERSION.first()
        db.session.execute(update(ListingVersion).values(version=ListingVersion.version + 5))
        assert VERSION.first() == (before + 5,)  # sees its own uncommitted write
        db.session.rollback()
        assert VERSION.first() == (before,)


def test_a_read_survives_the_server_dropping_its_connection(app, member, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a database file has no server to drop a connection (SQLite)")
    asked = member.ask(title="Where do I find the holiday calendar?")
    with app.app_context():
        assert TITLE.first(qid=asked["id"]) is not None  # the kept connection is made
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        dropped = connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    assert dropped >= 1
    with app.app_context():
        assert TITLE.first(qid=asked["id"]) == ("Where do I find the holiday calendar?", 0)
