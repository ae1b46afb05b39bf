"""Thread and list reads answered in front of Flask's request pipeline, when nothing in it
would change the answer.

Served through Flask, a signed-in member's cached thread cost 613 us of a gunicorn worker's
CPU where the bare app's request cost 327, yet the thread's own work (opening the session
cookie, the member, the thread and the member's parts in it, the view) costs less than the
bare app's request: the rest was the request context, routing, Flask-Login, the hooks'
dispatch and the session's save, none large alone. Through the lane it costs 370 us
(docs/benchmarks.md, "A lane for thread and list reads").

The lane answers GET /api/v1/questions/<id>, and GET /api/v1/questions pages already in the
worker's page cache, for a signed-out reader and for a member whose request needs nothing
else: no token, no text Flask would refuse, a session opened from the address and browser it
was made on (or already marked not fresh), this week's presence already counted, and a thread
whose public rendering serves them (thread_reads.public_read) or a page shared with them
(page_cache). It calls the functions Flask's path calls for such a read, in the same order,
and writes the same headers. Anything else, and any doubt (a remember-me cookie, a private
site and no member, an error while reading), goes to Flask, which answers as it always did:
the lane only ever skips work that would have done nothing. tests/backend/test_read_lane.py
sends each kind of reader both ways and compares status, headers and body.

The request hooks it stands in for are listed in HOOKS. When the app is made, its hooks are
compared with them: a hook the lane does not know (a check added later) keeps it closed, with
a warning, rather than let it skip that check.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Request, g, signals
from flask_login import config as login_config
from flask_login import signals as login_signals
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from backend import text_safety
from backend.auth.session_identifier import identifier_of
from backend.auth.session_member import member_id_of, reading_member
from backend.community_health.presence import noted_this_week
from backend.errors import DomainError
from backend.fields import MAX_ID
from backend.methods import READS_ONLY
from backend.models import User
from backend.monitoring import metrics
from backend.questions import page_cache, rendered_threads, views
from backend.questions.stored_thread import StoredThread
from backend.questions.thread_cache import with_views
from backend.questions.thread_reads import public_read
from backend.settings import site_setting

log = logging.getLogger(__name__)

_THREAD_ENDPOINT = "questions.get_question"
_LIST_ENDPOINT = "questions.list_questions"
_THREAD = re.compile(r"/api/v1/questions/([1-9][0-9]{0,17})\Z")
_LIST = "/api/v1/questions"
# What Flask's path runs for a thread or list read, by module and name. Each is either done here
# (metrics, the member) or does nothing for the reads the lane takes: the writers' checks
# return at once on a GET, the access check on a public site or for a member, the limiter
# neither counts a GET nor adds headers for one, presence is already counted this week, and
# the remember-me cookie is neither set nor cleared without "_remember" in the session.
HOOKS = {
    "before_request": frozenset(
        {
            "backend.text_safety.refuse_unsafe_text",
            "backend.monitoring.metrics._start_clock",
            "backend.extensions._WriteLimiter._check_request_limit",
            "backend.access.init_app.<locals>.check_access",
            "backend.csrf.init_app.<locals>.check_csrf",
            "backend.moderation.suspension.init_app.<locals>.refuse_suspended_writers",
            "backend.auth.verification.init_app.<locals>.refuse_unconfirmed_writers",
        }
    ),
    "after_request": frozenset(
        {
            "backend.monitoring.metrics._observe",
            "flask_limiter._extension.Limiter.__inject_headers",
            "flask_login.login_manager.LoginManager._update_remember_cookie",
            "backend.community_health.presence.init_app.<locals>.note_presence",
        }
    ),
    "teardown_request": frozenset({"flask_limiter._extension.Limiter.__release_context"}),
    "url_value_preprocessor": frozenset(),
}
# Signals Flask's path sends that the lane does not: nothing may be listening.
SIGNALS = (
    signals.request_started,
    signals.request_finished,
    signals.got_request_exception,
    signals.request_tearing_down,
    login_signals.user_accessed,
)
_JSON = ("Content-Type", "application/json")
_VARY = ("Vary", "Cookie")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _FallThrough(Exception):
    """This request is Flask's to answer."""


