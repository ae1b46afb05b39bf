"""/api/v1/auth/oidc: sign in through the company's identity provider.

The browser goes to /login, on to the provider, and comes back to /callback, which signs the
person in with the usual session cookie and sends the browser on to the page it came from.
"""

from __future__ import annotations

import time
from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from flask import current_app, redirect, request, session
from flask_login import login_user
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from backend.arguments import Blueprint
from backend.errors import DomainError, Unauthorized
from backend.extensions import db
from backend.models import User
from backend.sso import client as sso
from backend.sso import services
from backend.sso.schemas import LoginArgsSchema

blp = Blueprint("sso", __name__, url_prefix="/api/v1/auth/oidc", description="Single sign-on")

NEXT_KEY = "sso_next"
# Why the last sign-in through the provider failed, for the sign-in page to show once.
ERROR_KEY = "sso_error"
# When this session last signed in through the provider (deleting such an account needs it recent).
SSO_SIGNED_IN_AT = "sso_signed_in_at"


class ProviderUnavailable(DomainError):
    code = 502


@blp.route("/login", methods=["GET"])
@blp.arguments(LoginArgsSchema, location="query")
@blp.response(302)
@blp.alt_response(404, description="Single sign-on is not configured")
def login(args: dict) -> Response:
    """Go to the identity provider (authorization code flow with PKCE, state and nonce);
    `next` is the page to come back to."""
    client = sso.client()
    session[NEXT_KEY] = args["next"]
    try:
        return client.authorize_redirect(callback_url())
    except RequestException as error:
        raise ProviderUnavailable(f"The identity provider did not answer: {error}") from None


@blp.route("/callback", methods=["GET"])
@blp.response(302)
@blp.alt_response(400, description="Wrong, replayed or missing state; the provider refused")
@blp.alt_response(401, description="The ID token is not valid (signature, issuer, audience, expiry, nonce)")
def callback() -> Response:
    """Where the provider sends the browser back: checks state and the ID token, signs in.
    A browser that is refused goes back to the sign-in page, which shows why (from
    GET /auth/options); other clients get the error itself."""
    try:
        user = _signed_in_user()
    except DomainError as error:
        db.session.rollback()
        if not _wants_page():
            raise
        session[ERROR_KEY] = error.message
        return redirect(current_app.config["SITE_URL"] + "/signin?sso=failed", code=303)
    db.session.commit()
    login_user(user)
    session[SSO_SIGNED_IN_AT] = time.time()
    return redirect(current_app.config["SITE_URL"] + session.pop(NEXT_KEY, "/"), code=303)


def _signed_in_user() -> User:
    client = sso.client()
    try:
        token = client.authorize_access_token(claims_options=_claims_options())
    except OAuthError as error:
        raise _refused(error) from None
    except JoseError as error:
        raise Unauthorized(
            f"The identity provider's ID token is not valid ({error.description or error.error})."
        ) from None
    except RequestException as error:
        raise ProviderUnavailable(f"The identity provider did not answer: {error}") from None
    claims = token.get("userinfo")
    if not claims:
        raise Unauthorized("The identity provider sent no ID token.")
    return services.sign_in(sso.issuer(), dict(claims))


def callback_url() -> str:
    # Fixed, not taken from the request's Host header: it is registered with the provider.
    return str(current_app.config["SITE_URL"]) + "/api/v1/auth/oidc/callback"


def _claims_options() -> dict[str, Any]:
    # Authlib checks the audience only through `azp` unless told which one to expect.
    return {
        "iss": {"essential": True, "values": [sso.issuer()]},
        "aud": {"essential": True, "values": [current_app.config["OIDC_CLIENT_ID"]]},
        "sub": {"essential": True},
    }


def _refused(error: OAuthError) -> DomainError:
    if error.error == "mismatching_state":
        message = "This sign-in link was already used or has expired: start signing in again."
    elif error.error == "access_denied":
        message = "The identity provider did not let you sign in."
    else:
        message = f"Signing in through the identity provider failed: {error.description or error.error}."
    failure = DomainError(message)
    failure.code = 400
    return failure


def _wants_page() -> bool:
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"
