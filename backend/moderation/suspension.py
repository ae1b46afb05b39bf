"""Suspended members read like anyone else but cannot write (or sign in) until it ends."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from backend.errors import Forbidden
from backend.methods import SAFE_METHODS
from backend.models import User

SIGN_OUT = "/api/v1/auth/logout"


def suspension_message(person: User) -> str:
    until = person.suspended_until.strftime("%Y-%m-%d %H:%M UTC") if person.suspended_until else ""
    return f"Your account is suspended until {until}: {person.suspension_reason or 'no reason given'}."


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_suspended_writers() -> None:
        if request.method in SAFE_METHODS or not request.path.startswith("/api/") or request.path == SIGN_OUT:
            return
        if current_user.is_authenticated and current_user.is_suspended:
            raise Forbidden(suspension_message(current_user))
