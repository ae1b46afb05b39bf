"""Security headers on every response, from this one place.

Pages (the frontend's index.html, the API reference) get a Content-Security-Policy that
runs only the site's own scripts: no inline script and no eval, so a post that slipped past
the sanitizer still could not run anything. The one inline block we serve, the API
reference's <style>, carries a per-response nonce. JSON and other responses get a policy
that allows nothing at all, as nothing in them is meant to be rendered.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{nonce}; img-src 'self' data:; "
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


def style_nonce() -> str:
    """A nonce for this response's inline <style> (templates call it)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def init_app(app: Flask) -> None:
    always = dict(COMMON)
    if app.config.get("SESSION_COOKIE_SECURE"):
        always["Strict-Transport-Security"] = HSTS
    page_policy = PAGE_POLICY.format(nonce="")
    app.jinja_env.globals["style_nonce"] = style_nonce

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.update(always)
        if response.mimetype == "text/html":
            nonce = g.get("csp_nonce")
            policy = PAGE_POLICY.format(nonce=f" 'nonce-{nonce}'") if nonce else page_policy
        else:
            policy = NOTHING_POLICY
        headers["Content-Security-Policy"] = policy
        return response
