from __future__ import annotations

from textwrap import shorten

from marshmallow import fields, validate

from backend.content import plain_text
from backend.dumping import Schema
from backend.fields import Markdown, SingleLine
from backend.pagination import PageArgsSchema
from backend.questions.schemas import QuestionSummarySchema

EXCERPT_CHARS = 200
# A description must show something: invisible characters alone are not one.
DESCRIPTION = {"min": 1, "max": 5000}


class TagListArgsSchema(PageArgsSchema):
    q = fields.String(validate=validate.Length(max=35))
    sort = fields.String(load_default="popular", validate=validate.OneOf(["popular", "name"]))


class TagSchema(Schema):
    name = fields.String()
    description = fields.String(metadata={"description": "Markdown, as typed"})
    description_html = fields.String(metadata={"description": "The description as sanitized HTML"})
    excerpt = fields.Function(
        lambda tag: (
            shorten(plain_text(tag.description_html), EXCERPT_CHARS, placeholder=" …")
            if tag.description_html
            else ""
        ),
        metadata={"description": "The description's start as plain text, for lists"},
    )
    question_count = fields.Integer()


class TagDetailSchema(TagSchema):
    resolved_count = fields.Integer()
    unanswered_count = fields.Integer()
    synonyms = fields.List(fields.String(), metadata={"description": "Other names that lead here"})
    top_questions = fields.List(fields.Nested(QuestionSummarySchema))


class TagCreateSchema(Schema):
    name = SingleLine(required=True, validate=validate.Length(min=1, max=35))
    description = Markdown(load_default="", **DESCRIPTION)


class TagUpdateSchema(Schema):
    description = Markdown(required=True, **DESCRIPTION)


class TagMergeSchema(Schema):
    into = SingleLine(required=True, validate=validate.Length(min=1, max=35))


class TagRenameSchema(Schema):
    name = SingleLine(required=True, validate=validate.Length(min=1, max=35))


class TagMergedSchema(Schema):
    tag = fields.Nested(TagSchema, metadata={"description": "The tag merged into"})
    moved = fields.Integer(metadata={"description": "Questions that moved"})


class SynonymSchema(Schema):
    synonym = fields.String(attribute="name")
    tag = fields.Function(lambda row: row.main_name, metadata={"description": "The main tag"})
