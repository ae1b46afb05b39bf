"""Commonplace: the Flask JSON API. create_app() is the application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask
from werkzeug.routing import IntegerConverter

from backend import (
    access,
    csrf,
    database,
    frontend,
    proxies,
    read_lane,
    security_headers,
    session_cookie,
    settings,
    text_safety,
)
from backend.auth import verification
from backend.community_health import presence
from backend.config import load_config
from backend.errors import register_error_handlers
from backend.extensions import api, db, limiter, login_manager, migrate
from backend.fields import MAX_ID
from backend.indexing import engine
from backend.moderation import suspension
from backend.monitoring import metrics
from backend.monitoring.probes import warn_when_unreachable
from backend.questions import rendered_threads, views
from backend.sso import client as sso_client

MIGRATIONS_DIR = str(Path(__file__).resolve().parent / "migrations")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    instance_path = os.environ.get("COMMONPLACE_INSTANCE") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.update(load_config(Path(app.instance_path)))
    app.config.setdefault("PASSWORD_HASH_METHOD", "scrypt")
    if test_config:
        app.config.update(test_config)

    app.url_map.converters["int"] = IdConverter
    # First: no other hook, limit or rule may see text that cannot be stored.
    text_safety.init_app(app)
    metrics.init_app(app)  # next: its clock sees every other hook's time
    read_lane.init_app(app)  # inside the headers and the proxy fix: they apply to its answers
    security_headers.init_app(app)
    proxies.init_app(app)  # outermost: everything inside sees the client, not the proxy
    session_cookie.init_app(app)
    database.init_app(app)
    engine.init_app(app)
    views.init_app(app)
    rendered_threads.init_app(app)
    settings.init_app(app)
    sso_client.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    limiter.init_app(app)
    _init_login(app)
    access.init_app(app)
    csrf.init_app(app)
    suspension.init_app(app)
    verification.init_app(app)
    presence.init_app(app)
    api.init_app(app)
    api.register_converter(
        IdConverter, lambda converter: {"type": "integer", "minimum": 0, "maximum": MAX_ID}
    )
    app.register_blueprint(_register_blueprints())
    frontend.init_app(app)
    register_error_handlers(app)
    _register_commands(app)
    warn_when_unreachable(app)
    read_lane.open_if_hooks_known(app)  # last: it checks every hook registered above
    return app


class IdConverter(IntegerConverter):
    """<int:...> in URLs, bounded to what an INTEGER key can hold (larger ids are simply 404)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def _init_login(app: Flask) -> None:
    from backend.auth.session_identifier import session_identifier
    from backend.auth.session_member import load_member
    from backend.errors import Unauthorized

    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    login_manager._session_identifier_generator = session_identifier

    login_manager.user_loader(load_member)

    @login_manager.unauthorized_handler
    def unauthorized() -> None:
        raise Unauthorized("Sign in to do this.")


def _register_blueprints() -> Blueprint:
    from backend.account.routes import blp as account
    from backend.answers.routes import blp as answers
    from backend.auth.routes import blp as auth
    from backend.badges.routes import blp as badges
    from backend.comments.routes import blp as comments
    from backend.community_health.routes import blp as community_health
    from backend.docs import blp as docs
    from backend.experts.routes import blp as experts
    from backend.health import blp as health
    from backend.helped.routes import blp as helped
    from backend.mail.routes import blp as mail
    from backend.moderation.routes import blp as moderation
    from backend.monitoring.probes import blp as probes
    from backend.notifications.routes import blp as notifications
    from backend.people.routes import blp as people
    from backend.preferences.routes import blp as preferences
    from backend.previews.routes import blp as previews
    from backend.questions.routes import blp as questions
    from backend.references.routes import blp as references
    from backend.searching.routes import blp as search
    from backend.settings.routes import blp as site_settings
    from backend.sso.routes import blp as sso
    from backend.synthesis.routes import blp as synthesis
    from backend.tags.routes import blp as tags
    from backend.tokens.routes import blp as tokens
    from backend.users.routes import blp as users
    from backend.votes.routes import blp as votes
    from backend.webhooks.routes import blp as webhooks

    # search before questions: /questions/similar must not be read as a question id.
    for blueprint in (auth, search, questions, answers, comments, votes, tags, users, references, previews):
        api.register_blueprint(blueprint)
    # Community: /tags/<name>/experts is registered after tags' own routes on purpose.
    for blueprint in (notifications, preferences, helped, badges, experts, synthesis, community_health, mail):
        api.register_blueprint(blueprint)
    api.register_blueprint(moderation)
    api.register_blueprint(site_settings)
    api.register_blueprint(webhooks)
    for blueprint in (sso, account, tokens, people, health, probes):
        api.register_blueprint(blueprint)
    return docs


def _register_commands(app: Flask) -> None:
    from backend.cli import register_commands

    register_commands(app)
