"""Question schemas: ...CreateSchema/...UpdateSchema in, ...Schema out, ...ArgsSchema for query strings."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.dumping import Schema
from backend.fields import MAX_ID, Markdown, SingleLine, StrictBoolean
from backend.moderation.visibility import held_for_approval
from backend.pagination import PageArgsSchema, PageMetaSchema
from backend.questions.listing import SORTS
from backend.users.schemas import AuthorSchema

TITLE = validate.Length(min=10, max=200)
TAG_LIST = validate.Length(min=1, max=5)


class QuestionCreateSchema(Schema):
    title = SingleLine(required=True, validate=TITLE)
    body = Markdown(required=True, min=20, max=30_000)
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=35)), required=True, validate=TAG_LIST
    )
    anonymous = StrictBoolean(load_default=False)


class QuestionUpdateSchema(Schema):
    title = SingleLine(validate=TITLE)
    body = Markdown(min=20, max=30_000)
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=35)), validate=TAG_LIST)

    @validates_schema
    def not_empty(self, data: dict, **kwargs: object) -> None:
        if not data:
            raise ValidationError("Give at least one of title, body, tags.")


class QuestionListArgsSchema(PageArgsSchema):
    sort = fields.String(load_default="newest", validate=validate.OneOf(SORTS))
    tag = fields.List(fields.String(validate=validate.Length(min=1, max=35)), validate=validate.Length(max=5))
    status = fields.String(validate=validate.OneOf(["open", "resolved", "closed"]))
    author = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    feed = fields.String(
        validate=validate.OneOf(["for-you"]),
        metadata={"description": "for-you: questions in the tags I follow and the questions I watch"},
    )
    show_muted = fields.Boolean(
        load_default=False, metadata={"description": "Include questions in the tags I mute"}
    )


class AttributionSchema(Schema):
    """Where an imported post came from, shown with it as its licence requires."""

    site = fields.String()
    url = fields.String()
    author_name = fields.String()
    licence = fields.String()


class ListAuthorSchema(Schema):
    id = fields.Integer()
    display_name = fields.String()


def _value(post: object, name: str) -> object:
    # Lists dump mappings, threads records, writes models (or any of them wrapped as Presented).
    return post.get(name) if isinstance(post, dict) else getattr(post, name, None)


def _hidden(post: object) -> bool:
    """Hidden pending review (only its author and moderators ever see such a post)."""
    return _value(post, "hidden_at") is not None


def _held(post: object) -> bool:
    return held_for_approval(_value(post, "hidden_at"), _value(post, "created_at"))


HIDDEN = {"description": "Hidden pending review: only its author and moderators see it"}
HELD = {
    "description": "Hidden because it waits for a moderator's approval (pre-moderation): a new "
    "member's post; then hidden is true too"
}
REJECTED = {
    "description": "Held, and a moderator declined to publish it: it no longer waits for them "
    "until its author edits it (a comment cannot be edited)"
}


def _rejected(post: object) -> bool:
    return bool(_value(post, "rejected"))


class QuestionSummarySchema(Schema):
    """A row in a question list (what changes on every view or vote elsewhere stays on the thread)."""

    id = fields.Integer()
    title = fields.String()
    tags = fields.List(fields.String())
    author = fields.Nested(ListAuthorSchema, allow_none=True)
    anonymous = fields.Boolean(attribute="is_anonymous")
    status = fields.String()
    score = fields.Integer()
    answer_count = fields.Integer()
    accepted_answer_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    last_activity_at = fields.DateTime()
    attribution = fields.Nested(AttributionSchema, allow_none=True)
    hidden = fields.Function(_hidden, metadata=HIDDEN)
    held = fields.Function(_held, metadata=HELD)
    rejected = fields.Function(_rejected, metadata=REJECTED)


class CommentSchema(Schema):
    id = fields.Integer()
    body = fields.String(attribute="body_source")
    body_html = fields.String()
    author = fields.Nested(AuthorSchema, allow_none=True)
    question_id = fields.Integer(allow_none=True)
    answer_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime(
        metadata={"description": "When the text last changed; created_at if never edited"}
    )
    can_delete = fields.Boolean()
    can_edit = fields.Boolean(
        metadata={"description": "The viewer may edit it now (its author briefly after posting; moderators)"}
    )
    hidden = fields.Function(_hidden, metadata=HIDDEN)
    held = fields.Function(_held, metadata=HELD)
    rejected = fields.Function(_rejected, metadata=REJECTED)


class AnswerSchema(Schema):
    id = fields.Integer()
    question_id = fields.Integer()
    body = fields.String(attribute="body_source")
    body_html = fields.String()
    author = fields.Nested(AuthorSchema, allow_none=True)
    score = fields.Integer()
    helped_count = fields.Integer(metadata={"description": 'People who said "this helped me"'})
    is_accepted = fields.Boolean()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    my_vote = fields.Integer(allow_none=True)
    helped_by_me = fields.Boolean(
        allow_none=True, metadata={"description": 'I said "this helped me" (null signed out)'}
    )
    can_edit = fields.Boolean()
    can_accept = fields.Boolean()
    comments = fields.List(fields.Nested(CommentSchema))
    attribution = fields.Nested(AttributionSchema, allow_none=True)
    hidden = fields.Function(_hidden, metadata=HIDDEN)
    held = fields.Function(_held, metadata=HELD)
    rejected = fields.Function(_rejected, metadata=REJECTED)
    label = fields.String(
        allow_none=True, metadata={"description": "A soft label: needs-verification or outdated"}
    )
    label_note = fields.String(allow_none=True)


class QuestionSchema(QuestionSummarySchema):
    """A whole thread: GET /questions/<id>."""

    duplicate_of_id = fields.Integer(allow_none=True, metadata={"description": "Closed as a duplicate of"})
    locked = fields.Function(
        lambda q: getattr(q, "locked_at", None) is not None,
        metadata={"description": "No new answers, comments or votes"},
    )

    author = fields.Nested(AuthorSchema, allow_none=True)
    view_count = fields.Integer()
    body = fields.String(attribute="body_source")
    body_html = fields.String()
    updated_at = fields.DateTime()
    my_vote = fields.Integer(allow_none=True)
    can_edit = fields.Boolean()
    comments = fields.List(fields.Nested(CommentSchema))
    answers = fields.List(fields.Nested(AnswerSchema))


# Built once: a schema with nested schemas is costly to construct, and dumping is stateless.
THREAD_SCHEMA = QuestionSchema()


class QuestionListMetaSchema(PageMetaSchema):
    hidden_by_mutes = fields.Integer(
        metadata={"description": "Questions left out because they carry a tag I mute (only when I mute one)"}
    )


class QuestionPageSchema(Schema):
    items = fields.List(fields.Nested(QuestionSummarySchema), required=True)
    meta = fields.Nested(QuestionListMetaSchema, required=True)


class PostRevisionSchema(Schema):
    """A version of a post (an answer's revisions are these alone)."""

    id = fields.Integer()
    body = fields.String(attribute="body_source")
    diff_html = fields.String(
        allow_none=True,
        metadata={
            "description": "HTML: the body's change from the revision before, word by word "
            "(escaped text, <del> and <ins>); null for the first revision"
        },
    )
    editor = fields.Nested(AuthorSchema, allow_none=True)
    created_at = fields.DateTime()


class RevisionListSchema(Schema):
    """The versions of an answer, a comment or a tag's description, newest first."""

    items = fields.List(fields.Nested(PostRevisionSchema), required=True)


class RevisionSchema(PostRevisionSchema):
    """A version of a question: its title and tags too."""

    title = fields.String(allow_none=True)
    title_diff_html = fields.String(allow_none=True, metadata={"description": "the title's change, if any"})
    tags = fields.Function(lambda r: r.tags.split() if r.tags else [])
