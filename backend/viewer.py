"""The person making the request, for views: the signed-in User, or None."""

from __future__ import annotations

from flask_login import current_user

from backend.models import User


def viewer() -> User | None:
    return member() if current_user.is_authenticated else None


def member() -> User:
    """The signed-in person (views that call this are @login_required): the User itself, not
    the request's proxy, which login_user() must never be handed (current_user would then
    point at itself)."""
    return current_user._get_current_object()
