"""Invitations to answer: someone asked an expert to look at a question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db
from backend.models.types import UTCDateTime, utcnow


class Invitation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    inviter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    invitee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The invitee said no: the question may invite someone else in their place.
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # One invitation per person and question; also counts a question's invitations.
        UniqueConstraint("question_id", "invitee_id"),
        # Invitations a person received in the last day.
        Index("ix_invitations_invitee", "invitee_id", "created_at"),
    )


class InvitationOptOut(db.Model):  # type: ignore[name-defined]
    """This person does not want invitations to answer."""

    __tablename__ = "invitation_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
