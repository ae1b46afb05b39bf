"""How people appear in responses: never their email, except to themselves."""

from __future__ import annotations

from marshmallow import fields

from backend.auth.services import has_password
from backend.dumping import Schema
from backend.models import DigestFrequency


class AuthorSchema(Schema):
    """A post's author, as shown next to the post."""

    id = fields.Integer()
    display_name = fields.String()
    reputation = fields.Integer()


class CommunitySchema(Schema):
    tag = fields.String()
    answers = fields.Integer()
    accepted = fields.Integer()


class SuspensionSchema(Schema):
    until = fields.DateTime()
    reason = fields.String(allow_none=True)


class ProfileSchema(Schema):
    """The public profile: GET /users/<id>."""

    id = fields.Integer()
    display_name = fields.String()
    role = fields.String()
    reputation = fields.Integer()
    created_at = fields.DateTime()
    about_html = fields.String(metadata={"description": "About me, sanitized HTML"})
    is_former_member = fields.Function(
        lambda user: user.deleted_at is not None, metadata={"description": "The account was deleted"}
    )
    question_count = fields.Integer()
    answer_count = fields.Integer()
    accepted_answer_count = fields.Integer()
    communities = fields.List(
        fields.Nested(CommunitySchema),
        metadata={"description": "The tags the person answers in most, with their accepted answers there"},
    )
    suspension = fields.Nested(
        SuspensionSchema,
        allow_none=True,
        metadata={"description": "Until when and why the person is suspended (shown to moderators only)"},
    )


class PrivilegesSchema(Schema):
    """What the signed-in person may do now, by the reputation thresholds in force (site
    settings an admin may change at any time); moderators and admins may do it all."""

    downvote = fields.Boolean(metadata={"description": "Vote down (DOWNVOTE_MIN_REPUTATION)"})
    flag = fields.Boolean(metadata={"description": "Flag others' posts (FLAG_MIN_REPUTATION)"})
    label = fields.Boolean(metadata={"description": "Label others' answers (LABEL_MIN_REPUTATION)"})
    edit_others = fields.Boolean(
        metadata={
            "description": "Edit others' questions and answers at once, not as a suggestion "
            "(EDIT_OTHERS_MIN_REPUTATION)"
        }
    )


class CurrentUserSchema(Schema):
    """The signed-in person's own account: GET /auth/me."""

    id = fields.Integer()
    email = fields.String()
    display_name = fields.String()
    role = fields.String()
    reputation = fields.Integer()
    created_at = fields.DateTime()
    unread_notifications = fields.Integer(metadata={"description": "Only in GET /auth/me"})
    accepts_invitations = fields.Boolean(metadata={"description": "Only in GET /auth/me and PATCH /me"})
    email_activity = fields.Boolean(
        metadata={"description": "Mail me about answers, comments, mentions, invitations, acceptance"}
    )
    digest = fields.Enum(
        DigestFrequency, by_value=True, metadata={"description": "How often my communities' digest comes"}
    )
    about = fields.String(metadata={"description": "About me, as written (Markdown)"})
    email_verified = fields.Function(
        lambda user: user.email_verified_at is not None,
        metadata={
            "description": "Whether my address is confirmed (unconfirmed accounts may need to before posting)"
        },
    )
    has_password = fields.Function(
        lambda user: has_password(user),
        metadata={"description": "False for accounts that sign in only through SSO"},
    )
    privileges = fields.Nested(
        PrivilegesSchema,
        metadata={"description": "What I may do, by the thresholds in force now: show buttons by it"},
    )


class AnswerSummarySchema(Schema):
    """A row in a person's answers."""

    id = fields.Integer()
    question_id = fields.Integer()
    question_title = fields.String()
    score = fields.Integer()
    is_accepted = fields.Boolean()
    created_at = fields.DateTime()
