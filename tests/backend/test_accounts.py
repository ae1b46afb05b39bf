"""The account lifecycle through the public API: passwords (change, reset by mail), confirming
an address, profiles, changing email, the data export and deleting an account. Mail goes to
a real SMTP server (aiosmtpd on loopback) through the mail worker."""

from __future__ import annotations

import re
import time
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from backend.auth.passwords import RESET_SALT, reset_token
from backend.extensions import db
from backend.mail import sending
from backend.models import HelpedMark, Notification, TagPreference, User, Vote
from tests.mail_server import MailServer
from tests.people import PASSWORD, ApiClient

SITE = "https://forum.example.org"
NEW_PASSWORD = "a much better passphrase"


@pytest.fixture
def app_config(smtp: MailServer) -> dict:
    return {"SMTP_URL": smtp.url, "SITE_URL": SITE}


def send(app: Flask) -> sending.Round:
    with app.app_context():
        return sending.send_due(sending.current_transport())


def link_in(message: EmailMessage, path: str) -> str:
    text = message.get_body(("plain",))
    assert text is not None
    (url,) = re.findall(rf"{re.escape(SITE)}{path}\?token=\S+", text.get_content())
    return parse_qs(urlsplit(url).query)["token"][0]


def register(app: Flask, email: str) -> ApiClient:
    person = ApiClient(app)
    response = person.post(
        "/auth/register", {"email": email, "password": PASSWORD, "display_name": "New Person"}
    )
    assert response.status_code == 201, response.get_json()
    person.user = response.get_json()
    return person


# -- passwords ---------------------------------------------------------------------------


