from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.pagination import PageArgsSchema, PageMetaSchema
from backend.questions.schemas import AttributionSchema
from backend.users.schemas import AuthorSchema


class ReferenceArgsSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.List(fields.String(validate=validate.Length(min=1, max=35)), validate=validate.Length(max=5))


class ReferenceCardSchema(Schema):
    """A resolved thread condensed for reuse: the problem and the answer that solved it."""

    id = fields.Integer()
    title = fields.String()
    title_highlighted = fields.String()
    problem = fields.String(metadata={"description": "The question as plain text, shortened"})
    answer_html = fields.String(metadata={"description": "The accepted answer, sanitized HTML"})
    answered_by = fields.Nested(AuthorSchema, allow_none=True)
    tags = fields.List(fields.String())
    score = fields.Integer()
    answer_score = fields.Integer()
    helped_count = fields.Integer(metadata={"description": 'People the answer helped ("this helped me")'})
    answer_label = fields.String(
        allow_none=True,
        metadata={"description": "A soft label on the answer: needs-verification or outdated"},
    )
    answer_label_note = fields.String(allow_none=True)
    answer_count = fields.Integer()
    updated_at = fields.DateTime()
    url = fields.String()
    thread_url = fields.String()
    # Imported content must credit its source wherever it is shown.
    question_attribution = fields.Nested(AttributionSchema, allow_none=True)
    answer_attribution = fields.Nested(AttributionSchema, allow_none=True)


class ReferenceMetaSchema(PageMetaSchema):
    degraded = fields.Boolean()


class ReferencePageSchema(Schema):
    items = fields.List(fields.Nested(ReferenceCardSchema))
    meta = fields.Nested(ReferenceMetaSchema)
