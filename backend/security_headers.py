"""Security headers on every response, from this one place.

Pages (the frontend's index.html, the API reference) get a Content-Security-Policy that
runs only the site's own scripts: no inline script and no eval, so a post that slipped past
the sanitizer still could not run anything. The one inline block we serve, the API
reference's <style>, carries a per-response nonce (its view sets its own policy with
page_policy(nonce)). JSON and other responses get a policy that allows nothing at all, as
nothing in them is meant to be rendered.

The headers are added as the response starts (a WSGI middleware), to a plain list: through
Flask's Headers object they cost more than a tenth of a cached thread's whole request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, g

POLICY = "Content-Security-Policy"
_PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{style}; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# A year, as browsers' preload lists ask; only sent when the site says it is served over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def page_policy(style_nonce: str | None = None) -> str:
    return _PAGE_POLICY.format(style=f" 'nonce-{style_nonce}'" if style_nonce else "")


def style_nonce() -> str:
    """A nonce for this response's inline <style> (templates call it; the view sends the
    matching policy)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def init_app(app: Flask) -> None:
    always = list(COMMON.items())
    if app.config.get("SESSION_COOKIE_SECURE"):
        always.append(("Strict-Transport-Security", HSTS))
    app.jinja_env.globals["style_nonce"] = style_nonce
    app.wsgi_app = SecurityHeaders(app.wsgi_app, always)  # type: ignore[method-assign]


class SecurityHeaders:
    """Adds the headers to every response the app starts, unless the app set a policy."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], always: list[tuple[str, str]]) -> None:
        self.wsgi_app = wsgi_app
        self.always = always
        self.page = (POLICY, page_policy())
        self.nothing = (POLICY, NOTHING_POLICY)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start_with_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            html, has_policy = False, False
            for name, value in headers:
                lowered = name.lower()
                if lowered == "content-type":
                    html = value.startswith("text/html")
                elif lowered == "content-security-policy":
                    has_policy = True
            headers.extend(self.always)
            # A 304 has no Content-Type, and the browser copies its headers onto the page it
            # revalidated: a policy here would replace the page's own.
            if not has_policy and not status.startswith("304"):
                headers.append(self.page if html else self.nothing)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_headers)
