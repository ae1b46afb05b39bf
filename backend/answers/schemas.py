from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema
from backend.fields import Markdown


class AnswerCreateSchema(Schema):
    body = Markdown(required=True, min=20, max=30_000)


class AnswerUpdateSchema(AnswerCreateSchema):
    pass


class AcceptanceSchema(Schema):
    """The question's state after accepting or unaccepting."""

    question_id = fields.Integer(attribute="id")
    status = fields.String()
    accepted_answer_id = fields.Integer(allow_none=True)
