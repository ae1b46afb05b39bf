"""The session cookie, signed as Flask signs it, with the signer built once per key.

Flask builds its cookie serializer anew twice per request (to open the session and to save
it); for a reader whose first visit sets the cookie that counts their view, that measured
a tenth of serving a cached thread. The serializer holds nothing per request, so one per
set of keys serves every request and thread.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
