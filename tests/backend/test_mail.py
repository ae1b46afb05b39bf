"""Activity mail, end to end: the request writes outbox rows, the mail worker sends them to a
real SMTP server (aiosmtpd on loopback), and the one-click unsubscribe link works."""

from __future__ import annotations

import re
import threading
import time
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from itsdangerous import URLSafeSerializer
from sqlalchemy import select, update

from backend.extensions import db
from backend.mail import sending
from backend.mail.tokens import SALT
from backend.models import MailOutbox, MailStatus, User, utcnow
from tests.mail_server import MailServer
from tests.people import People

SITE = "https://forum.example.org"


@pytest.fixture
def app_config(smtp: MailServer) -> dict:
    return {"SMTP_URL": smtp.url, "SITE_URL": SITE, "MAIL_THREAD_WINDOW_SECONDS": 1.5}


def send(app: Flask) -> sending.Round:
    """One round of the mail worker."""
    with app.app_context():
        return sending.send_due(sending.current_transport())


def rows(app: Flask) -> list[MailOutbox]:
    with app.app_context():
        found = list(db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)))
        db.session.expunge_all()
        return found


def email_of(person) -> str:  # type: ignore[no-untyped-def]
    return str(person.me()["email"])


def header(message: EmailMessage, name: str) -> str:
    # A value longer than a line is folded right after the colon: the parser keeps that space.
    return str(message[name]).strip()


def subject(message: EmailMessage) -> str:
    return header(message, "Subject")


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def one_click(app: Flask, message: EmailMessage, body: str = "List-Unsubscribe=One-Click"):  # type: ignore[no-untyped-def]
    """What a mail client does with List-Unsubscribe-Post: a POST, no cookie, no CSRF token."""
    url = header(message, "List-Unsubscribe").strip("<>")
    assert url.startswith(f"{SITE}/api/v1/mail/unsubscribe?token=")
    parts_ = urlsplit(url)
    return app.test_client().post(
        parts_.path,
        query_string=parts_.query,
        data=body,
        content_type="application/x-www-form-urlencoded",
    )


def test_an_answer_mails_the_asker_a_multipart_message_with_one_click_unsubscribe(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker, answerer = people.member("Ana Asker"), people.member("Bo Answerer")
    question = asker.ask(title="How do I rotate the shift handover log?")
    answer = answerer.answer(
        question["id"], "Use the **rotate** button, then [read this](/tags/ops) and [the guide](docs/rotate)."
    )

    assert send(app).sent == 1
    [message] = smtp.wait_for(1, to=email_of(asker))
    assert subject(message) == "Bo Answerer answered your question: How do I rotate the shift handover log?"
    assert message["To"].addresses[0].display_name == "Ana Asker"
    text, html = parts(message)
    thread = f"{SITE}/questions/{question['id']}"
    assert f"{thread}#answer-{answer['id']}" in text and "Use the **rotate** button" in text
    assert "<strong>rotate</strong>" in html and f'href="{SITE}/tags/ops"' in html
    assert f'href="{SITE}/docs/rotate"' in html  # no link in a mail is relative
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    # As sent, on one line, unencoded: a mail client reads the URL as it is (RFC 8058).
    [raw] = smtp.raw
    unsubscribe = re.search(rb"^List-Unsubscribe: <(\S+)>\r?$", raw, re.MULTILINE)
    assert unsubscribe is not None, raw[:800]
    assert unsubscribe.group(1).decode() == header(message, "List-Unsubscribe").strip("<>")
    assert re.search(rb"^Subject: Bo Answerer answered your question: How do I rotate", raw, re.MULTILINE)
    assert header(message, "Message-ID") == rows(app)[0].message_id
    assert header(message, "References") == f"<thread-{question['id']}@forum.example.org>"

    response = one_click(app, message)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["kind"] == "activity"
    assert asker.me()["email_activity"] is False
    answerer.answer(question["id"], "And archive the old one first.")
    time.sleep(1.6)  # past the thread's window: it would have been due
    assert send(app).rows == 0
    assert len(smtp.messages(email_of(asker))) == 1


def test_events_on_one_thread_within_minutes_come_as_one_mail(
    app: Flask, people: People, smtp: MailServer
) -> None:
    # Wide enough that the three requests below fit in it on a loaded CI machine (1.5 s did not).
    app.config["MAIL_THREAD_WINDOW_SECONDS"] = 4
    asker = people.member()
    question = asker.ask()
    first, second, third = people.member("First"), people.member("Second"), people.member("Third")
    first.answer(question["id"])
    assert send(app).sent == 1  # the first event goes at once
    second.answer(question["id"])
    third.answer(question["id"])
    commented = third.post(f"/questions/{question['id']}/comments", {"body": "Which version do you run?"})
    assert commented.status_code == 201, commented.get_json()
    assert send(app).rows == 0  # the rest wait for the thread's window
    time.sleep(4.1)
    assert send(app).sent == 1
    mails = smtp.wait_for(2, to=email_of(asker))
    assert len(mails) == 2
    assert subject(mails[1]).startswith("3 updates on: ")
    text, _ = parts(mails[1])
    assert "Second answered your question" in text and "Third commented" in text
    # Each item links to its post on the thread's page: the comment, not only its thread.
    thread = f"{SITE}/questions/{question['id']}"
    assert f"{thread}#comment-{commented.get_json()['id']}" in text, text
    assert len(rows(app)) == 2


def test_a_tampered_or_foreign_link_is_refused_and_changes_nothing(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker = people.member()
    people.member().answer(asker.ask()["id"])
    send(app)
    [message] = smtp.wait_for(1)
    token = parse_qs(urlsplit(header(message, "List-Unsubscribe").strip("<>")).query)["token"][0]
    client = app.test_client()
    foreign = URLSafeSerializer("another-site-key", salt=SALT).dumps([asker.id, "activity"])
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), foreign, "x"):
        response = client.post("/api/v1/mail/unsubscribe", query_string={"token": bad})
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["errors"] == {"token": ["Not a link this site sent."]}
        assert client.get("/api/v1/mail/unsubscribe", query_string={"token": bad}).status_code == 403
    assert asker.me()["email_activity"] is True

    # Opened in a browser, the link changes nothing and sends to the page that confirms.
    opened = client.get("/api/v1/mail/unsubscribe", query_string={"token": token})
    assert opened.status_code == 303
    assert opened.headers["Location"].startswith("/unsubscribe?token=")
    assert "kind=activity" in opened.headers["Location"]
    assert asker.me()["email_activity"] is True


