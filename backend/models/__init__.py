"""The data model: one module per aggregate. Models hold data; services hold the rules."""

from backend.models.activity import SITE, FirstPost, HealthWeek, MemberWeek
from backend.models.attribution import Attribution
from backend.models.badge import BadgeAward
from backend.models.follow import QuestionWatch, TagPreference, TagStance
from backend.models.helped import HelpedMark
from backend.models.idempotency_key import IdempotencyKey
from backend.models.identity import ApiToken, ExternalIdentity
from backend.models.invitation import Invitation, InvitationOptOut
from backend.models.listing import ListingVersion, MembersVersion
from backend.models.mail import MailBlock, MailKind, MailOutbox, MailStatus
from backend.models.moderation import Flag, FlagReason, ModerationAction, SuggestedEdit
from backend.models.notification import Notification
from backend.models.outbox import SearchOutbox
from backend.models.question import Answer, Comment, Question, QuestionStatus
from backend.models.question_view import QuestionView, ViewBatch
from backend.models.rendered_thread import RenderedThread
from backend.models.revision import CommentRevision, Revision
from backend.models.sign_in_failure import SignInFailure
from backend.models.site_setting import SiteSetting, SiteSettingsVersion
from backend.models.synthesis import Synthesis, SynthesisRevision, SynthesisStatus, Synthesizer
from backend.models.tag import QuestionTag, Tag, TagRevision
from backend.models.thread_vector import ThreadVector
from backend.models.types import utcnow
from backend.models.user import DigestFrequency, Role, User
from backend.models.vote import Vote
from backend.models.webhook import DeliveryStatus, Webhook, WebhookDelivery, WebhookFormat

__all__ = [
    "SITE",
    "Answer",
    "ApiToken",
    "Attribution",
    "BadgeAward",
    "Comment",
    "CommentRevision",
    "DeliveryStatus",
    "DigestFrequency",
    "ExternalIdentity",
    "FirstPost",
    "Flag",
    "FlagReason",
    "HealthWeek",
    "HelpedMark",
    "IdempotencyKey",
    "Invitation",
    "InvitationOptOut",
    "ListingVersion",
    "MailBlock",
    "MailKind",
    "MailOutbox",
    "MailStatus",
    "MemberWeek",
    "MembersVersion",
    "ModerationAction",
    "Notification",
    "Question",
    "QuestionStatus",
    "QuestionTag",
    "QuestionView",
    "QuestionWatch",
    "RenderedThread",
    "Revision",
    "Role",
    "SearchOutbox",
    "SignInFailure",
    "SiteSetting",
    "SiteSettingsVersion",
    "SuggestedEdit",
    "Synthesis",
    "SynthesisRevision",
    "SynthesisStatus",
    "Synthesizer",
    "Tag",
    "TagPreference",
    "TagRevision",
    "TagStance",
    "ThreadVector",
    "User",
    "ViewBatch",
    "Vote",
    "Webhook",
    "WebhookDelivery",
    "WebhookFormat",
    "utcnow",
]
