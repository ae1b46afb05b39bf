"""Invitations to answer, limited so that experts are not flooded.

At most MAX_PER_QUESTION invitations per question, at most MAX_PER_PERSON_PER_DAY to one
person in any 24 hours, one per person and question, never to yourself, and never to
people who opted out (PATCH /me {"accepts_invitations": false}).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from backend.errors import Conflict, Invalid, NotFound
from backend.extensions import db
from backend.models import Invitation, Question, User, utcnow
from backend.notifications import events
from backend.notifications import services as notifications
from backend.preferences.services import accepts_invitations
from backend.questions.services import get_question

MAX_PER_QUESTION = 3
MAX_PER_PERSON_PER_DAY = 5


def _invitee(user_id: int) -> User:
    # Locked (PostgreSQL): two invitations to one person at once cannot both pass the daily limit.
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None or user.password_hash is None or not user.is_active:
        raise NotFound(f"User {user_id} does not exist.", {"user_id": [f"No member {user_id}."]})
    return user


def invite(question_id: int, inviter: User, invitee_id: int) -> Invitation:
    """Invite a person to answer; they are notified (naming the inviter, unless that would
    reveal the asker of an anonymous question)."""
    # Locked (PostgreSQL): concurrent invitations to one question are counted one at a time.
    question = get_question(question_id, for_update=True)
    if invitee_id == inviter.id:
        raise Invalid("You cannot invite yourself.", {"user_id": ["You cannot invite yourself."]})
    invitee = _invitee(invitee_id)
    asked_it = invitee.id == question.author_id
    if asked_it and not question.is_anonymous:
        message = "The asker cannot be invited to answer their own question."
        raise Invalid(message, {"user_id": [message]})
    if not accepts_invitations(invitee.id):
        message = f"{invitee.display_name} does not accept invitations to answer."
        raise Invalid(message, {"user_id": [message]})
    _check_limits(question, invitee)
    invitation = Invitation(
        question_id=question.id, inviter_id=inviter.id, invitee_id=invitee.id, created_at=utcnow()
    )
    db.session.add(invitation)
    db.session.flush()
    # The anonymous asker "invited" to their own question: recorded like any other (so the
    # answer does not tell who asked), but they are not notified about their own question.
    if not asked_it:
        events.invited(question, inviter, invitee.id)
    return invitation


def _check_limits(question: Question, invitee: User) -> None:
    invited = db.session.scalar(
        select(Invitation.id).where(
            Invitation.question_id == question.id, Invitation.invitee_id == invitee.id
        )
    )
    if invited is not None:
        raise Conflict(f"{invitee.display_name} has already been invited to this question.")
    on_question = db.session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.question_id == question.id, Invitation.declined_at.is_(None))
    )
    if (on_question or 0) >= MAX_PER_QUESTION:
        raise Conflict(f"A question can have at most {MAX_PER_QUESTION} invitations to answer.")
    since = utcnow() - timedelta(days=1)
    to_person = db.session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.invitee_id == invitee.id, Invitation.created_at >= since)
    )
    if (to_person or 0) >= MAX_PER_PERSON_PER_DAY:
        raise Conflict(
            f"{invitee.display_name} has had {MAX_PER_PERSON_PER_DAY} invitations today; try again tomorrow."
        )


def decline(question_id: int, invitee: User) -> Invitation:
    """The invitee says no, quietly: the inviter is not notified, the invitation's
    notification says it was declined, and the question may invite someone else instead."""
    invitation = db.session.scalar(
        select(Invitation)
        .where(Invitation.question_id == question_id, Invitation.invitee_id == invitee.id)
        .with_for_update()
    )
    if invitation is None:
        raise NotFound(f"You have no invitation to answer question {question_id}.")
    if invitation.declined_at is None:
        invitation.declined_at = utcnow()
        notifications.invitation_declined(invitee.id, question_id)
    return invitation


def invitation_states(question_id: int, invitee_ids: list[int]) -> dict[int, str]:
    """Who of these people was invited to answer the question: "invited" or "declined"."""
    if not invitee_ids:
        return {}
    return {
        invitee_id: "declined" if declined_at else "invited"
        for invitee_id, declined_at in db.session.execute(
            select(Invitation.invitee_id, Invitation.declined_at).where(
                Invitation.question_id == question_id, Invitation.invitee_id.in_(invitee_ids)
            )
        )
    }
