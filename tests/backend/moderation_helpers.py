"""Shared by the moderation tests: members with reputation, and reading rows the API keeps private."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import update

from backend.extensions import db
from backend.models import User
from tests.people import ApiClient, People


def with_reputation(app: Flask, person: ApiClient, reputation: int) -> ApiClient:
    with app.app_context():
        db.session.execute(update(User).where(User.id == person.id).values(reputation=reputation))
        db.session.commit()
    return person


def trusted(people: People, name: str | None = None, reputation: int = 20) -> ApiClient:
    """A member with enough reputation to flag (FLAG_MIN_REPUTATION is 15)."""
    return with_reputation(people.app, people.member(name), reputation)


def flag(person: ApiClient, kind: str, post_id: int, reason: str = "offensive", **extra: Any) -> Any:
    return person.post(f"/{kind}/{post_id}/flag", {"reason": reason, **extra})


def assert_error(response: Any, code: int) -> dict[str, Any]:
    body = response.get_json()
    assert response.status_code == code, body
    assert set(body) == {"code", "status", "message", "errors"}, body
    assert body["code"] == code and body["message"]
    return body


def notifications(person: ApiClient) -> list[dict[str, Any]] | None:
    """The person's moderation notifications, or None on an install without notifications."""
    response = person.get("/me/notifications")
    if response.status_code == 404:
        return None
    assert response.status_code == 200, response.get_json()
    return [n for n in response.get_json()["items"] if n["kind"] == "moderation"]
