"""The 202 answer to an edit that became a suggestion (shared by the question and answer views)."""

from __future__ import annotations

from flask import Response, jsonify

from backend.models import SuggestedEdit
from backend.moderation.schemas import SuggestionStateSchema

SUGGESTION = SuggestionStateSchema()


def suggested_edit_response(suggestion: SuggestedEdit) -> Response:
    response = jsonify(SUGGESTION.dump(suggestion))
    response.status_code = 202
    return response
