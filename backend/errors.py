"""One error body everywhere: {"code", "status", "message", "errors"}.

Services raise the domain errors below; views never build error responses by hand.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify
from flask_limiter.errors import RateLimitExceeded
from werkzeug.exceptions import HTTPException

from backend.arguments import REQUEST_KEY, field_errors

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain was broken; carries the HTTP status it maps to."""

    code = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(DomainError):
    code = 404


class Forbidden(DomainError):
    code = 403


class Unauthorized(DomainError):
    code = 401


class Conflict(DomainError):
    code = 409


class TooManyRequests(DomainError):
    """Tried too often: retry_after says how many seconds to wait (sent as Retry-After)."""

    code = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    """A part the request needs does not answer (retry later)."""

    code = 503


class Invalid(DomainError):
    """Input that is well formed but breaks a rule (e.g. a duplicate email)."""

    code = 422


def error_response(code: int, message: str | None = None, errors: dict[str, Any] | None = None) -> Response:
    status = HTTPStatus(code)
    response = jsonify(
        code=code,
        status=status.phrase,
        message=message or status.description,
        errors=errors or {},
    )
    response.status_code = code
    return response


def invalid_fields(errors: dict[str, Any]) -> str:
    """A message naming what is wrong, instead of the status's stock description ("The request
    was well-formed but was unable to be followed due to semantic errors."), which a page that
    shows only the message could not act on."""
    said = [
        _first_reason(reasons) if name == REQUEST_KEY else f"{name}: {_first_reason(reasons)}"
        for name, reasons in errors.items()
    ]
    more = f"; and {len(said) - 3} more" if len(said) > 3 else ""
    return "Not valid: " + "; ".join(said[:3]) + more + "."


def _first_reason(reasons: Any) -> str:
    while isinstance(reasons, dict | list) and reasons:
        reasons = next(iter(reasons.values())) if isinstance(reasons, dict) else reasons[0]
    return str(reasons).rstrip(".")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError) -> Response:
        response = error_response(error.code, error.message, error.errors)
        if isinstance(error, TooManyRequests):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(RateLimitExceeded)
    def handle_rate_limit(error: RateLimitExceeded) -> Response:
        response = error_response(429, f"Too many requests: {error.description}. Try again later.")
        # Flask-Limiter adds Retry-After and X-RateLimit-* to this response afterwards.
        return response

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> Response:
        code = error.code or 500
        data = getattr(error, "data", None) or {}
        # webargs/flask-smorest put validation messages on error.data
        errors = field_errors(data.get("messages") or data.get("errors") or {})
        message = data.get("message") or (
            invalid_fields(errors) if code == 422 and errors else error.description
        )
        response = error_response(code, message, errors)
        if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        log.exception("Unhandled error")
        return error_response(500, "Something went wrong on our side; it has been logged.")
