"""People: members, moderators and admins, plus placeholder accounts that cannot log in."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow

# Placeholder accounts (imported authors) have addresses in this reserved domain.
PLACEHOLDER_EMAIL_DOMAIN = "imported.invalid"


class Role(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class DigestFrequency(enum.StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lowercased so uniqueness does not depend on the database's collation.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    # None for placeholder accounts (e.g. imported authors): they cannot log in.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.MEMBER,
    )
    reputation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Suspended by a moderator until then: cannot sign in or write.
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    # Mail (backend/mail): activity in my threads, and the digest of my communities.
    email_activity: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    digest: Mapped[DigestFrequency] = mapped_column(
        Enum(DigestFrequency, native_enum=False, length=8, values_callable=lambda e: [m.value for m in e]),
        default=DigestFrequency.WEEKLY,
        server_default=DigestFrequency.WEEKLY.value,
    )
    # When the last digest was queued: the next is due a day or a week after it.
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session's id (get_id): raising it ends every session signed in before.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # None until the address is confirmed (a mailed link, or the identity provider's word).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "About me": Markdown as written and its sanitized HTML.
    about: Mapped[str] = mapped_column(Text, default="", server_default="")
    about_html: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set when the person deleted the account: the row stays so their posts keep an author,
    # shown as a former member, with every personal detail gone.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def get_id(self) -> str:
        return f"{self.id}.{self.session_epoch}"

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()
