"""Accounts in the browser: signing in through the company's OpenID Connect provider (a real
one on loopback), confirming an address and resetting a password by mail (a real SMTP
server), API tokens, the admins' People page, deleting an account and private sites."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from backend.extensions import db
from backend.mail import sending
from backend.models import User
from tests.backend.test_api_tokens import bearer
from tests.e2e.pages import check_page, set_account, sign_up_by_mail
from tests.mail_server import MailServer
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from tests.people import PASSWORD, ApiClient

NEW_PASSWORD = "a much better passphrase"


@pytest.fixture
def provider() -> Iterator[Provider]:
    with Provider() as running:
        yield running


@pytest.fixture
def app_config(
    app_config: dict, provider: Provider, smtp: MailServer, monkeypatch: pytest.MonkeyPatch
) -> dict:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    return {
        **app_config,
        "OIDC_ISSUER": provider.url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_BUTTON_LABEL": "Sign in with Example Corp",
        "SMTP_URL": smtp.url,
    }


@pytest.fixture(autouse=True)
def site_url(app, live_server):  # type: ignore[no-untyped-def]
    app.config["SITE_URL"] = live_server  # the provider and the mails send people back here


def mailed_link(app, smtp: MailServer, to: str, path: str, count: int = 1) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        sending.send_due(sending.current_transport())
    message = smtp.wait_for(count, to=to)[-1]
    body = message.get_body(("plain",))
    assert body is not None
    (link,) = re.findall(rf"https?://\S+{path}\?token=\S+", body.get_content())
    return link


def test_signing_in_through_the_company_provider(app, provider, visitors):  # type: ignore[no-untyped-def]
    provider.set_user("e1234", email="grace@corp.example", email_verified=True, name="Grace Hopper")
    grace = visitors()
    page = grace.go("/signin?next=%2Ftags")
    check_page(page, "signin-sso")
    page.get_by_role("link", name="Sign in with Example Corp").click()
    # The provider's own sign-in page.
    page.get_by_placeholder("sub").fill("e1234")
    page.get_by_role("button", name="Authorize").click()
    expect(page).to_have_url(re.compile(r"/tags$"))
    expect(page.get_by_role("link", name=re.compile("^Grace Hopper"))).to_be_visible()

    # Another browser, the same person: the same account.
    again = visitors()
    page = again.go("/signin")
    page.get_by_role("link", name="Sign in with Example Corp").click()
    page.get_by_placeholder("sub").fill("e1234")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("link", name=re.compile("^Grace Hopper"))).to_be_visible()
    with app.app_context():
        assert len(db.session.scalars(select(User).where(User.email == "grace@corp.example")).all()) == 1

    # The settings know the address comes from the provider.
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_text("comes from your company account")).to_be_visible()
    expect(page.get_by_role("heading", name="Password")).to_have_count(0)


def test_a_refused_sso_sign_in_says_why_on_the_sign_in_page(app, people, provider, visitors):  # type: ignore[no-untyped-def]
    people.member("Kim", email="kim@corp.example")
    provider.set_user("impostor", email="kim@corp.example", name="Not Kim")  # not verified
    visitor = visitors()
    page = visitor.go("/signin")
    page.get_by_role("link", name="Sign in with Example Corp").click()
    page.get_by_placeholder("sub").fill("impostor")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("alert")).to_contain_text("An account with this email already exists")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_signing_up_by_mail_and_resetting_the_password(app, smtp, visitors):  # type: ignore[no-untyped-def]
    ana = visitors()
    page = ana.go("/signup")
    email = "ana.newcomer@example.com"
    page.get_by_label("Your name").fill("Ana Newcomer")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text(f"We sent a link to {email}")
    check_page(page, "signup-mailed")

    page.goto(mailed_link(app, smtp, email, "/verify-email"))
    expect(page.get_by_text("Your address is confirmed")).to_be_visible()
    page.goto(ana.base + "/settings")
    expect(page.get_by_role("heading", name="Your settings")).to_be_visible()
    expect(page.get_by_text("Confirm your address to ask")).to_have_count(0)
    check_page(page, "settings-account")

    # A changed address is confirmed again before posting: the page says so.
    page.get_by_label("New email").fill("ana@new.example")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Change email").click()
    expect(page.get_by_text("Confirm your address to ask, answer and comment")).to_be_visible()
    page.goto(mailed_link(app, smtp, "ana@new.example", "/verify-email"))
    expect(page.get_by_text("Your address is confirmed")).to_be_visible()
    email = "ana@new.example"

    page.get_by_role("button", name="Sign out").click()
    page.goto(ana.base + "/signin")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Mail me a link").click()
    expect(page.get_by_role("status")).to_contain_text("a link to choose a new password is on its way")
    check_page(page, "forgot-password")

    page.goto(mailed_link(app, smtp, email, "/reset-password", count=2))
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_role("heading", name="Your settings")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert ApiClient(app).post("/auth/login", {"email": email, "password": NEW_PASSWORD}).status_code == 200


def test_a_member_makes_a_read_token_for_a_script_and_revokes_it(app, smtp, visitors):  # type: ignore[no-untyped-def]
    bo = visitors()
    email = sign_up_by_mail(bo.page, bo.base, "Bo Builder", app, smtp)
    page = bo.go("/settings")
    page.get_by_role("link", name="manage your tokens").click()
    page.get_by_label("Name").fill("team dashboard")
    page.get_by_label("Read", exact=True).check()
    page.get_by_role("button", name="Make the token").click()
    token = page.locator(".token-value").inner_text()
    assert token.startswith("cpt_")
    expect(page.get_by_role("listitem").filter(has_text="team dashboard")).to_contain_text("read only")
    check_page(page, "tokens")

    script = bearer(app, token)
    assert script.get("/auth/me").get_json()["email"] == email
    assert (
        script.post(
            "/questions", {"title": "t" * 20, "body": "b" * 40, "tags": ["x"]}, csrf=False
        ).status_code
        == 403
    )

    page.get_by_role("button", name="Revoke team dashboard").click()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()
    assert script.get("/auth/me").status_code == 401


def test_an_admin_deactivates_and_deletes_accounts_on_the_people_page(app, people, smtp, visitors):  # type: ignore[no-untyped-def]
    member = people.member("Dee Departing", email="dee@corp.example")
    question = member.ask()
    admin = visitors()
    email = sign_up_by_mail(admin.page, admin.base, "Ada Admin", app, smtp)
    set_account(app, email, role="admin")
    page = admin.go("/admin/settings")
    page.get_by_role("link", name="People").click()
    page.get_by_label("Find by name or email").fill("dee@")
    page.get_by_role("button", name="Find").click()
    row = page.get_by_role("row").filter(has_text="Dee Departing")
    expect(row).to_have_count(1)
    check_page(page, "people")

    row.get_by_role("button", name="Deactivate Dee Departing").click()
    expect(row).to_contain_text("deactivated")
    assert member.get("/auth/me").status_code == 401

    row.get_by_role("button", name="Delete… Dee Departing").click()
    row.get_by_role("button", name="Delete Dee Departing for good").click()
    expect(page.get_by_text("Nobody matches")).to_be_visible()
    page.goto(admin.base + f"/questions/{question['id']}")
    expect(page.locator("main")).to_contain_text("former member")


def test_a_member_deletes_their_account_from_settings(app, people, smtp, visitors):  # type: ignore[no-untyped-def]
    leaver = visitors()
    email = sign_up_by_mail(leaver.page, leaver.base, "Lee Leaving", app, smtp)
    asker = ApiClient(app)
    assert asker.post("/auth/login", {"email": email, "password": PASSWORD}).status_code == 200
    question = asker.ask()
    page = leaver.go("/settings")
    page.get_by_role("button", name="Delete my account…").click()
    page.get_by_label("Your password, to delete the account").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account", exact=True).click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(leaver.base + f"/questions/{question['id']}")
    expect(page.locator("main")).to_contain_text("former member")


def test_a_private_site_shows_signed_out_visitors_the_sign_in_page(app, people, visitors):  # type: ignore[no-untyped-def]
    member = people.member("Pia Private", email="pia@corp.example")
    question = member.ask(title="Where is the on-call rota for the payments team kept?")
    app.config["REQUIRE_SIGN_IN"] = True
    visitor = visitors()
    page = visitor.go(f"/questions/{question['id']}")
    expect(page.get_by_text("This Commonplace is private to its members")).to_be_visible()
    expect(page.get_by_text("on-call rota")).to_have_count(0)
    page.get_by_label("Work email").fill("pia@corp.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=question["title"])).to_be_visible()
