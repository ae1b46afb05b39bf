"""Changing one's profile and email, and deleting an account (one's own, or by an admin)."""

from __future__ import annotations

import time

from sqlalchemy import delete, select, union
from werkzeug.security import check_password_hash

from backend.auth import verification
from backend.auth.services import has_password, normalize_email
from backend.content import render_markdown
from backend.errors import Conflict, Forbidden, Invalid
from backend.extensions import db
from backend.indexing.outbox import enqueue_many
from backend.models import (
    Answer,
    ApiToken,
    Comment,
    ExternalIdentity,
    InvitationOptOut,
    MailOutbox,
    MailStatus,
    Notification,
    Question,
    QuestionWatch,
    Role,
    TagPreference,
    User,
    utcnow,
)
from backend.models.user import PLACEHOLDER_EMAIL_DOMAIN
from backend.moderation import audit
from backend.questions.content_version import content_changed

FORMER_MEMBER = "former member"


def update_profile(user: User, display_name: str | None, about: str | None) -> None:
    if display_name is not None and display_name != user.display_name:
        user.display_name = display_name
        # Threads show their authors' names: cached pages and search documents too.
        _threads_changed(user.id)
    if about is not None:
        user.about = about
        user.about_html = render_markdown(about)


def change_email(user: User, email: str, password: str) -> None:
    """A new address, confirmed again where the site asks for that. The password guards it:
    whoever holds a stolen session must not move the account's reset mail elsewhere."""
    if not has_password(user):
        raise Forbidden("Your address comes from your company's identity provider: change it there.")
    if not check_password_hash(user.password_hash or "", password):
        raise Invalid("The password is not right.", {"password": ["Not your password."]})
    email = normalize_email(email)
    if email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN):
        raise Invalid("This email address cannot be used.", {"email": ["This email address cannot be used."]})
    if email == user.email:
        return
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("Another account has this email.", {"email": ["Another account has this email."]})
    user.email = email
    verification.start(user)


# How recent a sign-in through the provider must be to stand in for a password.
RECENT_SSO_SECONDS = 15 * 60


def ensure_may_delete(user: User, password: str | None, sso_signed_in_at: float | None) -> None:
    """Deleting one's own account takes the password; accounts that sign in only through the
    provider have none, so a sign-in there in the last RECENT_SSO_SECONDS stands for it."""
    if has_password(user):
        if not check_password_hash(user.password_hash or "", password or ""):
            raise Invalid("The password is not right.", {"password": ["Not your password."]})
        return
    if sso_signed_in_at is None or time.time() - sso_signed_in_at > RECENT_SSO_SECONDS:
        raise Forbidden("Sign in again through your company account (less than 15 minutes ago) to delete it.")


def ensure_not_last_admin(person: User) -> None:
    """The site keeps an active admin: the last one is not demoted, deactivated or deleted."""
    if person.role is Role.ADMIN:
        others = db.session.scalar(
            select(db.func.count()).where(
                User.role == Role.ADMIN, User.is_active.is_(True), User.id != person.id
            )
        )
        if not others:
            raise Conflict("This is the only admin: make someone else admin first.")


def delete_account(user: User, by: User) -> None:
    """Remove everything personal; the posts stay, by a "former member", and votes and
    helped marks keep counting. The row stays so posts keep an author."""
    if user.deleted_at is not None:
        return
    ensure_not_last_admin(user)
    if by.id != user.id:
        audit.record(by, "account-delete", "user", user.id)
    for model, column in (
        (ExternalIdentity, ExternalIdentity.user_id),
        (ApiToken, ApiToken.user_id),
        (TagPreference, TagPreference.user_id),
        (QuestionWatch, QuestionWatch.user_id),
        (Notification, Notification.recipient_id),
        (InvitationOptOut, InvitationOptOut.user_id),
    ):
        db.session.execute(delete(model).where(column == user.id))
    db.session.execute(
        delete(MailOutbox).where(MailOutbox.recipient_id == user.id, MailOutbox.status == MailStatus.PENDING)
    )
    user.email = f"deleted-{user.id}@{PLACEHOLDER_EMAIL_DOMAIN}"
    user.display_name = FORMER_MEMBER
    user.about = user.about_html = ""
    user.password_hash = None
    user.email_verified_at = None
    user.is_active = False
    user.role = Role.MEMBER
    user.session_epoch += 1
    user.deleted_at = utcnow()
    _threads_changed(user.id)


def _threads_changed(user_id: int) -> None:
    ids = list(
        db.session.scalars(
            union(
                select(Question.id).where(Question.author_id == user_id),
                select(Answer.question_id).where(Answer.author_id == user_id),
                select(Comment.question_id).where(
                    Comment.author_id == user_id, Comment.question_id.is_not(None)
                ),
                select(Answer.question_id)
                .join(Comment, Comment.answer_id == Answer.id)
                .where(Comment.author_id == user_id),
            )
        )
    )
    if ids:
        content_changed(ids)
        enqueue_many(ids)