def test_a_permanent_refusal_fails_the_row_and_the_address_gets_no_more_mail(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker, answerer = people.member(), people.member()
    address = email_of(asker)
    smtp.refuse_for_good.add(address)
    first, second = asker.ask(), asker.ask()
    answerer.answer(first["id"])
    assert send(app).failed == 1
    [failed] = rows(app)
    assert failed.status is MailStatus.FAILED and failed.last_error == "550 5.1.1 No such mailbox here"

    answerer.answer(second["id"])
    assert send(app).skipped == 1
    assert rows(app)[1].status is MailStatus.SKIPPED
    assert "refused" in (rows(app)[1].last_error or "")

    # The admin's way back: `flask mail retry` queues the failed row again and mails the address.
    smtp.refuse_for_good.clear()
    result = app.test_cli_runner().invoke(args=["mail", "retry"])
    assert result.exit_code == 0 and "queued 1 failed mails again" in result.output
    assert send(app).sent == 1
    [delivered] = smtp.wait_for(1, to=address)
    assert header(delivered, "Message-ID") == failed.message_id
    status = app.test_cli_runner().invoke(args=["mail", "status"])
    assert "pending 0  sent 1  failed 0  skipped 1" in status.output, status.output


def test_a_temporary_refusal_is_tried_again_later(app: Flask, people: People, smtp: MailServer) -> None:
    asker = people.member()
    smtp.refuse_for_now.add(email_of(asker))
    people.member().answer(asker.ask()["id"])
    assert send(app).retrying == 1
    [row] = rows(app)
    assert row.status is MailStatus.PENDING and row.attempts == 1 and row.available_at > utcnow()
    assert row.last_error == "451 4.2.0 Mailbox busy, try again later"
    smtp.refuse_for_now.clear()
    time.sleep(1.1)  # the first back-off is a second
    assert send(app).sent == 1
    assert len(smtp.wait_for(1)) == 1


def test_mail_queued_while_the_server_is_down_all_arrives_once_it_is_back(
    app: Flask, people: People, smtp: MailServer
) -> None:
    askers = [people.member() for _ in range(3)]
    answerer = people.member()
    smtp.stop()
    worker = sending.Worker(sending.current_transport, poll_interval=0.05, probe_interval=0.2)

    def run() -> None:
        with app.app_context():
            worker.run()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        for asker in askers:
            answerer.answer(asker.ask()["id"])
        deadline = time.monotonic() + 10
        while not all(row.attempts for row in rows(app)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(row.status is MailStatus.PENDING and row.attempts >= 1 for row in rows(app))
        assert smtp.messages() == []
        smtp.start()
        for asker in askers:
            smtp.wait_for(1, to=email_of(asker), timeout=10)
    finally:
        worker.stop.set()
        thread.join(timeout=10)
    time.sleep(0.3)  # nothing more is on its way
    assert sorted(header(m, "Message-ID") for m in smtp.messages()) == sorted(r.message_id for r in rows(app))
    assert all(row.status is MailStatus.SENT for row in rows(app))


def test_suspended_and_deactivated_people_get_no_mail(app: Flask, people: People, smtp: MailServer) -> None:
    suspended, deactivated, answerer = people.member(), people.member(), people.member()
    questions = [suspended.ask(), deactivated.ask()]
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == suspended.id).values(suspended_until=utcnow().replace(year=2100))
        )
        db.session.commit()
    for question in questions:
        answerer.answer(question["id"])
    with app.app_context():
        db.session.execute(update(User).where(User.id == deactivated.id).values(is_active=False))
        db.session.commit()
    assert send(app).skipped == 2
    assert [row.last_error for row in rows(app)] == ["the account is suspended", "the account is deactivated"]
    assert smtp.messages() == []


