"""Page arguments and the list envelope {"items": [...], "meta": {page, per_page, total}}."""

from __future__ import annotations

from functools import cache
from typing import Any

from marshmallow import fields, validate

from backend.dumping import Schema

MAX_PER_PAGE = 100


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class PageMetaSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The list envelope for one item schema (one class per item schema, for OpenAPI)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return type(
        name,
        (Schema,),
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "meta": fields.Nested(PageMetaSchema, required=True),
        },
    )


def page(items: Any, page: int, per_page: int, total: int) -> dict[str, Any]:
    return {"items": items, "meta": {"page": page, "per_page": per_page, "total": total}}
