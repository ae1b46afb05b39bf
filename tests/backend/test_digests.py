"""The digest of a person's communities: what it lists and leaves out, when it is due, and
that it reaches a real SMTP server (aiosmtpd) with its own unsubscribe link."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest
from flask import Flask
from sqlalchemy import select, update

from backend import weeks as synthesis_weeks
from backend.extensions import db
from backend.mail import digests, sending
from backend.models import DigestFrequency, MailKind, MailOutbox, User, utcnow
from tests.mail_server import MailServer
from tests.people import ApiClient, People

SITE = "https://forum.example.org"


@pytest.fixture
def app_config(smtp: MailServer) -> dict:
    return {"SMTP_URL": smtp.url, "SITE_URL": SITE}


def run(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["mail", "digest", *args])
    assert result.exit_code == 0, result.output
    return str(result.output)


def digest_rows(app: Flask) -> dict[int, dict]:
    with app.app_context():
        rows = db.session.scalars(select(MailOutbox).where(MailOutbox.kind == MailKind.DIGEST)).all()
        return {row.recipient_id: row.events[0] for row in rows}


def send_all(app: Flask) -> None:
    with app.app_context():
        sending.send_due(sending.current_transport())


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def set_user(app: Flask, person: ApiClient, **values: object) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.id == person.id).values(**values))
        db.session.commit()


def follow(person: ApiClient, *tags: str, mute: tuple[str, ...] = ()) -> None:
    for tag in tags:
        assert person.put(f"/me/tags/{tag}/follow").status_code == 200
    for tag in mute:
        assert person.put(f"/me/tags/{tag}/mute").status_code == 200


def test_a_forced_weekly_digest_lists_the_followed_communities_and_nothing_muted(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker, helper, reader = (
        people.member("Secret Asker"),
        people.member("Hal Helper"),
        people.member("Rea Reader"),
    )
    unanswered = asker.ask(title="Who covers the night shift handover on holidays?", tags=["shift-handover"])
    answered = asker.ask(title="Where is the handover checklist kept?", tags=["shift-handover"])
    resolved = asker.ask(title="How long is the handover meeting?", tags=["shift-handover"], anonymous=True)
    muted = asker.ask(title="When is the overtime paid?", tags=["shift-handover", "payroll"])
    hidden = asker.ask(title="Spam about shift-handover", tags=["shift-handover"])
    helper.answer(answered["id"])
    answer = helper.answer(resolved["id"], "Fifteen minutes, standing.")
    assert asker.accept(answer["id"]).status_code == 200
    assert people.moderator().post(f"/questions/{hidden['id']}/hide", {"reason": "Spam"}).status_code == 200
    follow(reader, "shift-handover", mute=("payroll",))

    assert "weekly: queued" in run(app, "--frequency", "weekly", "--force")
    digest = digest_rows(app)[reader.id]
    assert digest["help"] == [unanswered["id"]]
    assert digest["new"] == [answered["id"]]  # resolved is listed as resolved only
    assert digest["resolved"] == [resolved["id"]]
    assert muted["id"] not in digest["new"] and hidden["id"] not in digest["new"]

    send_all(app)
    [message] = smtp.wait_for(1, to=reader.me()["email"])
    text = text_of(message)
    assert str(message["Subject"]).strip() == "Weekly digest: 1 you could help with, 1 new, 1 resolved"
    assert (
        text.index("You could help") < text.index("Who covers the night shift") < text.index("New questions")
    )
    assert f"{SITE}/questions/{resolved['id']}" in text
    for absent in ("overtime", "Spam about", "Secret Asker"):
        assert absent not in text and absent not in message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert str(message["List-Unsubscribe"]).strip().startswith(f"<{SITE}/api/v1/mail/unsubscribe?token=")

    # Its own link stops the digest, not activity mail.
    link = str(message["List-Unsubscribe"]).strip().strip("<>").removeprefix(SITE)
    response = app.test_client().post(link, data="List-Unsubscribe=One-Click")
    assert response.status_code == 200 and response.get_json()["kind"] == "digest"
    me = reader.me()
    assert me["digest"] == "off" and me["email_activity"] is True


def test_unanswered_questions_reach_those_who_have_answered_well_in_that_tag(
    app: Flask, people: People
) -> None:
    asker, expert, bystander = people.member(), people.member(), people.member()
    old = asker.ask(tags=["forklifts"])
    assert asker.accept(expert.answer(old["id"])["id"]).status_code == 200
    bystander.answer(old["id"])
    fresh = people.member().ask(tags=["forklifts"])
    run(app, "--force")
    rows = digest_rows(app)
    assert rows[expert.id]["help"] == [fresh["id"]]  # follows nothing, but knows forklifts
    assert rows[expert.id]["accepted"] == [old["id"]]  # and is thanked for it
    assert bystander.id not in rows  # answered, never accepted: not an expert, nothing new


def test_thanks_are_celebrated(app: Flask, people: People) -> None:
    asker, answerer = people.member(), people.member()
    question = asker.ask()
    answer = answerer.answer(question["id"])
    for thanker in (asker, people.member()):
        assert thanker.put(f"/answers/{answer['id']}/helped").status_code == 200
    run(app, "--force")
    assert digest_rows(app)[answerer.id]["helped"] == [[question["id"], 2]]


def test_digests_come_when_due_once_and_never_for_nothing(app: Flask, people: People) -> None:
    people.member().ask(tags=["tools-and-systems"])
    weekly, daily, newcomer, off, quiet = (people.member() for _ in range(5))
    for person in (weekly, daily, newcomer, off):
        follow(person, "tools-and-systems")
    now = utcnow()
    long_ago = now - timedelta(days=30)
    set_user(app, weekly, digest_sent_at=now - timedelta(days=8), created_at=long_ago)
    set_user(
        app, daily, digest=DigestFrequency.DAILY, digest_sent_at=now - timedelta(hours=2), created_at=long_ago
    )
    set_user(app, off, digest=DigestFrequency.OFF, created_at=long_ago)
    set_user(app, quiet, created_at=long_ago)

    output = run(app)
    assert "weekly: queued 1 digests for 2 people (1 with nothing new)" in output
    assert "daily: queued 0 digests for 0 people" in output
    assert set(digest_rows(app)) == {weekly.id}  # the newcomer's first is a week after joining
    with app.app_context():
        checked = db.session.scalar(select(User.digest_sent_at).where(User.id == quiet.id))
    assert checked is not None and checked > now - timedelta(minutes=1)  # its next week starts now

    assert "weekly: queued 0 digests for 0 people" in run(app)  # not twice
    assert "would queue 1 digests" in run(app, "--frequency", "daily", "--force", "--dry-run")
    assert set(digest_rows(app)) == {weekly.id}


def test_the_worker_queues_due_digests_on_its_own(app: Flask, people: People, smtp: MailServer) -> None:
    reader = people.member()
    people.member().ask(tags=["tools-and-systems"])
    follow(reader, "tools-and-systems")
    set_user(app, reader, digest_sent_at=utcnow() - timedelta(days=8))
    worker = sending.Worker(sending.current_transport, poll_interval=0.05)

    import threading

    def work() -> None:
        with app.app_context():
            worker.run()

    thread = threading.Thread(target=work)
    thread.start()
    try:
        smtp.wait_for(1, to=reader.me()["email"])
    finally:
        worker.stop.set()
        thread.join(timeout=10)
    with app.app_context():
        assert digests.queue_due(DigestFrequency.WEEKLY, utcnow()).queued == 0  # a restart repeats nothing


def test_a_published_synthesis_tops_the_followers_digest(
    app: Flask, people: People, smtp: MailServer
) -> None:
    follower, other, asker, helper = people.member(), people.member(), people.member(), people.member()
    question = asker.ask(title="Where do I change my bank details for salary payments?", tags=["payroll"])
    follow(follower, "payroll")
    answer = helper.answer(question["id"], "In the HR portal, under Pay > Bank details.")
    assert asker.accept(answer["id"]).status_code == 200
    moderator = people.moderator()
    with app.app_context():
        week = synthesis_weeks.current()
    result = app.test_cli_runner().invoke(args=["synthesis", "draft", "--tag", "payroll", "--week", week])
    assert result.exit_code == 0, result.output
    (draft,) = moderator.get("/tags/payroll/syntheses").get_json()["items"]
    body = draft["body"].replace("_Add what", "Bank changes take a month. _Add what")
    assert moderator.patch(f"/syntheses/{draft['id']}", {"body": body}).status_code == 200
    assert moderator.post(f"/syntheses/{draft['id']}/publish").status_code == 200

    run(app, "--force")
    rows = digest_rows(app)
    assert rows[follower.id]["syntheses"] == [draft["id"]]
    assert "syntheses" not in rows.get(other.id, {})
    send_all(app)
    (mail,) = smtp.wait_for(1, to=follower.me()["email"])
    assert str(mail["Subject"]).startswith("Weekly digest: the week in payroll")
    text = text_of(mail)
    assert text.index("The weekly synthesis of payroll") < text.index("Newly resolved")
    assert f"{SITE}/tags/payroll/syntheses#{week}" in text and "Bank changes take a month." in text
    html = mail.get_body(("html",)).get_content()
    assert f'href="{SITE}/r/{question["id"]}"' in html
