"""Everything stored about a person, as one JSON document (GDPR article 20)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from backend.extensions import db
from backend.models import (
    Answer,
    ApiToken,
    BadgeAward,
    Comment,
    ExternalIdentity,
    HelpedMark,
    Notification,
    Question,
    QuestionWatch,
    Revision,
    Tag,
    TagPreference,
    User,
    Vote,
    utcnow,
)

# Never exported: secrets (even hashed) and rendered copies of what is exported as written.
_LEFT_OUT = {"password_hash", "token_hash", "about_html", "body_html", "session_epoch", "search_text"}


def _row(obj: Any) -> dict[str, Any]:
    values = {}
    for column in obj.__table__.columns:
        if column.name in _LEFT_OUT:
            continue
        value = getattr(obj, column.key)
        values[column.name] = (
            value.isoformat() if isinstance(value, datetime) else getattr(value, "value", value)
        )
    return values


def _rows(statement: Any) -> list[dict[str, Any]]:
    return [_row(obj) for obj in db.session.scalars(statement)]


def export(user: User) -> dict[str, Any]:
    uid = user.id
    my_questions = select(Question.id).where(Question.author_id == uid)
    my_answers = select(Answer.id).where(Answer.author_id == uid)
    tag_names = dict(db.session.execute(select(Tag.id, Tag.name)).all())
    stances = db.session.scalars(select(TagPreference).where(TagPreference.user_id == uid))
    return {
        "exported_at": utcnow().isoformat(),
        "profile": _row(user),
        "questions": _rows(select(Question).where(Question.author_id == uid).order_by(Question.id)),
        "answers": _rows(select(Answer).where(Answer.author_id == uid).order_by(Answer.id)),
        "comments": _rows(select(Comment).where(Comment.author_id == uid).order_by(Comment.id)),
        # Every revision of my posts (whoever made it) and my edits of others' posts.
        "revisions": _rows(
            select(Revision)
            .where(
                or_(
                    Revision.editor_id == uid,
                    Revision.question_id.in_(my_questions),
                    Revision.answer_id.in_(my_answers),
                )
            )
            .order_by(Revision.id)
        ),
        "votes": _rows(select(Vote).where(Vote.user_id == uid).order_by(Vote.id)),
        "helped_marks": _rows(select(HelpedMark).where(HelpedMark.user_id == uid)),
        "tags": [{**_row(stance), "tag": tag_names.get(stance.tag_id)} for stance in stances],
        "watches": _rows(select(QuestionWatch).where(QuestionWatch.user_id == uid)),
        "notifications": _rows(
            select(Notification).where(Notification.recipient_id == uid).order_by(Notification.id)
        ),
        "badges": _rows(select(BadgeAward).where(BadgeAward.user_id == uid)),
        "api_tokens": _rows(select(ApiToken).where(ApiToken.user_id == uid)),
        "sign_in_identities": _rows(select(ExternalIdentity).where(ExternalIdentity.user_id == uid)),
    }
