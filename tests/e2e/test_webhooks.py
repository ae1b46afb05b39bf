"""Webhooks in the browser: an admin adds one for a tag, a question in that tag is posted to
a real HTTP receiver, and the delivery shows on the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from backend.webhooks import delivering
from tests.e2e.pages import check_page, set_account, sign_up
from tests.webhook_receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def test_an_admin_posts_a_tags_new_questions_to_team_chat(app, people, visitors, receiver):  # type: ignore[no-untyped-def]
    admin = visitors()
    email = sign_up(admin.page, admin.base, "Ada Admin")
    set_account(app, email, role="admin")
    page = admin.go("/admin/settings")
    page.get_by_role("link", name="webhooks").click()
    expect(page.get_by_role("heading", name="Webhooks", exact=True)).to_be_visible()
    expect(page.get_by_text("No webhooks yet.")).to_be_visible()

    # A bad address is refused next to its field.
    page.get_by_label("Address").fill("ftp://chat.example.org/hook")
    page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_text("Must be an http:// or https:// address.")).to_be_visible()
    expect(page.get_by_label("Address")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Address").fill(receiver.url)
    page.get_by_label("Tags").fill("Facilities")
    page.get_by_label("A question is answered").uncheck()
    page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_role("status").filter(has_text="Webhook added.")).to_be_visible()
    hook = page.get_by_role("listitem").filter(has_text=receiver.url)
    expect(hook).to_contain_text("Slack-compatible · facilities · asked, resolved")

    question = people.member().ask(title="Who restocks the first-aid kits?", tags=["facilities"])
    people.member().ask(tags=["payroll"])
    with app.app_context():
        assert delivering.deliver_due() == 1
    [posted] = receiver.requests()
    assert posted.json()["text"].startswith(
        f"New question in facilities: <{app.config['SITE_URL']}/questions/{question['id']}|"
    )

    hook.get_by_role("button", name="Show deliveries").click()
    row = hook.get_by_role("row").filter(has_text="asked")
    expect(row).to_contain_text("delivered")
    expect(row).to_contain_text("200")
    check_page(page, "webhooks")

    hook.get_by_role("button", name="Pause").click()
    expect(hook.get_by_text("paused")).to_be_visible()
    expect(hook.get_by_role("button", name="Resume")).to_be_visible()
