"""Shared by the guard tests (authorization matrix, CSRF, fuzzing): a small site whose ids fill
the app's URL rules, real URLs for those rules, and a snapshot of every row to prove a refused
request wrote nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from backend.extensions import db
from tests.people import People


def small_site(people: People, tag: str) -> dict[str, Any]:
    """A question in `tag` with an answer and a comment, by two members (the asker signs up
    first): the path values that name them."""
    asker, helper = people.member("Asker"), people.member("Helper")
    question = asker.ask(tags=[tag])
    answer = helper.answer(question["id"])
    comment = asker.post(f"/questions/{question['id']}/comments", {"body": "Which version is this?"})
    assert comment.status_code == 201, comment.get_json()
    return {
        "question_id": question["id"],
        "answer_id": answer["id"],
        "comment_id": comment.get_json()["id"],
        "name": tag,
        "user_id": helper.id,
    }


def fill(rule: str, values: dict[str, Any]) -> str:
    """/api/v1/questions/<int:question_id> -> /api/v1/questions/12."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            pytest.fail(f"No test value for <{name}> in {rule}: add one to the test's path values.")
        return str(values[name])

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", value, rule)


def db_snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables
        }
