"""POST /api/v1/markdown/preview: a draft rendered by the same rules as a saved post."""

from __future__ import annotations

from tests.people import ApiClient

SCRIPTED = "Try this:\n\n<script>alert(1)</script>\n\n[site](javascript:alert(2)) and `code`"


def test_the_preview_is_what_the_saved_post_shows(member: ApiClient) -> None:
    body = "# Steps\n\n1. **Clear** the cache\n2. Run it again\n\n" + SCRIPTED
    question = member.ask(body=body)
    response = member.post("/markdown/preview", {"body": body})
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"html": question["body_html"]}


def test_the_preview_never_carries_script_or_javascript_links(member: ApiClient) -> None:
    html = member.post("/markdown/preview", {"body": SCRIPTED}).get_json()["html"]
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html
    assert "<code>code</code>" in html


def test_a_short_draft_can_be_previewed(member: ApiClient) -> None:
    assert member.post("/markdown/preview", {"body": ""}).get_json() == {"html": ""}


def test_a_missing_or_oversized_body_is_a_field_error(member: ApiClient) -> None:
    for sent in ({}, {"body": "x" * 30_001}, {"body": 12}, {"body": "ok", "extra": 1}):
        response = member.post("/markdown/preview", sent)
        assert response.status_code == 422, sent
        data = response.get_json()
        assert set(data) == {"code", "status", "message", "errors"}
        assert set(data["errors"]) & {"body", "extra"}, data


def test_signed_out_visitors_cannot_preview(anon: ApiClient) -> None:
    response = anon.post("/markdown/preview", {"body": "hello"})
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
