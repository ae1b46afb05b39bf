"""An edited answer shows its history in the thread, each version's change word by word."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import check_page, sign_in
from tests.people import People


def test_an_edited_answer_shows_what_changed(visitors, people: People) -> None:
    asker, helper = people.member("Asa Asker"), people.member("Hal Helper")
    question = asker.ask(title="Why does the VPN drop every hour at the office?")
    answer = helper.answer(question["id"], "Restart the VPN client, then sign in with your badge number.")
    edited = {"body": "Restart the VPN client, then sign in with your employee number."}
    assert helper.patch(f"/answers/{answer['id']}", edited).status_code == 200

    visitor = visitors()
    page = visitor.go(f"/questions/{question['id']}")
    history = page.locator(f"#answer-{answer['id']} details.revisions")
    history.get_by_text("Revision history").click()
    change = history.locator(".revision-diff").first
    expect(change.locator("del")).to_have_text("badge")
    expect(change.locator("ins")).to_have_text("employee")
    expect(history.get_by_text("Version 1 ·")).to_be_visible()
    check_page(page, "answer-revisions")

    # Its author takes it back to the first version, which becomes a new revision.
    author = visitors()
    sign_in(author.page, author.base, helper.me()["email"])
    page = author.go(f"/questions/{question['id']}")
    history = page.locator(f"#answer-{answer['id']} details.revisions")
    history.get_by_text("Revision history").click()
    history.get_by_role("button", name="Restore version 1").click()
    expect(page.locator(f"#answer-{answer['id']} .post-body").first).to_contain_text("badge number")
    expect(history.get_by_text("Version 3 ·")).to_be_visible()
