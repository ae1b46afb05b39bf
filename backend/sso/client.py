"""The OpenID Connect client, one per app, configured from OIDC_* at start-up."""

from __future__ import annotations

import os
from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from backend.errors import NotFound

EXTENSION = "commonplace_oidc"


def init_app(app: Flask) -> None:
    issuer = app.config["OIDC_ISSUER"]
    if not issuer:
        return
    # The ID token's signature is checked with keys fetched from the issuer: over plain
    # HTTP anyone on the path could hand us their own keys.
    if not issuer.startswith("https://") and not os.environ.get("AUTHLIB_INSECURE_TRANSPORT"):
        raise RuntimeError(
            f"OIDC_ISSUER must be an https:// address (got {issuer}); "
            "AUTHLIB_INSECURE_TRANSPORT=1 allows http:// for local tests only."
        )
    if not app.config["OIDC_CLIENT_ID"]:
        raise RuntimeError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not.")
    registry = OAuth(app)
    app.extensions[EXTENSION] = registry.register(
        "sso",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer + "/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPES"], "code_challenge_method": "S256", "timeout": 10},
    )


def enabled() -> bool:
    return EXTENSION in current_app.extensions


def client() -> Any:
    if not enabled():
        raise NotFound("Single sign-on is not configured on this site (OIDC_ISSUER).")
    return current_app.extensions[EXTENSION]


def issuer() -> str:
    return str(current_app.config["OIDC_ISSUER"])


def button_label() -> str:
    return str(current_app.config["OIDC_BUTTON_LABEL"])
