"""The compiled dump gives exactly marshmallow's output, field type by field type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import marshmallow
import pytest
from marshmallow import fields, post_dump
from marshmallow.utils import get_value

from backend.dumping import Schema
from backend.presented import Presented
from backend.questions.schemas import QuestionSchema, QuestionSummarySchema
from backend.questions.thread_rows import Record


class Inner(Schema):
    id = fields.Integer()
    name = fields.String(data_key="display")


class Outer(Schema):
    id = fields.Integer()
    count = fields.Integer(as_string=True)
    title = fields.String()
    raw = fields.String(attribute="source")
    flag = fields.Boolean()
    at = fields.DateTime()
    day = fields.DateTime(format="%Y-%m-%d")
    inner = fields.Nested(Inner, allow_none=True)
    inners = fields.List(fields.Nested(Inner))
    many_inner = fields.Nested(Inner, many=True)
    only_inner = fields.Nested(Inner, only=("id",))
    words = fields.List(fields.String())
    computed = fields.Function(lambda obj: f"#{get_value(obj, 'id', None)}")
    fallback = fields.Integer(dump_default=7)
    anything = fields.Raw()
    mapping = fields.Dict(keys=fields.String(), values=fields.Integer())
    nested_mapping = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String()))
    plain_mapping = fields.Dict()


class DottedPath(Schema):
    id = fields.Integer()
    name = fields.String(attribute="inner.name")


class Hooked(Schema):
    id = fields.Integer()

    @post_dump
    def tag(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {**data, "hooked": True}


class Plain:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


AT = dt.datetime(2026, 11, 22, 8, 30, 5, 123456)
FULL = {
    "id": 3, "count": 4, "title": "A title", "source": "*md*", "flag": True, "at": AT, "day": AT,
    "inner": {"id": 1, "name": "Ada"}, "inners": [{"id": 2, "name": "Bo"}, Plain(id=5, name="Cy")],
    "many_inner": [{"id": 9, "name": "Di"}], "only_inner": {"id": 4, "name": "hidden"},
    "words": ["a", 1], "anything": {"x": [1]}, "mapping": {"a": 1, 2: Decimal("3")}, "fallback": 2,
    "nested_mapping": {"tags": {"a": 1}}, "plain_mapping": {"k": [1]},
}  # fmt: skip
CASES = [
    pytest.param(FULL, id="dict"),
    pytest.param(Record(FULL), id="record"),
    pytest.param(Presented(Plain(**FULL), title="Shown", flag=0), id="presented"),
    pytest.param({"id": Decimal("12"), "flag": 1, "title": 5, "inner": None, "inners": None}, id="coerced"),
    pytest.param(
        {"flag": "maybe", "at": None, "words": None, "source": None, "mapping": None}, id="nulls and truthy"
    ),
    pytest.param({}, id="everything missing"),
    pytest.param(Plain(id=1), id="attributes missing"),
]


@pytest.mark.parametrize("obj", CASES)
def test_the_compiled_dump_matches_marshmallow(obj: Any) -> None:
    schema = Outer()
    # repr: the same keys in the same order, and the same types (12 == 12.0, but not in JSON).
    assert repr(schema.dump(obj)) == repr(marshmallow.Schema.dump(schema, obj))


def test_many_and_none_match_marshmallow() -> None:
    rows = [FULL, Record(FULL), {}]
    many = Outer(many=True)
    assert repr(many.dump(rows)) == repr(marshmallow.Schema.dump(many, rows))
    assert repr(Outer().dump(rows, many=True)) == repr(marshmallow.Schema.dump(Outer(), rows, many=True))
    assert repr(many.dump(None)) == repr(marshmallow.Schema.dump(many, None))


def test_hooks_and_dotted_paths_keep_marshmallows_dump() -> None:
    assert Hooked().dump({"id": 1}) == {"id": 1, "hooked": True}
    assert Hooked(many=True).dump([{"id": 1}]) == [{"id": 1, "hooked": True}]
    assert DottedPath().dump({"id": 1, "inner": {"name": "Ada"}}) == {"id": 1, "name": "Ada"}


def test_the_thread_schemas_dump_a_question_like_marshmallow() -> None:
    author = Record(id=7, display_name="Ada", reputation=15)
    comment = Record(
        id=1, body_source="c", body_html="<p>c</p>", author=None, question_id=3, answer_id=None,
        created_at=AT, hidden_at=None,
    )  # fmt: skip
    answer = Record(
        id=2, question_id=3, body_source="a", body_html="<p>a</p>", author=author, score=-1,
        helped_count=0, created_at=AT, updated_at=AT, hidden_at=AT, label="outdated",
        label_note="Old", attribution=Record(site="beer", url="u", author_name="x", licence="CC"),
    )  # fmt: skip
    question = Presented(
        Record(
            id=3, title="How do I?", tags=["a", "b"], is_anonymous=True, status="open", score=2,
            answer_count=1, accepted_answer_id=None, created_at=AT, last_activity_at=AT,
            attribution=None, hidden_at=None, duplicate_of_id=None, locked_at=AT, view_count=4,
            body_source="q", body_html="<p>q</p>", updated_at=AT,
        ),
        author=None, my_vote=None, can_edit=False,
        comments=[Presented(comment, can_delete=False)],
        answers=[Presented(answer, is_accepted=False, my_vote=1, helped_by_me=None, can_edit=True,
                           can_accept=False, comments=[])],
    )  # fmt: skip
    for schema in (QuestionSchema(), QuestionSummarySchema()):
        assert repr(schema.dump(question)) == repr(marshmallow.Schema.dump(schema, question))
