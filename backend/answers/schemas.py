from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema
from backend.fields import Markdown
from backend.users.schemas import AuthorSchema


class AnswerCreateSchema(Schema):
    body = Markdown(required=True, min=20, max=30_000)


class AnswerUpdateSchema(AnswerCreateSchema):
    pass


class AcceptanceSchema(Schema):
    """The question's state after accepting or unaccepting."""

    question_id = fields.Integer(attribute="id")
    status = fields.String()
    accepted_answer_id = fields.Integer(allow_none=True)


class AnswerRevisionSchema(Schema):
    id = fields.Integer()
    body = fields.String(attribute="body_source")
    diff_html = fields.String(
        allow_none=True,
        metadata={
            "description": "HTML: the change from the revision before, word by word "
            "(escaped text, <del> and <ins>); null for the first revision"
        },
    )
    editor = fields.Nested(AuthorSchema, allow_none=True)
    created_at = fields.DateTime()


class AnswerRevisionListSchema(Schema):
    items = fields.List(fields.Nested(AnswerRevisionSchema))
