"""The built web frontend (frontend/dist), served next to the API on one address.

Same origin means the session cookie and the CSRF token just work. Paths under /api never
reach this blueprint, so unknown API paths keep their JSON 404. Any other path that is not
a built file gets index.html: the page's own router decides what it shows (and its 404).
In production a static host or nginx serves dist/ instead; this is for `make run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, send_from_directory
from werkzeug.routing import PathConverter

from backend.errors import NotFound

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
# Vite puts content-hashed bundles here: a changed file gets a new name, so cache for good.
HASHED_ASSETS = "assets/"

blp = Blueprint("frontend", __name__)


class PagePathConverter(PathConverter):
    """A path that is not under /api (so the API's own 404 and 405 answers stand)."""

    regex = r"(?!api(?:/|$))[^/].*?"


def init_app(app: Flask) -> None:
    app.url_map.converters["page"] = PagePathConverter
    app.config.setdefault("FRONTEND_DIST", str(DEFAULT_DIST))
    app.register_blueprint(blp)


def _dist() -> Path:
    dist = Path(current_app.config["FRONTEND_DIST"])
    if not (dist / "index.html").is_file():
        raise NotFound("The web frontend is not built: run `make install` (it runs `npm run build`).")
    return dist


def _index(dist: Path) -> Response:
    response = send_from_directory(dist, "index.html", max_age=0)
    # index.html names the current bundles: always ask again so a deploy is seen at once.
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.route("/", methods=["GET"])
def index() -> Response:
    return _index(_dist())


@blp.route("/<page:path>", methods=["GET"])
def page(path: str) -> Any:
    dist = _dist()
    file = (dist / path).resolve()
    if file.is_file() and file.is_relative_to(dist.resolve()):
        long_lived = path.startswith(HASHED_ASSETS)
        return send_from_directory(dist, path, max_age=31_536_000 if long_lived else 3600)
    if path.startswith(HASHED_ASSETS):
        raise NotFound("No such file.")  # a stale bundle name: index.html would not be JavaScript
    return _index(dist)
