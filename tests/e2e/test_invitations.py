"""Ask someone who knows this: the asker invites an expert from the thread; the expert sees
the invitation in their notifications and declines it; the asker sees that and may ask
someone else."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.pages import check_page, sign_in
from tests.people import People


def test_the_asker_invites_an_expert_who_declines(visitors, people: People) -> None:
    asker, expert = people.member("Asha Asker"), people.member("Erik Expert")
    other = people.member("Olga Other")
    earlier_threads = ((expert, "How do I file an expense claim in euros?"), (other, "Who signs off travel?"))
    for helper, title in earlier_threads:
        earlier_asker = people.member()
        earlier = earlier_asker.ask(title=title, tags=["expenses"])
        answer = helper.answer(earlier["id"], "Use the expenses form; pick the currency first.")
        assert earlier_asker.accept(answer["id"]).status_code == 200
    question = asker.ask(title="Can I claim a taxi to the airport at 5am?", tags=["expenses"])

    page_of = visitors()
    sign_in(page_of.page, page_of.base, asker.me()["email"])
    page = page_of.go(f"/questions/{question['id']}")
    page.get_by_text("Ask someone who knows this").click()
    page.get_by_role("button", name="Invite Erik Expert to answer").click()
    panel = page.locator("details.ask-someone")
    expect(panel.locator("li").filter(has_text="Erik Expert")).to_contain_text("Invited")
    check_page(page, "ask-someone")

    invitee = visitors()
    sign_in(invitee.page, invitee.base, expert.me()["email"])
    page = invitee.go("/notifications")
    item = page.locator(".notification-list li").filter(has_text="invited you to answer")
    expect(item).to_contain_text("Asha Asker invited you to answer")
    check_page(page, "notifications-invited")
    item.get_by_role("button", name=f"Decline the invitation to answer “{question['title']}”").click()
    expect(item.get_by_text("Declined")).to_be_visible()

    page = page_of.go(f"/questions/{question['id']}")
    page.get_by_text("Ask someone who knows this").click()
    expect(page.locator("details.ask-someone li").filter(has_text="Erik Expert")).to_contain_text("Declined")
    expect(page.get_by_role("button", name="Invite Olga Other to answer")).to_be_visible()