def init_app(app: Flask) -> None:
    """Put the lane in front of Flask's own WSGI callable (so that the security headers and
    the proxy fix wrapped around it later apply to its answers too). It stays closed until
    open_if_hooks_known() finds every hook known."""
    app.wsgi_app = ReadLane(app, app.wsgi_app)  # type: ignore[method-assign]


def open_if_hooks_known(app: Flask) -> None:
    """Open the lane if READ_LANE is on and it stands in for every hook the app has now."""
    unknown = unknown_hooks(app)
    config = app.config
    unsupported = bool(config["SERVER_NAME"] or config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST"))
    if unknown:
        log.warning("reads go through Flask: hooks the read lane does not know: %s", unknown)
    elif unsupported:
        log.warning("reads go through Flask: SERVER_NAME or REMEMBER_COOKIE_REFRESH_EACH_REQUEST is set")
    _lane_of(app).open = bool(config["READ_LANE"]) and not unknown and not unsupported


def is_open(app: Flask) -> bool:
    return _lane_of(app).open


def answered(app: Flask) -> int:
    """How many requests the lane has answered in this process."""
    return _lane_of(app).answered


def _lane_of(app: Flask) -> ReadLane:
    wrapper: Any = app.wsgi_app
    while not isinstance(wrapper, ReadLane):
        wrapper = wrapper.wsgi_app if hasattr(wrapper, "wsgi_app") else wrapper.app  # ProxyFix: .app
    return wrapper


def unknown_hooks(app: Flask) -> list[str]:
    """The hooks a thread read would run that the lane does not stand in for, and the
    signals it would send that something listens to."""
    found = {
        "before_request": _names(app.before_request_funcs),
        "after_request": _names(app.after_request_funcs),
        "teardown_request": _names(app.teardown_request_funcs),
        "url_value_preprocessor": _names(app.url_value_preprocessors),
    }
    unknown = [f"{kind}: {name}" for kind, names in found.items() for name in sorted(names - HOOKS[kind])]
    unknown += [f"signal {signal.name}" for signal in SIGNALS if signal.receivers]
    return unknown


def _names(funcs: dict[str | None, list[Callable[..., Any]]]) -> set[str]:
    blueprint = _THREAD_ENDPOINT.split(".")[0]
    return {_name(func) for key in (None, blueprint) for func in funcs.get(key, ())}


def _name(func: Callable[..., Any]) -> str:
    while isinstance(func, functools.partial):
        func = func.func
    return f"{func.__module__}.{func.__qualname__}"


class ReadLane:
    def __init__(self, app: Flask, wsgi_app: WsgiApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.open = False
        self.answered = 0  # requests it answered (tests check which took it)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.open and environ["REQUEST_METHOD"] == "GET":
            path = environ.get("PATH_INFO", "")
            thread = _THREAD.match(path)
            if thread is not None or path == _LIST:
                try:
                    body, cookie = self._answer(environ, int(thread.group(1)) if thread else None)
                except _FallThrough:
                    pass
                except Exception:
                    # A fault of the lane's own: the reader still gets Flask's answer.
                    log.exception("the read lane failed on %s; Flask answers", path)
                else:
                    self.answered += 1
                    headers = [_JSON, ("Content-Length", str(len(body)))]
                    if cookie is not None:
                        headers.append(("Set-Cookie", cookie))
                    headers.append(_VARY)
                    start_response("200 OK", headers)
                    return [body]
        return self.wsgi_app(environ, start_response)

    def _answer(self, environ: dict[str, Any], question_id: int | None) -> tuple[bytes, str | None]:
        """The body and the view's Set-Cookie (if any) of a thread (question_id) or a list page."""
        started = time.perf_counter()
        app = self.app
        config = app.config
        if environ.get("HTTP_AUTHORIZATION") or (question_id or 0) > MAX_ID:
            raise _FallThrough
        req = app.request_class(environ)  # parses cookies and arguments as Flask's path would
        if not text_safety.safe_to_read(req):
            raise _FallThrough  # Flask refuses it (422)
        cookies = req.cookies
        data = _session_data(app, cookies.get(config["SESSION_COOKIE_NAME"]))
        if data.get("_permanent") or "_remember" in data:
            raise _FallThrough  # Flask would write the session cookie again
        if data and data.get("_id") != identifier_of(environ) and not _left_not_fresh(app, data):
            raise _FallThrough  # Flask-Login marks it not fresh: the session changes
        with app.app_context():
            g.setdefault(READS_ONLY, True)
            try:
                found = None
                if question_id is not None:
                    if not views.batched():
                        raise _FallThrough  # each view is written in its request, by Flask's path
                    # The thread's row first: it carries the versions the member's check needs,
                    # and the parts in it of the member the session names.
                    found = rendered_threads.thread_row(question_id, _named_member(data))
                    if found is None:
                        raise _FallThrough  # Flask answers 404
                remember_cookie = config.get("REMEMBER_COOKIE_NAME", login_config.COOKIE_NAME)
                reader = _member(data, cookies, remember_cookie, found)
                if reader is None and site_setting("REQUIRE_SIGN_IN"):
                    raise _FallThrough
                if reader is not None and not noted_this_week(data):
                    raise _FallThrough
                if question_id is None:
                    body = _list_page(req, reader)
                    metrics.observe(_LIST_ENDPOINT, "GET", 200, started)
                    return body, None
                thread = public_read(question_id, reader, found)
            except (DomainError, HTTPException, SQLAlchemyError) as error:
                # Not found, or the database: Flask answers as it should, nothing having
                # been done here on its behalf.
                raise _FallThrough from error
            if thread is None:
                raise _FallThrough
            # From here on, as routes.get_question does (the view counted: no way back).
            seen = views.seen_in(data.get("viewed"), cookies.get(views.VIEWED_COOKIE))
            counted = views.count_view(question_id, reader.id if reader else None, thread.asker_id, seen)
            body = with_views(thread.rendering, thread.stored_views + views.pending_views(question_id))
            cookie = views.seen_cookie(config, seen) if counted else None
            metrics.observe(_THREAD_ENDPOINT, "GET", 200, started)
        return body, cookie


def _list_page(req: Request, reader: User | None) -> bytes:
    """A list page from the pages' cache, as page_cache.cached_page serves it."""
    version = page_cache.shared_version(reader, req.args)
    if version is None:
        raise _FallThrough
    body = page_cache.cached_body(page_cache.page_key(_LIST_ENDPOINT, req.query_string, {}), version, reader)
    if body is None:
        raise _FallThrough  # Flask renders it (and caches it for next time)
    return body


def _left_not_fresh(app: Flask, data: dict[str, Any]) -> bool:
    """Whether Flask-Login has marked this session not fresh and will leave it as it is. In its
    "basic" protection a session from another address or browser, or one with no identifier (a
    signed-out reader's, holding only the CSRF token the page asked for), is marked once; from
    then on it is only read."""
    mode = app.config.get("SESSION_PROTECTION", app.login_manager.session_protection)  # type: ignore[attr-defined]
    return mode == "basic" and data.get("_fresh") is False


def _session_data(app: Flask, cookie: str | None) -> dict[str, Any]:
    """What the session cookie holds, as the app's session interface opens it."""
    data = app.session_interface.cookie_data(app, cookie)  # type: ignore[attr-defined]
    if data is None:
        raise _FallThrough  # no secret key: Flask says what follows
    return data


def _named_member(data: dict[str, Any]) -> int | None:
    """The id of the member the session names (not yet checked: _member does that)."""
    session_id = data.get("_user_id")
    return member_id_of(session_id) if isinstance(session_id, str) else None


def _member(
    data: dict[str, Any], cookies: Any, remember_cookie: str, found: StoredThread | None
) -> User | None:
    """The signed-in member, as Flask-Login would load them (None: signed out)."""
    session_id = data.get("_user_id")
    if session_id is None:
        if cookies.get(remember_cookie):
            raise _FallThrough  # Flask-Login signs them in from it
        return None
    if not isinstance(session_id, str):
        raise _FallThrough
    versions = (found.content_version, found.members_version) if found is not None else None
    member = reading_member(session_id, versions)
    if member is None:
        raise _FallThrough  # a session that no longer stands: Flask-Login decides what follows
    return member
