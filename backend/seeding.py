"""Starter content from seeds/: communities (tags), a facilitator, a welcome thread, open questions.

Loading is idempotent: what already exists (matched by tag name, facilitator email,
question title) is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from backend.answers.services import accept_answer, post_answer
from backend.auth.services import hash_password, normalize_email
from backend.content import render_markdown
from backend.extensions import db
from backend.models import Question, Role, User, utcnow
from backend.questions.services import ask_question
from backend.tags.services import get_or_create_tags


@dataclass
class SeedReport:
    tags_created: int = 0
    questions_created: int = 0
    facilitator_created: bool = False
    facilitator_email: str = ""
    facilitator_password: str | None = None


def _facilitator(config: dict[str, Any], email: str, password: str | None, report: SeedReport) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        password = password or secrets.token_urlsafe(12)
        user = User(
            email=email,
            display_name=config.get("display_name", "Community Facilitator"),
            password_hash=hash_password(password),
            role=Role.MODERATOR,
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        report.facilitator_created = True
        report.facilitator_password = password
    report.facilitator_email = email
    return user


def _question_exists(author: User, title: str) -> bool:
    return (
        db.session.scalar(select(Question.id).where(Question.author_id == author.id, Question.title == title))
        is not None
    )


def load_seeds(path: Path, facilitator_email: str, facilitator_password: str | None = None) -> SeedReport:
    """Load seeds/starter.yaml (or the file given); returns what was created."""
    source = path / "starter.yaml" if path.is_dir() else path
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    report = SeedReport()
    facilitator = _facilitator(
        data.get("facilitator", {}),
        normalize_email(facilitator_email),
        facilitator_password,
        report,
    )

    communities = data.get("communities", [])
    tags = get_or_create_tags([c["name"] for c in communities])
    for tag, community in zip(tags, communities, strict=True):
        if not tag.description:
            tag.description = community["description"].strip()
            tag.description_html = render_markdown(tag.description)
            report.tags_created += 1

    welcome = data.get("welcome")
    if welcome and not _question_exists(facilitator, welcome["title"]):
        question = ask_question(facilitator, welcome["title"], welcome["body"], welcome["tags"], False)
        answer = post_answer(question.id, facilitator, welcome["answer"])
        accept_answer(answer, facilitator)
        report.questions_created += 1

    for item in data.get("questions", []):
        if not _question_exists(facilitator, item["title"]):
            ask_question(facilitator, item["title"], item["body"], item["tags"], False)
            report.questions_created += 1
    db.session.flush()
    return report
