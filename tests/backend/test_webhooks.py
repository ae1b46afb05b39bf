"""Webhooks for team chat, end to end: an admin registers one, the site's events write
deliveries, and the sender posts them, signed, to a real HTTP receiver on loopback."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from backend.webhooks import delivering
from tests.people import ApiClient, People
from tests.webhook_receiver import Receiver

SITE = "https://forum.example.org"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config() -> dict:
    return {"SITE_URL": SITE}


@pytest.fixture
def admin(people: People) -> ApiClient:
    return people.admin("Ada Admin")


def deliver(app: Flask) -> int:
    with app.app_context():
        return delivering.deliver_due()


def add_webhook(admin: ApiClient, **fields: object) -> dict:
    response = admin.post("/admin/webhooks", fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def deliveries(admin: ApiClient, webhook: dict) -> list[dict]:
    response = admin.get(f"/admin/webhooks/{webhook['id']}/deliveries")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_new_question_is_posted_signed_with_the_webhooks_secret(
    app: Flask, people: People, admin: ApiClient, receiver: Receiver
) -> None:
    webhook = add_webhook(admin, url=receiver.url, format="generic")
    assert webhook["events"] == ["answered", "asked", "resolved"] and webhook["tags"] == []
    asker = people.member("Pat Poster")
    question = asker.ask(title="Who restocks the first-aid kits?", tags=["facilities"])

    assert deliver(app) == 1
    [got] = receiver.requests()
    document = got.json()
    assert document["event"] == "question.asked"
    assert document["question"]["title"] == "Who restocks the first-aid kits?"
    assert document["question"]["url"] == f"{SITE}/questions/{question['id']}"
    assert document["question"]["tags"] == ["facilities"] and document["question"]["asked_by"] == "Pat Poster"
    expected = "sha256=" + hmac.new(webhook["secret"].encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-Commonplace-Signature"] == expected
    assert got.headers["X-Commonplace-Event"] == "question.asked"

    [delivery] = deliveries(admin, webhook)
    assert delivery["status"] == "delivered" and delivery["status_code"] == 200
    assert isinstance(delivery["duration_ms"], int) and delivery["attempts"] == 1
    assert deliver(app) == 0  # once


def test_a_slack_webhook_gets_only_its_tags_and_events(
    app: Flask, people: People, admin: ApiClient, receiver: Receiver
) -> None:
    add_webhook(admin, url=receiver.url, tags=["Shift-Handover"], events=["resolved"])
    asker, helper = people.member(), people.member("Hal <Helper>")
    asker.ask(tags=["payroll"])
    question = asker.ask(title="Is the handover at 6 & 18?", tags=["shift-handover"])
    answer = helper.answer(question["id"])
    assert deliver(app) == 0  # asked and answered are not wanted, payroll is not its tag
    assert asker.accept(answer["id"]).status_code == 200
    assert deliver(app) == 1
    [got] = receiver.requests()
    url = f"{SITE}/questions/{question['id']}"
    assert got.json() == {
        "text": f"Resolved in shift-handover: <{url}|Is the handover at 6 &amp; 18?> "
        "(accepted answer by Hal &lt;Helper&gt;)"
    }


def test_only_what_an_anonymous_reader_sees_is_sent(
    app: Flask, people: People, admin: ApiClient, receiver: Receiver
) -> None:
    webhook = add_webhook(admin, url=receiver.url, format="generic")
    asker = people.member("Secret Person")
    anonymous = asker.ask(anonymous=True)
    asker.answer(anonymous["id"], "Found it myself: it is on the intranet.")
    hidden = people.member().ask(title="Buy cheap watches")
    hide = people.moderator().post(f"/questions/{hidden['id']}/hide", {"reason": "Spam"})
    assert hide.status_code == 200

    deliver(app)
    bodies = [got.body.decode() for got in receiver.requests()]
    assert len(bodies) == 2  # the anonymous question and its asker's answer; not the spam
    assert all("Secret Person" not in body for body in bodies)
    assert [got.json()["question"]["asked_by"] for got in receiver.requests()] == [None, None]
    assert receiver.requests()[1].json()["answer"]["author"] is None
    statuses = sorted(d["status"] for d in deliveries(admin, webhook))
    assert statuses == ["delivered", "delivered", "skipped"]


def test_failing_receivers_are_recorded_and_retried_and_never_slow_the_site(
    app: Flask, people: People, admin: ApiClient, receiver: Receiver
) -> None:
    failing = add_webhook(admin, url=receiver.url, events=["asked"])
    receiver.status = 500
    people.member().ask()
    assert deliver(app) == 1
    [delivery] = deliveries(admin, failing)
    assert delivery["status"] == "pending" and delivery["status_code"] == 500 and delivery["attempts"] == 1
    assert delivery["last_error"] == "500 Internal Server Error"

    receiver.status = 200
    assert deliver(app) == 0  # backing off
    time.sleep(2.1)
    assert deliver(app) == 1
    assert deliveries(admin, failing)[0]["status"] == "delivered"
    assert len(receiver.requests()) == 2

    # Nobody listening at all: the question is still asked; the delivery records why.
    receiver.stop()
    people.member().ask()
    assert deliver(app) == 1
    latest = deliveries(admin, failing)[0]
    assert latest["status"] == "pending" and latest["status_code"] is None and latest["last_error"]


def test_webhooks_are_for_admins_and_checked(people: People, admin: ApiClient, anon: ApiClient) -> None:
    for url in ("ftp://chat.example.org/hook", "javascript:alert(1)", "not a url", ""):
        response = admin.post("/admin/webhooks", {"url": url})
        assert response.status_code == 422, url
        assert set(response.get_json()["errors"]) == {"url"}
    wrong = admin.post("/admin/webhooks", {"url": "https://chat.example.org/h", "events": ["exploded"]})
    assert wrong.status_code == 422 and set(wrong.get_json()["errors"]) == {"events"}
    assert admin.post("/admin/webhooks", {"url": "https://x.example", "events": []}).status_code == 422
    assert admin.get("/admin/webhooks").get_json() == []

    assert people.moderator().get("/admin/webhooks").status_code == 403
    assert anon.get("/admin/webhooks").status_code == 401
    webhook = add_webhook(admin, url="https://chat.example.org/hooks/team")
    paused = admin.patch(f"/admin/webhooks/{webhook['id']}", {"is_active": False})
    assert paused.status_code == 200 and paused.get_json()["is_active"] is False
    assert admin.delete(f"/admin/webhooks/{webhook['id']}").status_code == 204
    assert admin.get(f"/admin/webhooks/{webhook['id']}/deliveries").status_code == 404
