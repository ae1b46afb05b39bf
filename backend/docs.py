"""A browsable API reference rendered from the generated OpenAPI document.

Served by the API itself with no external scripts, so it works on an offline intranet.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from backend.extensions import api
from backend.security_headers import POLICY, page_policy, style_nonce

blp = Blueprint("docs", __name__, template_folder="templates")


@blp.route("/api/v1/docs")
def api_docs() -> Response:
    spec = api.spec.to_dict()
    response = Response(render_template("api_docs.html", spec=spec), mimetype="text/html")
    response.headers[POLICY] = page_policy(style_nonce())
    return response
