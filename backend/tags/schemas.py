from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.fields import VisibleText
from backend.pagination import PageArgsSchema
from backend.questions.schemas import QuestionSummarySchema


class TagListArgsSchema(PageArgsSchema):
    q = fields.String(validate=validate.Length(max=35))
    sort = fields.String(load_default="popular", validate=validate.OneOf(["popular", "name"]))


class TagSchema(Schema):
    name = fields.String()
    description = fields.String()
    question_count = fields.Integer()


class TagDetailSchema(TagSchema):
    resolved_count = fields.Integer()
    unanswered_count = fields.Integer()
    top_questions = fields.List(fields.Nested(QuestionSummarySchema))


class TagUpdateSchema(Schema):
    description = VisibleText(required=True, validate=validate.Length(max=1000))
