"""The Flask extensions, created unbound and initialised by create_app()."""

from __future__ import annotations

import logging

from flask import request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from backend.errors import ServiceUnavailable
from backend.methods import SAFE_METHODS
from backend.request_session import RequestSession

log = logging.getLogger(__name__)

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base, session_options={"class_": RequestSession})
migrate = Migrate()
login_manager = LoginManager()


# Limited writes that guard credentials: while the limits' store (Redis) does not answer they
# are refused (503) rather than let a guesser or a mail flood through unlimited; other writes
# go on unlimited. Signing in keeps its limits: they are counted in the database.
FAIL_CLOSED = frozenset({"auth.request_password_reset", "auth.confirm_password_reset", "auth.confirm_email"})


class _WriteLimiter(Limiter):
    """Every limit guards a write (signing in, posting, voting, flagging, inviting): reads skip
    the limiter's per-request work, which measured a sixth of a cached thread's cost under
    gunicorn. A limit put on a GET route would be skipped too: tests/backend/test_rate_limits.py
    checks that none is."""

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if request.method in SAFE_METHODS:
            return
        try:
            super()._check_request_limit(callable_name, in_middleware)
        except RateLimitExceeded:
            raise
        except Exception as error:  # the store does not answer (Redis down, unreachable)
            if request.endpoint in FAIL_CLOSED:
                raise ServiceUnavailable(
                    "This is paused for a moment: the rate-limit store does not answer."
                ) from error
            log.warning("rate limits not checked, their store does not answer: %s", error)


limiter = _WriteLimiter(key_func=get_remote_address, default_limits=[])
api = Api()
