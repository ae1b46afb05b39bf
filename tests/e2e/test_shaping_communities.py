"""A facilitator shapes communities in the browser: starts one before its first question,
describes it, gives it a synonym that asking uses, merges another tag into it, renames it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import check_page, set_account, sign_up
from tests.people import People


def test_a_facilitator_creates_describes_adds_a_synonym_and_merges(app, people: People, visitors) -> None:
    facilitator = visitors()
    email = sign_up(facilitator.page, facilitator.base, "Fay Facilitator")
    set_account(app, email, role="moderator")

    page = facilitator.go("/tags")
    page.get_by_text("Start a new community").click()
    page.get_by_label("Tag name").fill("data-privacy")
    page.get_by_role("textbox", name="What it is about").fill("Handling **personal data** at work.")
    check_page(page, "tags-new-community")
    page.get_by_role("button", name="Create the community").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("data-privacy")
    expect(page.locator(".tag-description strong")).to_have_text("personal data")

    # A longer description, with its history.
    page.get_by_role("button", name="Edit description").click()
    editor = page.get_by_role("textbox", name="What data-privacy is about")
    editor.fill("Handling **personal data** at work: GDPR, retention.")
    page.get_by_role("button", name="Save description").click()
    expect(page.locator(".tag-description")).to_contain_text("GDPR, retention")
    page.get_by_text("Description history").click()
    expect(page.locator(".tag-description .revision-diff ins").first).to_contain_text("GDPR")

    # A synonym: a question asked with it lands under the main tag.
    page.get_by_text("Shape this community").click()
    page.get_by_label("Add a synonym").fill("gdpr")
    check_page(page, "tag-moderator-tools")
    page.get_by_role("button", name="Add synonym").click()
    expect(page.get_by_text("Also called: gdpr")).to_be_visible()
    asked = people.member().ask(title="How long do we keep CVs of applicants?", tags=["gdpr"])
    assert asked["tags"] == ["data-privacy"]
    page = facilitator.go("/tags/gdpr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("data-privacy")
    note = page.get_by_role("note").filter(has_text="“gdpr” is another name for data-privacy")
    expect(note).to_be_visible()
    expect(page.get_by_role("link", name=asked["title"])).to_be_visible()

    # Merge another tag into it.
    old = people.member().ask(title="Can I email a customer list to myself?", tags=["privacy"])
    page = facilitator.go("/tags/privacy")
    page.get_by_text("Shape this community").click()
    page.get_by_label("Merge privacy into").fill("data-privacy")
    page.get_by_role("button", name="Merge").click()
    expect(page.get_by_role("alert")).to_contain_text("1 question")
    page.get_by_role("button", name="Yes, merge").click()
    expect(page.get_by_role("status").filter(has_text="privacy was merged into data-privacy")).to_be_visible()
    expect(page.get_by_role("link", name=old["title"])).to_be_visible()
    expect(page.get_by_text("Also called: gdpr, privacy")).to_be_visible()

    # A refusal is said, and nothing changes.
    page.get_by_text("Shape this community").click()
    page.get_by_label("Merge data-privacy into").fill("gdpr")
    page.get_by_role("button", name="Merge").click()
    page.get_by_role("button", name="Yes, merge").click()
    expect(page.get_by_role("alert").filter(has_text="synonym")).to_be_visible()

    # Rename; the old name keeps working.
    page.get_by_label("New name").fill("privacy-and-data")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("privacy-and-data")
    page = facilitator.go("/moderation/log")
    for action in ("create-tag", "add-synonym", "merge-tag", "rename-tag"):
        expect(page.locator(".audit-log").get_by_text(action)).to_have_count(1)


def test_members_see_the_description_but_no_shaping_tools(people: People, moderator, visitors) -> None:
    created = moderator.post("/tags", {"name": "wellbeing", "description": "Looking after *yourself*."})
    assert created.status_code == 201
    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Mia Member")
    page = visitor.go("/tags/wellbeing")
    expect(page.locator(".tag-description em")).to_have_text("yourself")
    expect(page.get_by_text("Shape this community")).to_have_count(0)
    expect(page.get_by_role("button", name="Edit description")).to_have_count(0)
    page = visitor.go("/tags")
    expect(page.get_by_text("Looking after yourself.")).to_be_visible()
    expect(page.get_by_text("Start a new community")).to_have_count(0)
