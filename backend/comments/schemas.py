from __future__ import annotations

from backend.dumping import Schema
from backend.fields import Markdown


class CommentCreateSchema(Schema):
    body = Markdown(required=True, min=2, max=600)
