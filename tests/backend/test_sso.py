"""Signing in through a real OpenID Connect provider on loopback (tests/oidc_provider.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import select, update

from backend import create_app
from backend.extensions import db
from backend.models import ExternalIdentity, User
from tests.conftest import TEST_CONFIG, close_app
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, flip_signature
from tests.people import PASSWORD, ApiClient, People

SITE = "http://localhost"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with Provider() as running:
        yield running


def sso_config(provider: Provider) -> dict:
    return {
        "OIDC_ISSUER": provider.url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_BUTTON_LABEL": "Sign in with Example Corp",
        "SITE_URL": SITE,
    }


@pytest.fixture
def app_config(provider: Provider, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    return sso_config(provider)


def start(person: ApiClient, next_page: str = "/") -> str:
    response = person.client.get("/api/v1/auth/oidc/login", query_string={"next": next_page})
    assert response.status_code == 302, response.get_json()
    return str(response.headers["Location"])


def finish(person: ApiClient, callback: str, **headers: str):  # type: ignore[no-untyped-def]
    assert callback.startswith(SITE + "/api/v1/auth/oidc/callback?")
    return person.client.get(callback[len(SITE) :], headers=headers)


def sign_in(app: Flask, provider: Provider, sub: str, next_page: str = "/") -> tuple[ApiClient, object]:
    person = ApiClient(app)
    response = finish(person, provider.authorize(start(person, next_page), sub))
    return person, response


def test_the_first_sign_in_makes_the_account_and_the_second_reuses_it(app, provider):
    provider.set_user("alice-1", email="Alice@Example.com", email_verified=True, name="Alice Liddell")

    person, response = sign_in(app, provider, "alice-1", "/questions?sort=newest")
    assert response.status_code == 303
    assert response.headers["Location"] == SITE + "/questions?sort=newest"
    me = person.me()
    assert me["email"] == "alice@example.com"
    assert me["display_name"] == "Alice Liddell"

    again, response = sign_in(app, provider, "alice-1")
    assert response.status_code == 303
    assert again.me()["id"] == me["id"]
    # The session works for writing like a password one (CSRF included).
    assert (
        again.post(
            "/questions",
            {
                "title": "Where do I find the VPN settings for the lab?",
                "body": "I looked in the usual portal and found nothing about the lab.",
                "tags": ["it"],
            },
        ).status_code
        == 201
    )


def test_the_authorization_request_uses_pkce_state_and_nonce(app, provider):
    query = parse_qs(urlsplit(start(ApiClient(app))).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [SITE + "/api/v1/auth/oidc/callback"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    assert query["scope"] == ["openid email profile"]


def test_later_sign_ins_are_matched_by_subject_not_email(app, provider):
    provider.set_user("bob-7", email="bob@example.com", email_verified=True, name="Bob")
    first, _ = sign_in(app, provider, "bob-7")
    provider.set_user("bob-7", email="robert@example.com", email_verified=True, name="Bob")
    second, _ = sign_in(app, provider, "bob-7")
    assert second.me()["id"] == first.me()["id"]
    assert second.me()["email"] == "robert@example.com"

    # Someone else whose provider claims Bob's old address gets a new account, not Bob's.
    provider.set_user("mallory", email="bob@example.com", email_verified=True, name="Mallory")
    other, _ = sign_in(app, provider, "mallory")
    assert other.me()["id"] != first.me()["id"]


def test_a_password_account_is_linked_when_the_provider_verified_the_email(app, provider):
    member = People(app).member("Carol", email="carol@example.com")
    provider.set_user("carol-sub", email="carol@example.com", email_verified=True, name="Carol C")
    person, response = sign_in(app, provider, "carol-sub")
    assert response.status_code == 303
    assert person.me()["id"] == member.id
    with app.app_context():
        identity = db.session.scalar(select(ExternalIdentity).where(ExternalIdentity.user_id == member.id))
        assert identity is not None and identity.subject == "carol-sub" and identity.issuer == provider.url
    # The password still opens the account.
    assert (
        ApiClient(app).post("/auth/login", {"email": "carol@example.com", "password": PASSWORD}).status_code
        == 200
    )


def test_an_unverified_email_never_takes_over_an_existing_account(app, provider):
    member = People(app).member("Dan", email="dan@example.com")
    provider.set_user("attacker", email="dan@example.com", name="Not Dan")
    person, response = sign_in(app, provider, "attacker")
    assert response.status_code == 409
    assert "password" in response.get_json()["message"]
    assert person.get("/auth/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(ExternalIdentity)) is None
        assert db.session.get(User, member.id).display_name == "Dan"


def test_sign_up_domains_apply_to_new_sso_accounts(app, provider):
    admin = People(app).admin()
    assert admin.patch("/admin/settings", {"ALLOWED_EMAIL_DOMAINS": ["corp.example"]}).status_code == 200
    provider.set_user("eve", email="eve@elsewhere.example", email_verified=True)
    person, response = sign_in(app, provider, "eve")
    assert response.status_code == 422
    assert "corp.example" in response.get_json()["message"]
    assert person.get("/auth/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "eve@elsewhere.example")) is None

    provider.set_user("frank", email="frank@corp.example", email_verified=True)
    _, response = sign_in(app, provider, "frank")
    assert response.status_code == 303


def test_deactivated_accounts_cannot_sign_in_through_the_provider(app, provider):
    provider.set_user("gone", email="gone@example.com", email_verified=True)
    person, _ = sign_in(app, provider, "gone")
    with app.app_context():
        db.session.execute(update(User).where(User.id == person.me()["id"]).values(is_active=False))
        db.session.commit()
    again, response = sign_in(app, provider, "gone")
    assert response.status_code == 403
    assert again.get("/auth/me").status_code == 401


def test_a_replayed_or_forged_state_signs_nobody_in(app, provider):
    provider.set_user("henry", email="henry@example.com", email_verified=True)
    person = ApiClient(app)
    callback = provider.authorize(start(person), "henry")
    assert finish(person, callback).status_code == 303
    assert person.post("/auth/logout").status_code == 204

    replayed = finish(person, callback)
    assert replayed.status_code == 400
    assert "already used" in replayed.get_json()["message"]
    assert person.get("/auth/me").status_code == 401

    # A callback made for someone else's browser (their state) does not work in mine.
    victim = ApiClient(app)
    forged = provider.authorize(start(victim), "henry")
    attacker = ApiClient(app)
    start(attacker)
    assert finish(attacker, forged).status_code == 400
    assert attacker.get("/auth/me").status_code == 401


@pytest.mark.parametrize("attack", ["signature", "audience"])
def test_an_id_token_that_does_not_verify_signs_nobody_in(app, provider, attack):
    provider.set_user("ivy", email="ivy@example.com", email_verified=True)
    person = ApiClient(app)
    url = start(person)
    if attack == "signature":
        provider.tamper_token = flip_signature
    else:
        # A token the provider issued to another client, for the same person.
        url = url.replace(f"client_id={CLIENT_ID}", "client_id=another-app")
        provider.token_client = "another-app"
    response = finish(person, provider.authorize(url, "ivy"))
    assert response.status_code == 401, response.get_json()
    message = response.get_json()["message"]
    assert "ID token" in message
    # The audience itself is checked, not only `azp` (which Authlib checks by default).
    assert ("'aud'" in message) == (attack == "audience")
    assert person.get("/auth/me").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ivy@example.com")) is None


def test_an_expired_id_token_signs_nobody_in(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    with Provider(access_token_max_age=timedelta(minutes=-10)) as stale:
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **sso_config(stale)})
        try:
            stale.set_user("jack", email="jack@example.com", email_verified=True)
            person, response = sign_in(app, stale, "jack")
            assert response.status_code == 401
            assert "expired" in response.get_json()["message"]
            assert person.get("/auth/me").status_code == 401
        finally:
            close_app(app)


def test_a_browser_is_sent_back_to_the_sign_in_page_with_the_reason(app, provider):
    member = People(app).member("Kim", email="kim@example.com")
    provider.set_user("kim-impostor", email="kim@example.com")
    person = ApiClient(app)
    response = finish(person, provider.authorize(start(person), "kim-impostor"), Accept="text/html,*/*;q=0.8")
    assert response.status_code == 303
    assert response.headers["Location"] == SITE + "/signin?sso=failed"
    options = person.get("/auth/options").get_json()
    assert "already exists" in options["sso_error"]
    assert person.get("/auth/options").get_json()["sso_error"] is None  # shown once
    assert person.get("/auth/me").status_code == 401
    assert member.me()["email"] == "kim@example.com"


def test_sign_in_options_name_the_provider(app, anon):
    options = anon.get("/auth/options").get_json()
    assert options["sso"] is True
    assert options["sso_label"] == "Sign in with Example Corp"
    assert options["sso_login_url"] == "/api/v1/auth/oidc/login"
    assert options["passwords"] is True


@pytest.mark.parametrize(
    "next_page", ["//evil.example/", "https://evil.example/", "/\\evil.example", "relative"]
)
def test_the_page_to_come_back_to_must_be_on_this_site(anon, next_page):
    response = anon.get("/auth/oidc/login", next=next_page)
    assert response.status_code == 422
    assert "next" in response.get_json()["errors"]


def test_oidc_only_turns_off_passwords(database_url, tmp_path, provider, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    config = {
        **TEST_CONFIG,
        "SQLALCHEMY_DATABASE_URI": database_url,
        **sso_config(provider),
        "OIDC_ONLY": True,
    }
    app = create_app(config)
    try:
        anon = ApiClient(app)
        assert anon.get("/auth/options").get_json()["passwords"] is False
        response = anon.post(
            "/auth/register", {"email": "x@example.com", "password": PASSWORD, "display_name": "X Y"}
        )
        assert response.status_code == 403
        assert anon.post("/auth/login", {"email": "x@example.com", "password": PASSWORD}).status_code == 403
        provider.set_user("lee", email="lee@example.com", email_verified=True)
        person, response = sign_in(app, provider, "lee")
        assert response.status_code == 303 and person.me()["email"] == "lee@example.com"
    finally:
        close_app(app)


def test_without_an_issuer_there_is_no_sso(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    try:
        anon = ApiClient(app)
        assert anon.get("/auth/oidc/login").status_code == 404
        options = anon.get("/auth/options").get_json()
        assert options["sso"] is False and options["sso_login_url"] is None
    finally:
        close_app(app)


def test_an_http_issuer_needs_authlib_insecure_transport(provider, monkeypatch, tmp_path):
    monkeypatch.delenv("AUTHLIB_INSECURE_TRANSPORT", raising=False)
    monkeypatch.setenv("COMMONPLACE_INSTANCE", str(tmp_path / "instance"))
    with pytest.raises(RuntimeError, match="https"):
        create_app({**TEST_CONFIG, **sso_config(provider)})


def test_an_sso_account_is_deleted_after_a_recent_sign_in_there(app, provider):
    provider.set_user("mo", email="mo@example.com", email_verified=True, name="Mo")
    person, _ = sign_in(app, provider, "mo")
    assert person.me()["has_password"] is False
    # Signed in through the provider just now: that stands for the password it has not got.
    with person.client.session_transaction() as session:
        session["sso_signed_in_at"] -= 16 * 60
    stale = person.delete("/me", json={})
    assert stale.status_code == 403 and "Sign in again" in stale.get_json()["message"]
    again, _ = sign_in(app, provider, "mo")
    assert again.delete("/me", json={}).status_code == 204
    assert again.get("/auth/me").status_code == 401
