from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from backend import weeks
from backend.community_health.services import SPANS
from backend.dumping import Schema


def _a_week(value: str) -> None:
    try:
        weeks.parse(value)
    except weeks.BadWeek as error:
        raise ValidationError(str(error)) from None


class CommunityHealthArgsSchema(Schema):
    weeks = fields.Integer(
        load_default=12,
        validate=validate.OneOf(SPANS),
        metadata={"description": "How many weeks, up to and including `until`: 4, 12 or 52"},
    )
    tag = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=35),
        metadata={"description": "One community (tag name); the whole site when absent"},
    )
    until = fields.String(
        load_default=None,
        validate=_a_week,
        metadata={"description": "The last week shown (YYYY-Www); this week when absent"},
    )


class WaitSchema(Schema):
    median = fields.Float(allow_none=True, metadata={"description": "Hours"})
    p90 = fields.Float(allow_none=True, metadata={"description": "Hours, 90th percentile"})


class HealthPointSchema(Schema):
    week = fields.String(metadata={"description": "ISO week, e.g. 2026-W49"})
    starts_at = fields.DateTime()
    asked = fields.Integer(metadata={"description": "Questions asked that week"})
    answered = fields.Integer(metadata={"description": "Of those, how many have an answer"})
    resolved = fields.Integer(metadata={"description": "Of those, how many have an accepted answer"})
    answered_share = fields.Float(allow_none=True)
    resolved_share = fields.Float(allow_none=True)
    first_answer_hours = fields.Nested(WaitSchema, metadata={"description": "From asking to a first answer"})
    accepted_answer_hours = fields.Nested(WaitSchema, metadata={"description": "From asking to acceptance"})
    members_seen = fields.Integer(metadata={"description": "Signed-in members seen, or active, that week"})
    active_members = fields.Integer(metadata={"description": "Who asked, answered, commented or voted"})
    active_share = fields.Float(allow_none=True)
    new_contributors = fields.Integer(metadata={"description": "People whose first post came that week"})


class HelpNeededSchema(Schema):
    tag = fields.String()
    unanswered = fields.Integer()


class HelperSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    accepted = fields.Integer(metadata={"description": "Answers of theirs accepted in the span"})
    helped = fields.Integer(metadata={"description": "Times their answers were marked as helpful"})


class CommunityHealthSchema(Schema):
    tag = fields.String(allow_none=True)
    weeks = fields.Integer()
    first_week = fields.String()
    last_week = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    reference_active_share = fields.Float(metadata={"description": "About one member in ten"})
    points = fields.List(fields.Nested(HealthPointSchema))
    help_needed = fields.List(
        fields.Nested(HelpNeededSchema), metadata={"description": "Top 10 by unanswered"}
    )
    top_helpers = fields.List(fields.Nested(HelperSchema))
