"""The ceiling: a bare Flask app returning a constant 20-item JSON list, no database, no schemas.

Served by the same gunicorn settings as the real app, its requests/s is what the
web stack alone allows on this machine; the API endpoints are measured against it.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify

# Shaped like one QuestionSummarySchema row, so the body is about the size of a real page.
ITEMS = [
    {
        "id": 100_000 - i,
        "title": "How do I keep a sourdough starter alive while travelling for two weeks?",
        "tags": ["baking", "fermentation", "storage"],
        "author": {"id": 4_000 + i, "display_name": f"Member {4_000 + i}", "reputation": 1_234},
        "anonymous": False,
        "status": "open",
        "score": 7,
        "answer_count": 3,
        "view_count": 152,
        "accepted_answer_id": None,
        "created_at": "2026-04-30T12:34:56.789012+00:00",
        "last_activity_at": "2026-04-30T18:01:02.345678+00:00",
    }
    for i in range(20)
]


def create_app() -> Flask:
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # as the real app does

    @app.get("/bare")
    def bare() -> Response:
        return jsonify(ITEMS)

    return app
