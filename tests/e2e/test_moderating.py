"""A facilitator moderates in the browser: locks a thread, closes another as a duplicate
chosen with the search box, hides an answer, suspends a member, undoes each, and finds it
all in the filtered moderation log."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import check_page, set_account, sign_up, wait_until_indexed
from tests.people import People


def test_a_facilitator_locks_closes_hides_and_suspends_and_undoes_each(app, people: People, visitors) -> None:
    asker, helper = people.member("Asker Aiko"), people.member("Helper Hana")
    original = asker.ask(title="How do I claim travel expenses for a client visit?")
    copy = asker.ask(title="Claiming travel costs after visiting a client")
    helper.answer(original["id"], "Use the expenses form and attach the receipts.")
    wait_until_indexed(people.member("Reader"), "travel expenses client", original["id"])

    facilitator = visitors()
    email = sign_up(facilitator.page, facilitator.base, "Fran Facilitator")
    set_account(app, email, role="moderator")

    # Lock, then unlock.
    page = facilitator.go(f"/questions/{original['id']}")
    page.get_by_text("Moderate this thread").click()
    page.get_by_label("Lock: no new answers, comments or votes. Why?").fill("Heated: cooling off for a day.")
    check_page(page, "thread-moderator-tools")
    page.get_by_role("button", name="Lock thread").click()
    expect(page.get_by_role("note").filter(has_text="This thread is locked")).to_be_visible()
    late = helper.post(f"/questions/{original['id']}/answers", {"body": "One more idea, later."})
    assert late.status_code == 403
    page.get_by_role("button", name="Unlock thread").click()  # the tools stay open
    expect(page.get_by_role("note").filter(has_text="This thread is locked")).to_have_count(0)

    # Hide an answer, then restore it.
    page.get_by_role("button", name="Hide this answer").click()
    page.get_by_label("Why hide it?").fill("Shares a colleague's phone number.")
    page.get_by_role("button", name="Hide answer").click()
    expect(page.get_by_role("note").filter(has_text="hidden")).to_be_visible()
    assert people.member().get(f"/questions/{original['id']}").get_json()["answer_count"] == 0
    page.get_by_role("button", name="Restore this answer").click()
    expect(page.get_by_role("button", name="Hide this answer")).to_be_visible()
    assert people.member().get(f"/questions/{original['id']}").get_json()["answer_count"] == 1

    # Close the copy as a duplicate, choosing the original with the search box; then reopen.
    page = facilitator.go(f"/questions/{copy['id']}")
    page.get_by_text("Moderate this thread").click()
    page.get_by_label("Close as a duplicate of…").fill("travel expenses client")
    page.get_by_role("radio", name=original["title"]).check()
    page.get_by_role("button", name="Close as duplicate").click()
    notice = page.get_by_role("note").filter(has_text="Closed as a duplicate")
    expect(notice).to_be_visible()
    assert asker.get(f"/questions/{copy['id']}").get_json()["duplicate_of_id"] == original["id"]
    notice.get_by_role("button", name="Reopen: not a duplicate").click()
    expect(notice).to_have_count(0)
    assert asker.get(f"/questions/{copy['id']}").get_json()["duplicate_of_id"] is None

    # Suspend the helper from their profile, then lift it.
    page = facilitator.go(f"/users/{helper.id}")
    page.get_by_label("Suspend for").select_option(label="3 days")
    page.get_by_label("Why?").fill("Repeated rudeness in comments.")
    check_page(page, "profile-moderator-tools")
    page.get_by_role("button", name="Suspend", exact=True).click()
    expect(page.get_by_role("note").filter(has_text="Suspended until")).to_contain_text("Repeated rudeness")
    refused = helper.post(f"/questions/{copy['id']}/answers", {"body": "Still here, I think."})
    assert refused.status_code == 403
    page.get_by_role("button", name="Lift the suspension").click()
    expect(page.get_by_role("button", name="Suspend", exact=True)).to_be_visible()
    assert helper.answer(copy["id"], "Back again: use the expenses form.")["id"]

    # The log, filtered to what was done about the helper, then to one action.
    page.get_by_role("link", name="What moderators did about this person").click()
    rows = page.locator(".audit-log tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("unsuspend")
    expect(rows.nth(1)).to_contain_text("Repeated rudeness")
    expect(rows.nth(1).get_by_role("link", name="Helper Hana")).to_be_visible()
    page = facilitator.go("/moderation/log")
    expect(rows).to_have_count(8)
    page.get_by_label("What").select_option("lock")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name=f"question “{original['title']}”")).to_be_visible()
    expect(page.get_by_label("What")).to_have_value("lock")
    check_page(page, "moderation-log-filtered")
    page.get_by_role("link", name="Clear filters").click()
    expect(rows).to_have_count(8)


def test_members_see_no_moderation_tools(people: People, visitors) -> None:
    asker = people.member("Asker Ines")
    q = asker.ask(title="Is there a quiet room on the fourth floor?")
    asker.answer(q["id"], "Room 4.12 is kept quiet.")
    member = visitors()
    sign_up(member.page, member.base, "Mel Member")
    page = member.go(f"/questions/{q['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(q["title"])
    expect(page.get_by_role("article").first).to_be_visible()
    expect(page.get_by_text("Moderate this thread")).to_have_count(0)
    expect(page.get_by_role("button", name="Hide this answer")).to_have_count(0)
    page = member.go(f"/users/{asker.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Asker Ines")
    expect(page.get_by_role("heading", name="Moderation")).to_have_count(0)
