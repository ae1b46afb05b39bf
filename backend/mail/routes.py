"""/api/v1/mail/unsubscribe: the one-click unsubscribe link every mail carries (RFC 8058)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import redirect
from werkzeug.wrappers import Response

from backend import csrf
from backend.arguments import Blueprint
from backend.extensions import db
from backend.mail import services
from backend.mail.schemas import UnsubscribeArgsSchema, UnsubscribedSchema
from backend.mail.tokens import read_unsubscribe_token

blp = Blueprint("mail", __name__, url_prefix="/api/v1/mail", description="Mail")


@blp.route("/unsubscribe", methods=["POST"])
@csrf.exempt
@blp.arguments(UnsubscribeArgsSchema, location="query")
@blp.response(200, UnsubscribedSchema)
def unsubscribe(args: dict) -> dict[str, Any]:
    """Turn off the kind of mail the link was sent with; no sign-in needed (the mail client's
    one-click POST carries `List-Unsubscribe=One-Click`, and the unsubscribe page posts too)."""
    user, kind = services.unsubscribe(args["token"])
    db.session.commit()
    return {"kind": kind.value, "email_activity": user.email_activity, "digest": user.digest.value}


@blp.route("/unsubscribe", methods=["GET"])
@blp.arguments(UnsubscribeArgsSchema, location="query")
@blp.response(303)
def confirm_unsubscribe(args: dict) -> Response:
    """The link opened in a browser: changes nothing, sends to the page that asks to confirm."""
    read = read_unsubscribe_token(args["token"])
    if read is None:
        services.unsubscribe(args["token"])  # raises the error a bad link gets
    assert read is not None
    return redirect("/unsubscribe?" + urlencode({"token": args["token"], "kind": read[1].value}), 303)
