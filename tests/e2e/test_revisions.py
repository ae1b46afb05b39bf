"""An edited answer shows its history in the thread, each version's change word by word."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import check_page, set_account, sign_in, sign_up
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


def test_a_comment_is_fixed_and_a_moderator_sees_what_changed(app, visitors, people: People) -> None:
    asker = people.member("Cleo Commenter")
    question = asker.ask(title="Which floor is the print room on?")

    author = visitors()
    sign_in(author.page, author.base, asker.me()["email"])
    page = author.go(f"/questions/{question['id']}")
    page.get_by_role("button", name="Add a comment").click()
    page.get_by_label("Your comment").fill("It used to be on the thrid floor.")
    page.get_by_role("button", name="Add comment").click()
    comment = page.locator(".comment").filter(has_text="thrid floor")
    expect(comment).to_be_visible()
    # A change within a second of posting is not shown as an edit (wasEdited): no person edits
    # that fast, and a quiet machine running this script did.
    page.wait_for_timeout(1100)
    comment.get_by_role("button", name="Edit this comment").click()
    page.get_by_label("Edit your comment").fill("It used to be on the third floor.")
    check_page(page, "comment-edit")
    page.get_by_role("button", name="Save comment").click()
    comment = page.locator(".comment").filter(has_text="third floor")
    expect(comment).to_be_visible()
    expect(page.get_by_text("thrid")).to_have_count(0)

    moderator = visitors()
    email = sign_up(moderator.page, moderator.base, "Moe Moderator")
    set_account(app, email, role="moderator")
    page = moderator.go(f"/questions/{question['id']}")
    comment = page.locator(".comment").filter(has_text="third floor")
    comment.get_by_text("edited: earlier texts").click()
    change = comment.locator(".revision-diff").first
    expect(change.locator("del")).to_have_text("thrid")
    expect(change.locator("ins")).to_have_text("third")

    # Readers see that it changed, not how.
    page = visitors().go(f"/questions/{question['id']}")
    expect(page.locator(".comment").filter(has_text="third floor")).to_contain_text("(edited)")
    expect(page.get_by_text("edited: earlier texts")).to_have_count(0)
