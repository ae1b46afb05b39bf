from __future__ import annotations

from marshmallow import Schema, fields

from backend.questions.schemas import BODY


class AnswerCreateSchema(Schema):
    body = fields.String(required=True, validate=BODY)


class AnswerUpdateSchema(AnswerCreateSchema):
    pass


class AcceptanceSchema(Schema):
    """The question's state after accepting or unaccepting."""

    question_id = fields.Integer(attribute="id")
    status = fields.String()
    accepted_answer_id = fields.Integer(allow_none=True)