def test_a_post_hidden_before_the_mail_leaves_is_not_in_it(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker, moderator = people.member(), people.moderator()
    answer = people.member().answer(asker.ask()["id"], "Buy my course at spam.example")
    hidden = moderator.post(f"/answers/{answer['id']}/hide", {"reason": "Spam"})
    assert hidden.status_code == 200, hidden.get_json()
    assert send(app).skipped == 1
    assert smtp.messages() == []


def test_an_anonymous_asker_is_never_named(app: Flask, people: People, smtp: MailServer) -> None:
    asker, answerer = people.member("Secret Person"), people.member()
    question = asker.ask(anonymous=True)
    answer = answerer.answer(question["id"])
    comment = asker.post(f"/answers/{answer['id']}/comments", {"body": "Thanks, what about staging?"})
    assert comment.status_code == 201, comment.get_json()
    assert asker.accept(answer["id"]).status_code == 200
    send(app)
    [message] = smtp.wait_for(1, to=email_of(answerer))  # both events before it left: one mail
    text, html = parts(message)
    assert "Secret Person" not in f"{message['Subject']}{text}{html}"
    assert "The asker commented" in text and "The asker accepted your answer" in text


def test_mail_settings_are_mine_to_choose(people: People) -> None:
    person = people.member()
    assert person.me()["email_activity"] is True and person.me()["digest"] == "weekly"
    changed = person.patch("/me", {"digest": "daily", "email_activity": False})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["digest"] == "daily" and changed.get_json()["email_activity"] is False
    assert person.me()["digest"] == "daily"
    assert person.me()["accepts_invitations"] is True  # left as it was

    wrong = person.patch("/me", {"digest": "hourly"})
    assert wrong.status_code == 422
    assert set(wrong.get_json()["errors"]) == {"digest"}
    empty = person.patch("/me", {})
    assert empty.status_code == 422
    assert person.me()["digest"] == "daily"


@pytest.mark.parametrize("app_config", [{"SMTP_URL": "", "SITE_URL": SITE}])
def test_without_smtp_mail_is_written_to_a_maildir(app: Flask, people: People, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import mailbox

    asker = people.member()
    people.member().answer(asker.ask()["id"])
    assert send(app).sent == 1
    box = mailbox.Maildir(tmp_path / "instance" / "mail", create=False)
    [message] = list(box)
    assert message["To"].endswith(f"<{email_of(asker)}>")
    assert message["List-Unsubscribe"].strip().startswith(f"<{SITE}/api/v1/mail/unsubscribe?token=")


def test_a_mail_claimed_by_a_worker_that_died_is_sent_again_as_the_same_message(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker = people.member()
    people.member().answer(asker.ask()["id"])
    with app.app_context():
        # A worker claimed it, then died before sending (or before recording the send).
        db.session.execute(
            update(MailOutbox).values(status=MailStatus.SENDING, claim="dead", claimed_at=utcnow())
        )
        db.session.commit()
    assert send(app).rows == 0  # someone is on it
    with app.app_context():
        db.session.execute(update(MailOutbox).values(claimed_at=utcnow() - sending.STALE_CLAIM * 2))
        db.session.commit()
        sending.release_stale_claims()
    assert send(app).sent == 1
    [message] = smtp.wait_for(1, to=email_of(asker))
    assert header(message, "Message-ID") == rows(app)[0].message_id


def test_mentions_and_invitations_are_mailed_and_say_who(
    app: Flask, people: People, smtp: MailServer
) -> None:
    asker, expert, named = (
        people.member("Ivy Inviter"),
        people.member("Ed Expert"),
        people.member("Nia Named"),
    )
    question = asker.ask(title="Who can approve a purchase order over the limit?")
    invited = asker.post(f"/questions/{question['id']}/invite", {"user_id": expert.id})
    assert invited.status_code == 201, invited.get_json()
    mention = asker.post(
        f"/questions/{question['id']}/comments", {"body": "@Nia Named you did this last month?"}
    )
    assert mention.status_code == 201, mention.get_json()
    assert send(app).sent == 2
    [to_expert] = smtp.wait_for(1, to=email_of(expert))
    [to_named] = smtp.wait_for(1, to=email_of(named))
    assert (
        subject(to_expert)
        == "Ivy Inviter asked you to answer: Who can approve a purchase order over the limit?"
    )
    assert "I tried the usual steps" in parts(to_expert)[0]  # the question itself, to answer it
    assert (
        subject(to_named) == "Ivy Inviter mentioned you in: Who can approve a purchase order over the limit?"
    )
    assert "you did this last month?" in parts(to_named)[0]
