from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema


class VoteCreateSchema(Schema):
    value = fields.Integer(required=True, strict=True, validate=validate.OneOf([-1, 0, 1]))


class VoteResultSchema(Schema):
    score = fields.Integer()
    my_vote = fields.Integer()