def test_changing_the_password_signs_out_other_sessions_only(app, people):
    here = people.member(email="pat@example.com")
    elsewhere = ApiClient(app)
    assert (
        elsewhere.post("/auth/login", {"email": "pat@example.com", "password": PASSWORD}).status_code == 200
    )

    wrong = here.post("/me/password", {"current_password": "not it at all", "new_password": NEW_PASSWORD})
    assert wrong.status_code == 422 and "current_password" in wrong.get_json()["errors"]
    assert elsewhere.get("/auth/me").status_code == 200

    short = here.post("/me/password", {"current_password": PASSWORD, "new_password": "short"})
    assert short.status_code == 422 and "new_password" in short.get_json()["errors"]

    assert (
        here.post("/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}).status_code
        == 204
    )
    assert here.get("/auth/me").status_code == 200
    assert elsewhere.get("/auth/me").status_code == 401
    login = ApiClient(app).post
    assert login("/auth/login", {"email": "pat@example.com", "password": PASSWORD}).status_code == 401
    assert login("/auth/login", {"email": "pat@example.com", "password": NEW_PASSWORD}).status_code == 200


def test_a_reset_link_comes_by_mail_works_once_and_ends_other_sessions(app, people, smtp):
    person = people.member(email="rae@example.com")
    visitor = ApiClient(app)
    response = visitor.post("/auth/password-reset", {"email": "Rae@Example.com"})
    assert response.status_code == 202
    assert send(app).sent == 1
    (mail,) = smtp.wait_for(1, to="rae@example.com")
    assert mail["Subject"] == "Reset your Commonplace password"
    assert mail["List-Unsubscribe"] is None
    token = link_in(mail, "/reset-password")

    confirmed = visitor.post("/auth/password-reset/confirm", {"token": token, "password": NEW_PASSWORD})
    assert confirmed.status_code == 200, confirmed.get_json()
    assert visitor.me()["id"] == person.id  # signed in by the reset
    assert person.get("/auth/me").status_code == 401  # the old session ended

    again = ApiClient(app).post(
        "/auth/password-reset/confirm", {"token": token, "password": "yet another phrase"}
    )
    assert again.status_code == 422 and "already used" in again.get_json()["message"]
    assert (
        ApiClient(app).post("/auth/login", {"email": "rae@example.com", "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_reset_answers_the_same_for_unknown_addresses_and_mails_nobody(app, people, smtp):
    people.member(email="sam@example.com")
    known = ApiClient(app).post("/auth/password-reset", {"email": "sam@example.com"})
    unknown = ApiClient(app).post("/auth/password-reset", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.data == unknown.data
    assert send(app).sent == 1
    assert smtp.messages(to="nobody@example.com") == []


class _AnHourAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 3601


def test_tampered_and_expired_reset_tokens_are_refused(app, people):
    person = people.member(email="tia@example.com")
    with app.app_context():
        good = reset_token(db.session.get_one(User, person.id))
    key = app.config["SECRET_KEY"]
    fingerprint = URLSafeTimedSerializer(key, salt=RESET_SALT).loads(good)[1]
    expired = URLSafeTimedSerializer(key, salt=RESET_SALT, signer=_AnHourAgo).dumps([person.id, fingerprint])
    visitor = ApiClient(app)
    tampered = visitor.post(
        "/auth/password-reset/confirm", {"token": good[:-2] + "xx", "password": NEW_PASSWORD}
    )
    assert tampered.status_code == 422 and "not valid" in tampered.get_json()["message"]
    late = visitor.post("/auth/password-reset/confirm", {"token": expired, "password": NEW_PASSWORD})
    assert late.status_code == 422 and "expired" in late.get_json()["message"]
    assert visitor.get("/auth/me").status_code == 401
    assert (
        visitor.post("/auth/password-reset/confirm", {"token": good, "password": NEW_PASSWORD}).status_code
        == 200
    )


def test_reset_requests_are_rate_limited_per_address(app, people):
    app.config["PASSWORD_RESET_LIMIT"] = "2 per hour"
    people.member(email="uma@example.com")
    codes = [
        ApiClient(app).post("/auth/password-reset", {"email": "uma@example.com"}).status_code
        for _ in range(3)
    ]
    assert codes == [202, 202, 429]


# -- confirming an address ------------------------------------------------------------


def test_signing_up_finishes_by_the_mailed_link(app, people, smtp):
    question = people.member().ask()
    newcomer = ApiClient(app)
    body = {"email": "Vic@Example.com", "password": PASSWORD, "display_name": "Vic Newcomer"}
    response = newcomer.post("/auth/register", body)
    assert response.status_code == 202
    assert response.get_json()["email"] == "vic@example.com"
    assert newcomer.get("/auth/me").status_code == 401

    assert send(app).sent == 1
    (mail,) = smtp.wait_for(1, to="vic@example.com")
    assert mail["List-Unsubscribe"] is None
    token = link_in(mail, "/verify-email")
    bad = newcomer.post("/auth/verify-email", {"token": token[:-3] + "abc"})
    assert bad.status_code == 422 and "not valid" in bad.get_json()["message"]
    confirmed = newcomer.post("/auth/verify-email", {"token": token})
    assert confirmed.status_code == 200
    assert (
        confirmed.get_json()["email_verified"] is True
        and confirmed.get_json()["display_name"] == "Vic Newcomer"
    )
    answered = newcomer.post(
        f"/questions/{question['id']}/answers", {"body": "Try turning the cache off and on again."}
    )
    assert answered.status_code == 201
    used = ApiClient(app).post("/auth/verify-email", {"token": token})
    assert used.status_code == 422 and "already used" in used.get_json()["message"]


def test_signing_up_with_a_taken_address_answers_the_same_and_tells_its_owner(app, people, smtp):
    owner = people.member("Owen Owner", email="owen@example.com")
    fresh = ApiClient(app).post(
        "/auth/register", {"email": "nobody-yet@example.com", "password": PASSWORD, "display_name": "Someone"}
    )
    taken = ApiClient(app).post(
        "/auth/register",
        {"email": "owen@example.com", "password": "another passphrase", "display_name": "Someone"},
    )
    assert fresh.status_code == taken.status_code == 202
    assert set(fresh.get_json()) == set(taken.get_json())
    assert fresh.get_json()["message"] == taken.get_json()["message"]
    assert send(app).sent == 2
    (warning,) = smtp.wait_for(1, to="owen@example.com")
    assert warning["Subject"] == "Someone tried to make a Commonplace account with your address"
    assert owner.me()["display_name"] == "Owen Owner"
    login = {"email": "owen@example.com", "password": PASSWORD}
    assert ApiClient(app).post("/auth/login", login).status_code == 200


def test_a_changed_address_is_confirmed_again_before_posting(app, people, smtp):
    person = people.member(email="xia@example.com")
    question = person.ask()
    assert person.post("/me/email", {"email": "xia@new.example", "password": PASSWORD}).status_code == 200
    refused = person.post(f"/questions/{question['id']}/comments", {"body": "One more detail about this."})
    assert refused.status_code == 403 and "Confirm your email address" in refused.get_json()["message"]
    assert person.get(f"/questions/{question['id']}").status_code == 200  # reading goes on
    assert person.patch("/me", {"digest": "daily"}).status_code == 200  # and settings

    assert person.post("/me/verification").status_code == 202
    assert send(app).sent == 2
    _first, second = smtp.wait_for(2, to="xia@new.example")
    assert person.post("/auth/verify-email", {"token": link_in(second, "/verify-email")}).status_code == 200
    assert (
        person.post(
            f"/questions/{question['id']}/comments", {"body": "One more detail about this."}
        ).status_code
        == 201
    )
    assert person.post("/me/verification").status_code == 422


def test_without_mail_new_accounts_are_confirmed_at_once(database_url, tmp_path, monkeypatch):
    from backend import create_app
    from tests.conftest import TEST_CONFIG, close_app

    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    try:
        person = register(app, "wes@example.com")
        assert person.user is not None and person.user["email_verified"] is True
        assert person.ask()["id"]
    finally:
        close_app(app)


# -- profile and email --------------------------------------------------------------------


def test_the_profile_shows_a_sanitized_about_me_and_a_new_name(app, people, anon):
    person = people.member("Yan")
    question = person.ask()
    response = person.patch(
        "/me/profile", {"display_name": "Yan Yu", "about": "I run **builds**.<script>alert(1)</script>"}
    )
    assert response.status_code == 200, response.get_json()
    profile = anon.get(f"/users/{person.id}").get_json()
    assert profile["display_name"] == "Yan Yu"
    assert "<strong>builds</strong>" in profile["about_html"] and "<script" not in profile["about_html"]
    # Cached thread pages follow the new name.
    assert anon.get(f"/questions/{question['id']}").get_json()["author"]["display_name"] == "Yan Yu"
    assert person.patch("/me/profile", {"display_name": "Y"}).status_code == 422


def test_changing_email_takes_the_password_and_confirmation(app, people, smtp):
    person = people.member(email="zed@example.com")
    other = people.member(email="taken@example.com")
    assert (
        person.post("/me/email", {"email": "zed@new.example", "password": "wrong password"}).status_code
        == 422
    )
    assert person.post("/me/email", {"email": "taken@example.com", "password": PASSWORD}).status_code == 409
    response = person.post("/me/email", {"email": "zed@new.example", "password": PASSWORD})
    assert response.status_code == 200
    assert response.get_json()["email"] == "zed@new.example"
    assert response.get_json()["email_verified"] is False
    assert send(app).sent == 1
    (mail,) = smtp.wait_for(1, to="zed@new.example")
    assert person.post("/auth/verify-email", {"token": link_in(mail, "/verify-email")}).status_code == 200
    assert person.me()["email_verified"] is True
    assert other.me()["email"] == "taken@example.com"


# -- export and deletion ---------------------------------------------------------------


def test_the_export_holds_everything_about_me_and_no_secrets(app, people):
    me_, other = people.member(email="ana@example.com"), people.member()
    question = me_.ask(tags=["builds"])
    assert (
        me_.patch(
            f"/questions/{question['id']}",
            {"body": "Edited: the cache is on a network drive, if that matters."},
        ).status_code
        == 200
    )
    answer = other.answer(question["id"])
    assert me_.vote("answers", answer["id"], 1).status_code == 200
    assert me_.put("/me/tags/builds/follow").status_code == 200
    assert me_.post("/me/tokens", {"name": "bot", "scopes": ["read"]}).status_code == 201
    export = me_.get("/me/export")
    assert export.status_code == 200
    data = export.get_json()
    assert data["profile"]["email"] == "ana@example.com"
    assert [q["id"] for q in data["questions"]] == [question["id"]]
    assert len([r for r in data["revisions"] if r["question_id"] == question["id"]]) == 2
    assert [v["answer_id"] for v in data["votes"]] == [answer["id"]]
    assert {t["tag"] for t in data["tags"]} == {"builds"}
    assert data["api_tokens"][0]["name"] == "bot"
    text = export.get_data(as_text=True)
    assert "password_hash" not in text and "token_hash" not in text and "scrypt" not in text


def test_deleting_my_account_keeps_posts_by_a_former_member(app, people, anon):
    leaver, other = people.member("Leaving Person", email="leaver@example.com"), people.member()
    question = leaver.ask(tags=["ops"])
    answer = other.answer(question["id"])
    assert leaver.vote("answers", answer["id"], 1).status_code == 200
    assert leaver.put(f"/answers/{answer['id']}/helped").status_code == 200
    assert leaver.put("/me/tags/ops/follow").status_code == 200
    token = leaver.post("/me/tokens", {"name": "bot", "scopes": ["read"]}).get_json()["token"]
    second_session = ApiClient(app)
    assert (
        second_session.post("/auth/login", {"email": "leaver@example.com", "password": PASSWORD}).status_code
        == 200
    )

    wrong = leaver.delete("/me", json={"password": "not my password"})
    assert wrong.status_code == 422
    assert leaver.delete("/me", json={"password": PASSWORD}).status_code == 204

    thread = anon.get(f"/questions/{question['id']}").get_json()
    assert thread["author"]["display_name"] == "former member"
    assert thread["answers"][0]["score"] == 1 and thread["answers"][0]["helped_count"] == 1
    profile = anon.get(f"/users/{leaver.id}").get_json()
    assert profile["display_name"] == "former member" and profile["is_former_member"] is True
    assert leaver.get("/auth/me").status_code == 401
    assert second_session.get("/auth/me").status_code == 401
    from tests.backend.test_api_tokens import bearer

    assert bearer(app, token).get("/auth/me").status_code == 401
    assert (
        ApiClient(app).post("/auth/login", {"email": "leaver@example.com", "password": PASSWORD}).status_code
        == 401
    )
    with app.app_context():
        user = db.session.get(User, leaver.id)
        assert "leaver" not in user.email and user.password_hash is None
        assert db.session.scalar(select(TagPreference).where(TagPreference.user_id == leaver.id)) is None
        assert db.session.scalar(select(Notification).where(Notification.recipient_id == leaver.id)) is None
        assert db.session.scalar(select(Vote).where(Vote.user_id == leaver.id)) is not None
        assert db.session.scalar(select(HelpedMark).where(HelpedMark.user_id == leaver.id)) is not None
    # The address is free for a new account.
    assert people.member(email="leaver@example.com").id != leaver.id


def test_the_profile_names_the_communities_someone_answers_in(people, anon):
    asker, helper = people.member(), people.member()
    first = asker.ask(tags=["payroll"])
    second = asker.ask(tags=["payroll", "onboarding"])
    third = asker.ask(tags=["onboarding"], anonymous=True)
    accepted = helper.answer(first["id"])
    helper.answer(second["id"])
    helper.answer(third["id"])
    assert asker.accept(accepted["id"]).status_code == 200
    communities = anon.get(f"/users/{helper.id}").get_json()["communities"]
    assert communities == [
        {"tag": "onboarding", "answers": 2, "accepted": 0},
        {"tag": "payroll", "answers": 2, "accepted": 1},
    ]
