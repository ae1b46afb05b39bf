"""Mail in the browser: a member chooses their digest on the Settings page, and the
unsubscribe link of a real mail (sent to a real SMTP server) works without signing in."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from backend.mail import sending
from tests.e2e.pages import check_page, sign_up_by_mail
from tests.mail_server import MailServer
from tests.people import PASSWORD, ApiClient


@pytest.fixture
def app_config(app_config: dict, smtp: MailServer) -> dict:
    return {**app_config, "SMTP_URL": smtp.url}


def signed_in(app, email: str) -> ApiClient:  # type: ignore[no-untyped-def]
    person = ApiClient(app)
    response = person.post("/auth/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    person.user = response.get_json()
    return person


def test_a_member_chooses_a_daily_digest_and_unsubscribes_from_a_mail(
    app, people, visitors, smtp, live_server
):  # type: ignore[no-untyped-def]
    app.config["SITE_URL"] = live_server  # the links in mail point at this server
    ana = visitors()
    email = sign_up_by_mail(ana.page, ana.base, "Ana Asker", app, smtp)
    asker = signed_in(app, email)

    page = ana.go("/")
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", name="Your settings")).to_be_visible()
    activity = page.get_by_label("Mail me about activity on my posts")
    expect(activity).to_be_checked()
    digest = page.get_by_label("Digest of my communities")
    expect(digest).to_have_value("weekly")
    digest.select_option(label="Daily")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    assert asker.me()["digest"] == "daily"
    check_page(page, "settings")

    # Bo answers Ana's question; the mail worker sends Ana the mail.
    question = asker.ask(title="Where do I find the night shift handover notes?")
    people.member("Bo Answerer").answer(question["id"], "They are in the shared drive, under Handover.")
    with app.app_context():
        assert sending.send_due(sending.current_transport()).sent == 1
    _confirmation, message = smtp.wait_for(2, to=email)
    link = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert link.startswith(live_server + "/api/v1/mail/unsubscribe?token=")

    # The link opened in a browser that is not signed in: a page asks first.
    stranger = visitors()
    target = urlsplit(link)
    reader = stranger.go(f"{target.path}?{target.query}")
    expect(reader.get_by_role("heading", name="Unsubscribe")).to_be_visible()
    expect(reader.get_by_text("Stop mail about activity on your posts")).to_be_visible()
    assert asker.me()["email_activity"] is True  # opening the link changed nothing
    check_page(reader, "unsubscribe")
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert asker.me()["email_activity"] is False

    page.reload()
    expect(page.get_by_label("Mail me about activity on my posts")).not_to_be_checked()
    expect(page.get_by_label("Digest of my communities")).to_have_value("daily")

    # A link that was tampered with is refused, and says so.
    tampered = stranger.go(f"/unsubscribe?token={target.query.split('=', 1)[1][:-3]}xyz&kind=digest")
    tampered.get_by_role("button", name="Unsubscribe").click()
    expect(tampered.get_by_text("This unsubscribe link is not valid.")).to_be_visible()
    assert asker.me()["digest"] == "daily"
