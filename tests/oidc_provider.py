"""A real OpenID Connect provider on loopback (oidc-provider-mock, built on Authlib): it serves
discovery, JWKS, authorize and token endpoints, and a test chooses each person's claims.

`Provider.tamper_token` and `Provider.token_client` stand for an attacker between us and the
provider (or a token issued to another client): the provider still signs everything itself,
so what our side checks is real.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import oidc_provider_mock
import requests
import werkzeug.serving

CLIENT_ID = "commonplace"
CLIENT_SECRET = "test-client-secret"


class Provider:
    def __init__(self, access_token_max_age: timedelta = timedelta(hours=1)) -> None:
        app = oidc_provider_mock.app(require_nonce=True, access_token_max_age=access_token_max_age)
        self._inner = app.wsgi_app
        # Applied to the token endpoint's JSON answer on its way to our app.
        self.tamper_token: Callable[[dict[str, Any]], dict[str, Any]] | None = None
        # Authenticate our app's token request as this client instead.
        self.token_client: str | None = None
        self._server = werkzeug.serving.make_server("localhost", 0, self._wsgi, threaded=True)
        self.url = f"http://localhost:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Provider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/oauth2/token":
            return self._inner(environ, start_response)  # type: ignore[no-any-return]
        if self.token_client:
            credentials = base64.b64encode(f"{self.token_client}:x".encode()).decode()
            environ["HTTP_AUTHORIZATION"] = f"Basic {credentials}"
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        body = b"".join(self._inner(environ, capture))
        if self.tamper_token and captured["status"].startswith("200"):
            body = json.dumps(self.tamper_token(json.loads(body))).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def set_user(self, sub: str, **claims: Any) -> None:
        response = requests.put(f"{self.url}/users/{quote(sub)}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def authorize(self, authorization_url: str, sub: str) -> str:
        """What the person does on the provider's page: sign in as `sub`. Returns where the
        provider sends the browser back (our callback, with code and state)."""
        response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def flip_signature(token: dict[str, Any]) -> dict[str, Any]:
    header, payload, signature = token["id_token"].split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return {**token, "id_token": f"{header}.{payload}.{flipped}"}
