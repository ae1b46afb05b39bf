"""Schemathesis over the published spec (/api/v1/openapi.json): every operation, with requests
generated from its schema, signed out and signed in as a member on a site with content,
must never answer 5xx and must answer as the spec says (status codes, content types,
bodies, headers). The ids in paths are the site's own, so the writes reach real posts."""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.guards import small_site
from tests.people import ApiClient, People

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Requests per operation and per kind of caller: with ~125 operations, a minute or two in all.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))


def fuzz(app: Flask, ids: dict[str, Any], caller: ApiClient | None) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"X-CSRF-Token": caller.csrf()} if caller else {}
    session = caller.client.get_cookie("commonplace_session") if caller else None
    cookies = {"commonplace_session": session.value} if session else {}
    failures = []
    for found in schema.get_all_operations():
        operation = found.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            for name in case.path_parameters or {}:
                if name in ids:
                    case.path_parameters[name] = ids[name]
            response = case.call(headers=headers, cookies=cookies)
            case.validate_response(response, checks=CHECKS)

        try:
            check()
        except Exception as error:  # each operation's failures, all reported at once
            failures.append(f"{operation.label}: {str(error)[:2000]}")
    return failures


def test_signed_out_every_operation_answers_as_its_spec_says(app: Flask, people: People) -> None:
    failures = fuzz(app, small_site(people, "fuzzing"), None)
    assert not failures, "\n\n".join(failures)


def test_signed_in_every_operation_answers_as_its_spec_says(app: Flask, people: People) -> None:
    ids = small_site(people, "fuzzing")
    member = people.member()
    assert member.get("/auth/me").status_code == 200
    failures = fuzz(app, ids, member)
    assert not failures, "\n\n".join(failures)
