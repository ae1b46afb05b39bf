"""Bulk inserts (the importer's): the rows they store are the ones SQLAlchemy's executemany stores."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from backend.database import bulk_insert, insert_returning_ids
from backend.extensions import db
from backend.models import Question, QuestionStatus, Revision

# Whole seconds and fractions: SQLite keeps datetimes as text, and a value written without its
# ".000000" would sort and compare apart from the same moment written by the ORM.
MOMENTS = [datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC), datetime(2025, 7, 1, 8, 30, 0, 120_001, tzinfo=UTC)]


def _question(author_id: int, moment: datetime, status: QuestionStatus) -> dict:
    # The columns with plain defaults (thread version, deleted, anonymous) are left out.
    return {
        "title": f"Who signs off expenses over the limit? ({moment:%Y})",
        "body_source": "Asking for the **travel** budget.",
        "body_html": "<p>Asking for the <strong>travel</strong> budget.</p>",
        "author_id": author_id,
        "status": status,
        "score": 3,
        "answer_count": 0,
        "created_at": moment,
        "updated_at": moment,
        "last_activity_at": moment,
    }


def _stored(table, ids: list[int]) -> list[tuple]:
    """The rows as the driver reads them back (no type conversion), less their ids."""
    columns = [column for column in table.columns if column.name != "id"]
    query = select(*columns).where(table.c.id.in_(ids)).order_by(table.c.id)
    connection = db.session.connection()
    sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
    return [tuple(row) for row in connection.exec_driver_sql(sql)]


@pytest.mark.parametrize("moment", MOMENTS)
def test_bulk_rows_are_stored_as_the_orm_stores_them(app, member, moment):
    author = member.id
    rows = [_question(author, moment, QuestionStatus.OPEN), _question(author, moment, QuestionStatus.CLOSED)]
    table = Question.__table__
    with app.app_context():
        ours = insert_returning_ids(table, rows)
        theirs = list(
            db.session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        )
        assert len(ours) == len(set(ours)) == 2
        assert _stored(table, ours) == _stored(table, theirs)
        # The ids came back in the rows' order.
        assert [db.session.get(Question, id_).status for id_ in ours] == [
            QuestionStatus.OPEN,
            QuestionStatus.CLOSED,
        ]
        db.session.rollback()


def test_a_computed_default_left_out_is_refused_before_anything_is_written(app, member):
    asked = member.ask()
    revision = {
        "question_id": asked["id"],
        "editor_id": member.id,
        "title": "t",
        "body_source": "b",
        "tags": "",
    }
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Revision))
        with pytest.raises(ValueError, match=r"revisions\.created_at has a computed default"):
            bulk_insert(Revision.__table__, [revision])
        assert db.session.scalar(select(func.count()).select_from(Revision)) == before
        db.session.rollback()
