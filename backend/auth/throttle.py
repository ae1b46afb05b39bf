"""Sign-in throttling that holds however many workers or hosts serve the site.

Failed sign-ins are rows in the database, counted over a sliding window per account and per
client address (LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS, in Flask-Limiter's syntax:
"5 per minute; 20 per hour"). Each gunicorn worker counting in its own memory let an account
be tried 10 times a minute under `make run`'s two workers.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from flask import current_app
from limits import parse_many
from sqlalchemy import delete, insert, select

from backend.auth.services import normalize_email
from backend.database import serialize_on
from backend.errors import TooManyRequests
from backend.extensions import db
from backend.models import SignInFailure, utcnow


def _limited_keys(email: str, address: str) -> list[tuple[str, str, str]]:
    """(key, limits, what it is) for the account tried and the address it was tried from."""
    config = current_app.config
    return [
        ("account:" + normalize_email(email), config["LOGIN_LIMIT_PER_ACCOUNT"], "this account"),
        ("address:" + address, config["LOGIN_LIMIT_PER_ADDRESS"], "your address"),
    ]


def ensure_sign_in_allowed(email: str, address: str) -> None:
    """Raise TooManyRequests (with the seconds to wait) when the account or the address has
    used up a window's failed sign-ins. Holds the keys' locks until the transaction ends, so
    two workers cannot both let a last attempt through."""
    now = utcnow()
    for key, limits, what in _limited_keys(email, address):
        serialize_on("sign-in " + key)
        for limit in parse_many(limits):
            window = timedelta(seconds=limit.get_expiry())
            recent = db.session.scalars(
                select(SignInFailure.failed_at)
                .where(SignInFailure.key == key, SignInFailure.failed_at > now - window)
                .order_by(SignInFailure.failed_at.desc())
                .limit(limit.amount)
            ).all()
            if len(recent) >= limit.amount:
                wait = _seconds_until(recent[-1] + window, now)
                raise TooManyRequests(
                    f"Too many failed sign-ins for {what}: try again in {wait} seconds.", retry_after=wait
                )


def record_failed_sign_in(email: str, address: str) -> None:
    """Count a failed attempt against the account and the address; forget what no window needs."""
    now = utcnow()
    keys = _limited_keys(email, address)
    db.session.execute(insert(SignInFailure), [{"key": key, "failed_at": now} for key, _, _ in keys])
    longest = max(item.get_expiry() for _, limits, _ in keys for item in parse_many(limits))
    forgotten = now - timedelta(seconds=longest)
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < forgotten))


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))
