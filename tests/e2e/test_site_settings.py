"""Site settings in the browser: an admin lowers the flag threshold and one flag hides a post;
lowering the label threshold shows a member the Label button."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import check_page, set_account, sign_up


def test_an_admin_lowers_the_flag_threshold_and_a_single_flag_hides_a_post(app, people, anon, visitors):
    q = people.member("Asker Sam").ask(title="Who signs off on travel over the budget?")

    admin = visitors()
    email = sign_up(admin.page, admin.base, "Ada Admin")
    set_account(app, email, role="admin")
    page = admin.go("/")
    page.get_by_role("link", name="Site settings").click()
    expect(page.get_by_role("heading", name="Site settings")).to_be_visible()
    threshold = page.get_by_label("Flag threshold")
    expect(threshold).to_have_value("3")

    # A bad value is refused next to its field, and nothing is saved.
    threshold.fill("1")
    page.get_by_label("Post limit").fill("lots")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Not a rate limit")).to_be_visible()  # once: beside its field
    expect(page.get_by_label("Post limit")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").filter(has_text="Check the fields marked below.")).to_be_visible()
    assert anon.get(f"/questions/{q['id']}").status_code == 200

    page.get_by_label("Post limit").fill(app.config["POST_LIMIT"])
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="Saved 1 change.")).to_be_visible()
    expect(page.get_by_text("Not a rate limit")).to_have_count(0)
    expect(page.get_by_role("button", name="Reset flag threshold to default")).to_be_visible()
    check_page(page, "site-settings")

    flagger = visitors()
    email = sign_up(flagger.page, flagger.base, "Fiona Flagger")
    set_account(app, email, reputation=20)
    page = flagger.go(f"/questions/{q['id']}")
    expect(page.get_by_role("link", name="Site settings")).to_have_count(0)  # admins only
    page.get_by_role("button", name="Flag this question").click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send flag").click()
    expect(page.get_by_text("The post is now hidden")).to_be_visible()
    assert anon.get(f"/questions/{q['id']}").status_code == 404

    page = admin.go("/moderation/log")
    expect(page.get_by_role("cell", name="FLAG_THRESHOLD: 3 (default) -> 1")).to_be_visible()

    page = admin.go("/admin/settings")
    page.get_by_role("button", name="Reset flag threshold to default").click()
    back = page.get_by_role("status").filter(has_text="Flag threshold is back to its default.")
    expect(back).to_be_visible()
    expect(page.get_by_label("Flag threshold")).to_have_value("3")


def test_an_admin_lowers_the_label_threshold_and_a_member_sees_the_label_button(app, people, visitors):
    q = people.member("Asker Ann").ask(title="How do I book a meeting room for a whole day?")
    people.member("Helper Hal").answer(q["id"], "Book it in the calendar app, then tell reception.")
    admin = people.admin("Ada Admin")

    member = visitors()
    email = sign_up(member.page, member.base, "Lena Labeller")
    set_account(app, email, reputation=20)
    page = member.go(f"/questions/{q['id']}")
    expect(page.get_by_role("button", name="Flag this answer")).to_be_visible()
    expect(page.get_by_role("button", name="Label", exact=True)).to_have_count(0)

    response = admin.patch("/admin/settings", {"LABEL_MIN_REPUTATION": 20})
    assert response.status_code == 200, response.get_json()
    page = member.go(f"/questions/{q['id']}")
    page.get_by_role("button", name="Label", exact=True).click()
    page.get_by_label("Outdated").check()
    page.get_by_label("What should readers know?").fill("Rooms are booked at reception since May.")
    page.get_by_role("button", name="Save label").click()
    expect(page.get_by_role("note").filter(has_text="Rooms are booked at reception")).to_be_visible()

    # Raised again (FLAG_MIN_REPUTATION too): the buttons go at the next page load.
    response = admin.patch("/admin/settings", {"LABEL_MIN_REPUTATION": None, "FLAG_MIN_REPUTATION": 21})
    assert response.status_code == 200, response.get_json()
    page = member.go(f"/questions/{q['id']}")
    expect(page.get_by_role("heading", name=q["title"])).to_be_visible()
    expect(page.get_by_role("button", name="Label", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Flag this answer")).to_have_count(0)
