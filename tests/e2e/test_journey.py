"""The issue's scenario in a real browser: two colleagues, a question, an answer found by
searching with a typo, an upvote and an acceptance, and the reference card it becomes."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.pages import check_page, search_box, sign_up, type_search, wait_until_indexed
from tests.people import People

TITLE = "How do I reset my VPN password after it expired?"
ANSWER = "Open the **self-service portal**, choose *Network access*, then reset it there."


def test_ask_find_with_a_typo_answer_accept_and_reuse(visitors, people: People) -> None:
    # Somebody asked about the VPN before: the asker should be offered it while typing.
    earlier = people.member("Earlier Asker").ask(
        title="VPN password expired and I cannot sign in from home",
        body="My VPN password expired over the weekend and the client just says access denied.",
        tags=["network"],
    )
    wait_until_indexed(people.member("Reader"), "vpn password expired", earlier["id"])

    alice, bob = visitors(), visitors()
    sign_up(alice.page, alice.base, "Alice Asker")
    sign_up(bob.page, bob.base, "Bob Helper")

    # Alice asks, and sees the earlier question suggested as she types the title.
    page = alice.go("/ask")
    page.get_by_label("Title").press_sequentially(TITLE, delay=10)
    similar = page.get_by_role("region", name="Similar questions")
    expect(similar.get_by_text("Does one of these answer you?")).to_be_visible()
    expect(similar.get_by_role("link", name=re.compile("VPN password expired"))).to_have_attribute(
        "href", f"/questions/{earlier['id']}"
    )
    details = "It expired this morning and the portal link in the wiki is broken."
    page.get_by_role("textbox", name="Details").fill(details)
    tags = page.get_by_role("combobox", name="Tags")
    tags.fill("network")
    tags.press("Enter")
    expect(page.get_by_role("list", name="Chosen tags")).to_contain_text("network")
    check_page(page, "ask")
    page.get_by_role("button", name="Post your question").click()
    expect(page).to_have_url(re.compile(r"/questions/\d+$"))
    question_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Asked by Alice Asker")).to_be_visible()

    # Bob finds it by searching as he types, with a typo, and picks it with the keyboard.
    wait_until_indexed(people.member("Reader"), "reset vpn pasword", question_id)
    page = bob.go("/")
    type_search(page, "reset vpn pasword")
    results = page.get_by_role("listbox", name="Search results")
    expect(results.get_by_role("option").first).to_contain_text(TITLE)
    expect(results.locator("mark").first).to_be_visible()
    check_page(page, "search-dropdown")
    search_box(page).press("ArrowDown")
    expect(search_box(page)).to_have_attribute("aria-activedescendant", "search-option-0")
    search_box(page).press("Enter")
    expect(page).to_have_url(f"{bob.base}/questions/{question_id}")

    # He answers, checking the server-rendered preview first.
    page.get_by_role("textbox", name="Answer", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Answer: preview")
    expect(preview.locator("strong")).to_have_text("self-service portal")
    page.get_by_role("button", name="Post your answer").click()
    answer = page.locator("article.answer").first
    expect(answer).to_contain_text("self-service portal")
    expect(answer.get_by_role("button", name="Upvote this answer")).to_be_disabled()  # his own

    # Alice upvotes and accepts it; the thread is resolved.
    page = alice.go(f"/questions/{question_id}")
    answer = page.locator("article.answer").first
    answer.get_by_role("button", name="Upvote this answer").click()
    expect(answer.get_by_label("Score 1")).to_be_visible()
    expect(answer.get_by_role("button", name="Upvote this answer")).to_have_attribute("aria-pressed", "true")
    answer.get_by_role("button", name="Accept this answer").click()
    expect(page.get_by_text("Accepted answer")).to_be_visible()
    expect(page.locator(".thread-head .badge.resolved")).to_have_text("Resolved")
    page.reload()
    expect(page.locator(".thread-head .badge.resolved")).to_have_text("Resolved")
    expect(page.locator("article.answer").first.get_by_label("Score 1")).to_be_visible()
    check_page(page, "question")

    # The resolved thread comes back as a reference card in search, and /r/<id> shows it.
    wait_until_indexed(people.member("Reader"), "vpn password reset", question_id, resolved=True)
    page = bob.go("/tags")
    type_search(page, "vpn password reset")
    card = page.get_by_role("option", name=re.compile(re.escape(TITLE)))
    expect(card).to_contain_text("Resolved")
    expect(card).to_contain_text("Answer:")
    expect(card).to_contain_text("self-service portal", timeout=15_000)
    card.click()
    expect(page).to_have_url(f"{bob.base}/r/{question_id}")
    expect(page.get_by_role("heading", name="What solved it")).to_be_visible()
    expect(page.locator(".solution strong")).to_have_text("self-service portal")
    expect(page.get_by_text("Answered by Bob Helper")).to_be_visible()
    check_page(page, "reference-card")

    # The full search page lists it too, filtered to resolved threads.
    page = bob.go("/search?q=vpn+pasword&status=resolved")
    expect(page.locator(".reference-result").first).to_contain_text(TITLE)
    check_page(page, "search-page")
