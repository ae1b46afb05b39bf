from __future__ import annotations

from marshmallow import fields, validate

from backend.dumping import Schema
from backend.fields import MAX_ID


class ExpertArgsSchema(Schema):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class ExpertSchema(Schema):
    """A person who knows the topic: expertise = sum over their answers in it of
    (3 if accepted + max(score, 0)) x (2 if posted in the last 90 days else 1)."""

    id = fields.Integer()
    display_name = fields.String()
    reputation = fields.Integer()
    expertise = fields.Integer()
    accepted_answers = fields.Integer()
    upvotes = fields.Integer()
    answers = fields.Integer()
    invitation = fields.String(
        allow_none=True,
        metadata={
            "description": 'On a question\'s experts, for signed-in viewers: "invited" or "declined" '
            "if this person was invited to answer it"
        },
    )


class InvitationCreateSchema(Schema):
    user_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))


class InvitationSchema(Schema):
    question_id = fields.Integer()
    user_id = fields.Integer(attribute="invitee_id")
    created_at = fields.DateTime()
    declined_at = fields.DateTime(allow_none=True)
