"""The session cookie, signed as Flask signs it, with the signer built once per key and each
cookie's signature checked once per worker.

Flask builds its cookie serializer anew twice per request (to open the session and to save
it); for a reader whose first visit sets the cookie that counts their view, that measured
a tenth of serving a cached thread. The serializer holds nothing per request, so one per
set of keys serves every request and thread.

A signed-in browser sends the same cookie with every request until its session changes, and
opening it (the signature, base64, zlib, tagged JSON) measured a sixth of a signed-in thread
read. A cookie's content cannot change without its signature, so what a cookie opened to is
kept by its exact text; only its age is checked again on each request, as itsdangerous would.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

# Cookies kept opened per worker: more than the browsers a worker serves at once.
MAX_OPENED = 4096


class _Signer:
    def __init__(self, serializer: URLSafeTimedSerializer) -> None:
        self.serializer = serializer
        self.opened: dict[str, tuple[dict[str, Any], int]] = {}  # cookie -> (its data, signed at)

    def open(self, cookie: str, max_age: int) -> dict[str, Any] | None:
        """The cookie's data (a copy the request may change), or None if it is not valid."""
        found = self.opened.get(cookie)
        if found is None:
            try:
                data, signed_at = self.serializer.loads(cookie, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return None
            if not isinstance(data, dict):
                return None
            if len(self.opened) >= MAX_OPENED:
                self.opened.clear()
            found = self.opened[cookie] = (data, int(signed_at.timestamp()))
        data, signed_at = found
        age = int(time.time()) - signed_at
        if age > max_age or age < 0:
            return None
        nested = any(isinstance(value, dict | list) for value in data.values())
        return copy.deepcopy(data) if nested else dict(data)


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._signers: dict[tuple[object, ...], _Signer | None] = {}

    def _signer(self, app: Flask) -> _Signer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._signers:
            serializer = super().get_signing_serializer(app)
            self._signers[keys] = _Signer(serializer) if serializer is not None else None
        return self._signers[keys]

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        signer = self._signer(app)
        return signer.serializer if signer is not None else None

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        data = self.cookie_data(app, request.cookies.get(self.get_cookie_name(app)))
        return None if data is None else self.session_class(data)

    def cookie_data(self, app: Flask, cookie: str | None) -> dict[str, Any] | None:
        """What this session cookie holds ({} for none, or one that does not open), or None
        without a secret key to open it with (also read by backend/read_lane.py)."""
        signer = self._signer(app)
        if signer is None:
            return None
        if not cookie:
            return {}
        data = signer.open(cookie, int(app.permanent_session_lifetime.total_seconds()))
        return data if data is not None else {}


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
