"""A browsable API reference rendered from the generated OpenAPI document.

Served by the API itself with no external scripts, so it works on an offline intranet.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from backend.extensions import api

blp = Blueprint("docs", __name__, template_folder="templates")


@blp.route("/api/v1/docs")
def api_docs() -> str:
    spec = api.spec.to_dict()
    return render_template("api_docs.html", spec=spec)
