"""The person making the request, for views: the signed-in User, or None."""

from __future__ import annotations

from flask_login import current_user

from backend.models import User


def viewer() -> User | None:
    return current_user if current_user.is_authenticated else None


def member() -> User:
    """The signed-in person (views that call this are @login_required)."""
    return current_user
