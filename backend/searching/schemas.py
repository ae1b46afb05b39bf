from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.fields import SingleLine
from backend.pagination import MAX_PER_PAGE, PageArgsSchema, PageMetaSchema
from backend.questions.schemas import AttributionSchema
from search.documents import KINDS as DOCUMENT_KINDS

STATUSES = ["resolved", "open", "all"]
KINDS = ["all", *DOCUMENT_KINDS]


class SearchArgsSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.List(fields.String(validate=validate.Length(min=1, max=35)), validate=validate.Length(max=5))
    status = fields.String(validate=validate.OneOf(STATUSES))
    kind = fields.String(
        load_default="all",
        validate=validate.OneOf(KINDS),
        metadata={"description": "thread: questions only; synthesis: published weekly syntheses only"},
    )
    sort = fields.String(load_default="relevance", validate=validate.OneOf(["relevance", "newest", "votes"]))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class SearchHitSchema(Schema):
    kind = fields.String(validate=validate.OneOf(DOCUMENT_KINDS))
    id = fields.Integer(metadata={"description": "the thread's id, or the synthesis's"})
    title = fields.String()
    title_highlighted = fields.String(metadata={"description": "HTML: escaped text with <mark> tags"})
    snippet_highlighted = fields.String(metadata={"description": "HTML: escaped text with <mark> tags"})
    tags = fields.List(fields.String())
    status = fields.String(allow_none=True, metadata={"description": "a thread's; null for a synthesis"})
    week = fields.String(metadata={"description": "a synthesis's ISO week"})
    score = fields.Integer()
    answer_count = fields.Integer()
    accepted_answer_snippet = fields.String(
        allow_none=True,
        metadata={"description": "HTML: escaped text with <mark> tags; a resolved thread's accepted answer"},
    )
    url = fields.String()
    attribution = fields.Nested(AttributionSchema, allow_none=True)


class SearchMetaSchema(PageMetaSchema):
    processing_ms = fields.Integer()
    degraded = fields.Boolean()
    matched_by = fields.String(
        validate=validate.OneOf(["words", "meaning"]),
        metadata={
            "description": "words: search as you type; meaning: a query of three words or more, "
            "matched as a question is, only the threads close to it"
        },
    )


class SearchPageSchema(Schema):
    items = fields.List(fields.Nested(SearchHitSchema))
    meta = fields.Nested(SearchMetaSchema)
    facets = fields.Dict(
        keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer())
    )


class SimilarArgsSchema(Schema):
    title = SingleLine(required=True, validate=validate.Length(max=200))
    body = fields.String(load_default="", validate=validate.Length(max=30_000))
    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=20))


class SimilarQuestionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    title_highlighted = fields.String()
    status = fields.String()
    score = fields.Integer()
    answer_count = fields.Integer()
    url = fields.String()


class SimilarListSchema(Schema):
    items = fields.List(fields.Nested(SimilarQuestionSchema))
