"""Each worker keeps the members it signed in, good while no member has changed: whatever
changes a member (a moderator, their own request on another worker, a script writing the
database) counts on the next request to every worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from backend import create_app
from tests.conftest import TEST_CONFIG, close_app
from tests.people import PASSWORD, ApiClient, People


@pytest.fixture
def worker(database_url: str) -> Iterator[Flask]:
    """A second worker on the same database."""
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    yield other
    close_app(other)


def on(worker: Flask, person: ApiClient) -> ApiClient:
    """The same browser (its session cookie) sending requests to another worker."""
    twin = ApiClient(worker)
    cookie = person.client.get_cookie("commonplace_session")
    assert cookie is not None
    twin.client.set_cookie(cookie.key, cookie.value)
    twin.user = person.user
    return twin


def signed_in_as(client: ApiClient) -> int | None:
    me = client.get("/auth/me")
    return int(me.get_json()["id"]) if me.status_code == 200 else None


def test_a_suspension_counts_at_once_in_every_worker(people: People, moderator: ApiClient, worker: Flask):
    person = people.member()
    q = person.ask()
    elsewhere = on(worker, person)
    before = elsewhere.post(f"/questions/{q['id']}/comments", {"body": "Before the suspension."})
    assert before.status_code == 201
    suspended = moderator.post(f"/users/{person.id}/suspension", {"days": 3, "reason": "Spam links."})
    assert suspended.status_code == 200
    refused = elsewhere.post(f"/questions/{q['id']}/comments", {"body": "After the suspension."})
    assert refused.status_code == 403 and "suspended" in refused.get_json()["message"]


def test_a_session_ended_on_one_worker_ends_on_every_worker(people: People, worker: Flask):
    person = people.member()
    elsewhere = on(worker, person)
    assert signed_in_as(elsewhere) == person.id
    new_password = {"current_password": PASSWORD, "new_password": "a new long passphrase"}
    changed = person.post("/me/password", new_password)
    assert changed.status_code == 204
    assert signed_in_as(person) == person.id  # the session that changed it stays
    assert signed_in_as(elsewhere) is None  # the same old cookie, on the other worker


def test_a_new_role_counts_at_once_in_every_worker(people: People, worker: Flask):
    person = people.member()
    elsewhere = on(worker, person)
    assert elsewhere.get("/auth/me").get_json()["role"] == "member"
    admin = people.admin()
    assert admin.patch(f"/users/{person.id}", {"role": "moderator"}).status_code == 200
    assert elsewhere.get("/auth/me").get_json()["role"] == "moderator"


def test_a_mute_counts_at_once_in_every_worker(people: People, worker: Flask):
    asked = people.member().ask(title="Which travel agency books our flights?", tags=["travel"])
    person = people.member()
    elsewhere = on(worker, person)

    def listed() -> list[int]:
        return [q["id"] for q in elsewhere.get("/questions").get_json()["items"]]

    assert asked["id"] in listed()
    assert person.put("/me/tags/travel/mute").status_code == 200
    assert asked["id"] not in listed()
    assert person.delete("/me/tags/travel/mute").status_code == 200
    assert asked["id"] in listed()


def test_a_deleted_account_is_signed_out_of_every_worker(people: People, worker: Flask):
    person = people.member()
    elsewhere = on(worker, person)
    assert signed_in_as(elsewhere) == person.id
    assert person.delete("/me", json={"password": PASSWORD}).status_code == 204
    assert signed_in_as(elsewhere) is None


def test_a_change_written_straight_to_the_database_counts_too(
    people: People, app: Flask, worker: Flask, database_url: str
):
    """An operator's script, a restore, an import: no service of ours is told."""
    person = people.member()
    elsewhere = on(worker, person)
    assert signed_in_as(person) == signed_in_as(elsewhere) == person.id
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET is_active = false WHERE id = :id"), {"id": person.id})
    engine.dispose()
    assert signed_in_as(person) is None
    assert signed_in_as(elsewhere) is None


def test_every_worker_shows_a_reputation_earned_on_another(people: People, worker: Flask):
    person = people.member()
    elsewhere = on(worker, person)
    before = elsewhere.get("/auth/me").get_json()["reputation"]
    answered = person.answer(people.member().ask()["id"])
    voter = people.member()
    assert voter.vote("answers", answered["id"], 1).status_code == 200
    assert elsewhere.get("/auth/me").get_json()["reputation"] > before
