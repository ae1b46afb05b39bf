"""The weekly synthesis in the browser: a moderator appoints a synthesizer, who edits and
publishes the week's draft; a follower reads it on the community's page and is told."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from backend import weeks
from tests.e2e.pages import check_page, set_account, sign_in, sign_up
from tests.people import ApiClient

TAG = "payroll"


def test_a_synthesizer_edits_and_publishes_the_weeks_draft(app, people, visitors):  # type: ignore[no-untyped-def]
    asker, helper = people.member("Asa Asker"), people.member("Hal Helper")
    follower = people.member("Fay Follower")
    question = asker.ask(title="Where do I change my bank details for salary payments?", tags=[TAG])
    answer = helper.answer(question["id"], "In the HR portal, under Pay > Bank details.")
    assert asker.accept(answer["id"]).status_code == 200
    assert follower.put(f"/me/tags/{TAG}/follow").status_code == 200

    # A moderator appoints Hal, who knows payroll, on the community's synthesis page.
    mod = visitors()
    email = sign_up(mod.page, mod.base, "Mo Moderator")
    set_account(app, email, role="moderator")
    page = mod.go(f"/tags/{TAG}")
    page.get_by_role("link", name="The weekly synthesis").click()
    expect(page.get_by_text("No synthesizer appointed yet.")).to_be_visible()
    page.get_by_text("Synthesizers (moderators)").click()
    page.get_by_role("button", name="Appoint Hal Helper").click()
    expect(page.get_by_text("Written by Hal Helper.")).to_be_visible()
    page.goto(mod.base + f"/tags/{TAG}")
    expect(page.get_by_text("weekly synthesis is written by Hal Helper")).to_be_visible()

    with app.app_context():
        week = weeks.current()
    result = app.test_cli_runner().invoke(args=["synthesis", "draft", "--tag", TAG, "--week", week])
    assert result.exit_code == 0, result.output

    hal = visitors()
    page = hal.page
    sign_in(page, hal.base, helper.me()["email"])
    page.goto(hal.base + f"/tags/{TAG}/syntheses")
    editor = page.get_by_label("Synthesis (Markdown)")
    expect(editor).to_have_value(re.compile("Where do I change my bank details"))
    check_page(page, "synthesis-editor")
    learned = "Bank changes take a month. _Add"
    editor.fill(editor.input_value().replace("_Add", learned, 1))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    expect(page.locator(".synthesis-preview")).to_contain_text("Bank changes take a month.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("article.synthesis")).to_contain_text("Bank changes take a month.")
    expect(page.get_by_label("Synthesis (Markdown)")).to_have_count(0)

    # The follower is told, and reads it; a stranger sees it too, and the feed lists it.
    fay = visitors()
    page = fay.page
    sign_in(page, fay.base, follower.me()["email"])
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_text(f"The weekly synthesis of {TAG} ({week}) is out").click()
    expect(page.locator(f'article[id="{week}"]')).to_contain_text("Where do I change my bank details")
    check_page(page, "synthesis-archive")
    feed = ApiClient(app).client.get(f"/api/v1/tags/{TAG}/syntheses/feed")
    assert feed.mimetype == "application/atom+xml" and b"Bank changes take a month." in feed.data

    # Search finds it as a document of its own kind, and filters to syntheses only.
    page.goto(fay.base + "/search?q=bank")
    results = page.get_by_role("region", name="Results")
    expect(results.locator(".result")).to_have_count(2)
    synthesis_hit = results.locator(".result").filter(has_text="Weekly synthesis")
    expect(synthesis_hit).to_contain_text(f"{TAG} weekly synthesis, {week}")
    page.get_by_role("radio", name=re.compile("^Weekly syntheses")).check()
    expect(page).to_have_url(re.compile(r"kind=synthesis"))
    expect(results.locator(".result")).to_have_count(1)
    expect(page.get_by_role("radio", name="Resolved")).to_be_disabled()
    check_page(page, "synthesis-search")
    results.get_by_role("link", name=re.compile("weekly synthesis")).click()
    expect(page).to_have_url(re.compile(rf"/tags/{TAG}/syntheses#{week}$"))
    expect(page.locator(f'article[id="{week}"]')).to_be_focused()
