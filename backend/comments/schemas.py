from __future__ import annotations

from marshmallow import fields

from backend.dumping import Schema
from backend.fields import Markdown
from backend.questions.schemas import PostRevisionSchema


class CommentCreateSchema(Schema):
    body = Markdown(required=True, min=2, max=600)


class CommentRevisionsSchema(Schema):
    items = fields.List(fields.Nested(PostRevisionSchema), required=True)
