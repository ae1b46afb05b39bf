"""Moderation schemas: ...Schema out, ...CreateSchema / ...ActionSchema in."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.dumping import Schema
from backend.fields import MAX_ID, SingleLine
from backend.models import FlagReason
from backend.moderation.visibility import held_for_approval
from backend.pagination import PageArgsSchema, PageMetaSchema
from backend.users.schemas import AuthorSchema

REASON_TEXT = validate.Length(min=1, max=500)


class FlagCreateSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf([r.value for r in FlagReason]))
    note = SingleLine(validate=validate.Length(max=500), load_default=None)


class FlagResultSchema(Schema):
    post_type = fields.String()
    post_id = fields.Integer()
    reason = fields.String()
    flag_count = fields.Integer(metadata={"description": "Open flags on the post"})
    hidden = fields.Boolean(metadata={"description": "Whether the post is now hidden pending review"})


class ActionSchema(Schema):
    """A moderator action with an optional reason (shown in the audit log)."""

    reason = SingleLine(validate=REASON_TEXT, load_default=None)


class ReasonRequiredSchema(Schema):
    reason = SingleLine(required=True, validate=REASON_TEXT)


class DuplicateCreateSchema(ActionSchema):
    duplicate_of_id = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))


class SuspensionCreateSchema(ReasonRequiredSchema):
    days = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=3650))


class LabelCreateSchema(Schema):
    label = fields.String(required=True, validate=validate.OneOf(["needs-verification", "outdated"]))
    note = SingleLine(required=True, validate=validate.Length(min=3, max=500))


class RoleUpdateSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(["member", "moderator"]))


class PostStateSchema(Schema):
    """A post's moderation state after an action."""

    post_type = fields.Function(lambda post: type(post).__name__.lower())
    post_id = fields.Integer(attribute="id")
    hidden = fields.Function(lambda post: post.hidden_at is not None)
    held = fields.Function(
        lambda post: held_for_approval(post.hidden_at, post.created_at),
        metadata={"description": "Still waiting for a moderator's approval (pre-moderation)"},
    )


class ThreadStateSchema(Schema):
    question_id = fields.Integer(attribute="id")
    status = fields.String()
    locked = fields.Function(lambda q: q.locked_at is not None)
    duplicate_of_id = fields.Integer(allow_none=True)


class LabelStateSchema(Schema):
    answer_id = fields.Integer(attribute="id")
    label = fields.String(allow_none=True)
    label_note = fields.String(allow_none=True)


class MemberStateSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()
    role = fields.String()
    suspended_until = fields.DateTime(allow_none=True)
    suspension_reason = fields.String(allow_none=True)


class QueueFlagSchema(Schema):
    reason = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


class QueuePostSchema(Schema):
    post_type = fields.String()
    post_id = fields.Integer()
    question_id = fields.Integer()
    title = fields.String(metadata={"description": "The thread's title"})
    excerpt = fields.String()
    author = fields.Nested(AuthorSchema, allow_none=True)
    hidden = fields.Boolean()
    edited_since_hidden = fields.Boolean()
    flag_count = fields.Integer()
    flags = fields.List(fields.Nested(QueueFlagSchema))
    created_at = fields.DateTime()


class SuggestedEditSchema(Schema):
    id = fields.Integer()
    post_type = fields.String()
    post_id = fields.Integer()
    editor = fields.Nested(AuthorSchema, allow_none=True)
    title = fields.String(allow_none=True)
    body = fields.String(allow_none=True)
    tags = fields.List(fields.String(), allow_none=True)
    status = fields.String()
    created_at = fields.DateTime()


class SuggestionStateSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    question_id = fields.Integer(allow_none=True)
    answer_id = fields.Integer(allow_none=True)


class ModerationQueueSchema(Schema):
    posts = fields.List(fields.Nested(QueuePostSchema))
    suggested_edits = fields.List(fields.Nested(SuggestedEditSchema))
    first_posts = fields.List(fields.Nested(QueuePostSchema))


class AuditEntrySchema(Schema):
    id = fields.Integer()
    actor = fields.Nested(AuthorSchema, allow_none=True)
    action = fields.String()
    target_type = fields.String()
    target_id = fields.Integer()
    target_url = fields.String(allow_none=True, metadata={"description": "The target's page in the web app"})
    target_label = fields.String(
        allow_none=True,
        metadata={
            "description": "What the target is called: a question's title (for an answer or a comment, "
            "its thread's), a person's display name, a tag's name; null for other targets"
        },
    )
    reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class AuditChoicesSchema(Schema):
    actors = fields.List(fields.Nested(AuthorSchema), metadata={"description": "Everyone who has acted"})
    actions = fields.List(fields.String())
    target_types = fields.List(fields.String())


class AuditLogPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema))
    meta = fields.Nested(PageMetaSchema)
    choices = fields.Nested(AuditChoicesSchema, metadata={"description": "What the log can be filtered by"})


class AuditLogArgsSchema(PageArgsSchema):
    actor_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID), load_default=None)
    action = SingleLine(validate=validate.Length(min=1, max=40), load_default=None)
    target_type = SingleLine(validate=validate.Length(min=1, max=20), load_default=None)
    target_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID), load_default=None)
    since = fields.Date(load_default=None, metadata={"description": "From this day (UTC), inclusive"})
    until = fields.Date(load_default=None, metadata={"description": "To this day (UTC), inclusive"})

    @validates_schema
    def _in_order(self, data: dict, **_: object) -> None:
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("The first day comes after the last.", "until")
