"""Idempotency-Key on creating a question, an answer or a comment: a retried submission
returns what the first made instead of posting it twice."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from backend.extensions import db
from backend.models import Answer, Comment, IdempotencyKey, Question
from tests.backend.test_errors import assert_error
from tests.people import ApiClient, People

QUESTION = {
    "title": "How do I get a parking permit for the new site?",
    "body": "The form on the intranet asks for a cost centre I do not have yet.",
    "tags": ["facilities"],
}


def post(client: ApiClient, path: str, body: dict[str, Any], key: str | None) -> Any:
    headers = {"X-CSRF-Token": client.csrf()}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.client.post("/api/v1" + path, json=body, headers=headers)


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_retried_question_is_posted_once(app: Flask, member: ApiClient) -> None:
    first = post(member, "/questions", QUESTION, "4d8c7a2e-retry-1")
    again = post(member, "/questions", QUESTION, "4d8c7a2e-retry-1")
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["title"] == QUESTION["title"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(app, Question) == 1


def test_retried_answers_and_comments_are_posted_once(app: Flask, people: People, member: ApiClient) -> None:
    question = people.member().ask()
    answer_body = {"body": "Ask reception for a temporary permit until the cost centre exists."}
    answers = [
        post(member, f"/questions/{question['id']}/answers", answer_body, "answer-key") for _ in range(2)
    ]
    assert answers[0].get_json()["id"] == answers[1].get_json()["id"]
    answer_id = answers[0].get_json()["id"]
    for path in (f"/questions/{question['id']}/comments", f"/answers/{answer_id}/comments"):
        comments = [post(member, path, {"body": "Thanks, that worked."}, "comment" + path) for _ in range(2)]
        assert [c.status_code for c in comments] == [201, 201]
        assert comments[0].get_json()["id"] == comments[1].get_json()["id"]
    assert count(app, Answer) == 1
    assert count(app, Comment) == 2


def test_without_a_key_every_request_posts(app: Flask, member: ApiClient) -> None:
    post(member, "/questions", QUESTION, None)
    post(member, "/questions", QUESTION, None)
    assert count(app, Question) == 2


def test_keys_belong_to_one_person(app: Flask, people: People) -> None:
    first, second = people.member(), people.member()
    a = post(first, "/questions", QUESTION, "shared-key").get_json()
    b = post(second, "/questions", QUESTION, "shared-key").get_json()
    assert a["id"] != b["id"]
    assert count(app, Question) == 2


def test_a_key_reused_for_another_request_is_refused(app: Flask, member: ApiClient) -> None:
    post(member, "/questions", QUESTION, "one-key")
    other = post(member, "/questions", {**QUESTION, "title": "Another question about parking?"}, "one-key")
    assert "Idempotency-Key" in assert_error(other, 422)["errors"]
    question_id = count(app, Question)
    answer = post(member, f"/questions/{question_id}/answers", {"body": "x" * 30}, "one-key")
    assert_error(answer, 422)
    assert count(app, Question) == 1
    assert count(app, Answer) == 0


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "caf\u00e9"])
def test_a_malformed_key_is_refused(app: Flask, member: ApiClient, key: str) -> None:
    response = member.client.post(
        "/api/v1/questions",
        json=QUESTION,
        headers={"X-CSRF-Token": member.csrf(), "Idempotency-Key": key.encode().decode("latin-1")},
    )
    assert "Idempotency-Key" in assert_error(response, 422)["errors"]
    assert count(app, Question) == 0


def test_a_failed_request_can_be_retried_with_its_key(app: Flask, member: ApiClient) -> None:
    refused = post(member, "/questions", {**QUESTION, "tags": []}, "fix-and-retry")
    assert refused.status_code == 422
    assert post(member, "/questions", {**QUESTION, "tags": []}, "fix-and-retry").status_code == 422
    assert count(app, IdempotencyKey) == 0


def test_a_key_is_forgotten_after_a_day(app: Flask, member: ApiClient) -> None:
    post(member, "/questions", QUESTION, "day-old")
    with app.app_context():
        for row in db.session.scalars(select(IdempotencyKey)):
            row.created_at -= timedelta(hours=24, seconds=1)
        db.session.commit()
    assert "Idempotent-Replayed" not in post(member, "/questions", QUESTION, "day-old").headers
    assert count(app, Question) == 2
    assert count(app, IdempotencyKey) == 1


def test_two_copies_arriving_at_once_make_one_question(app: Flask, member: ApiClient) -> None:
    """A client that retries before the first attempt has answered: the copies race."""
    cookie = member.client.get_cookie("commonplace_session")
    assert cookie is not None
    clients = []
    for _ in range(4):
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value)
        clients.append(client)
    statuses: list[int] = []
    ids: list[int] = []

    def send(client: Any) -> None:
        response = client.post(
            "/api/v1/questions",
            json=QUESTION,
            headers={"X-CSRF-Token": member.csrf(), "Idempotency-Key": "raced"},
        )
        statuses.append(response.status_code)
        ids.append(response.get_json().get("id"))

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [201] * 4
    assert len(set(ids)) == 1
    assert count(app, Question) == 1
