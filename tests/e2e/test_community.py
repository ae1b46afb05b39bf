"""Following in the browser: follow a tag, see its questions under "For you", hear about them."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.pages import check_page, sign_in, sign_up
from tests.people import People


def test_following_a_tag_fills_the_for_you_feed_and_the_notifications(people: People, visitors: Any) -> None:
    asker = people.member("Asker Ana")
    asker.ask(title="Where do I find the travel expense form?", tags=["travel"])
    asker.ask(title="Which laptop bag does the company pay for?", tags=["equipment"])

    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Fran Follower")
    page = visitor.go("/tags/travel")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("button", name="Following")).to_have_attribute("aria-pressed", "true")
    # Nobody has helped here yet: the page says what would make someone one to ask.
    expect(page.get_by_text("No colleague has had an answer accepted or upvoted here yet.")).to_be_visible()
    check_page(page, "tag-followed")

    page = visitor.go("/?tab=for-you")
    expect(page.get_by_role("link", name="Where do I find the travel expense form?")).to_be_visible()
    expect(page.get_by_role("link", name="Which laptop bag does the company pay for?")).to_have_count(0)
    check_page(page, "home-for-you")

    later = asker.ask(title="Can I book train tickets through the travel desk?", tags=["travel"])
    page = visitor.go("/notifications")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("link", name=f"A new question in travel: “{later['title']}”")).to_be_visible()
    check_page(page, "notifications")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("button", name="Mark all read")).to_have_count(0)


def test_settings_list_the_followed_and_muted_communities_and_undo_them(
    people: People, visitors: Any
) -> None:
    asker = people.member("Asker Ana")
    for title, tag in [
        ("Where do I find the travel expense form?", "travel"),
        ("Which laptop bag does the company pay for?", "equipment"),
        ("Who runs the Friday quiz?", "social"),
    ]:
        asker.ask(title=title, tags=[tag])

    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Fran Follower")
    page = visitor.go("/settings")
    section = page.get_by_role("region", name="Your communities")
    expect(section).to_contain_text("None yet: follow a community from its page")
    for tag, button in [("travel", "Follow"), ("equipment", "Follow"), ("social", "Mute")]:
        page = visitor.go(f"/tags/{tag}")
        page.get_by_role("button", name=button).click()
        expect(
            page.get_by_role("button", name=f"{button}ing" if button == "Follow" else "Muted")
        ).to_be_visible()

    page = visitor.go("/settings")
    section = page.get_by_role("region", name="Your communities")
    expect(section.get_by_role("list", name="You follow").get_by_role("link")).to_have_text(
        ["equipment", "travel"]
    )
    expect(section.get_by_role("list", name="You mute").get_by_role("link")).to_have_text(["social"])
    check_page(page, "settings-communities")

    section.get_by_role("button", name="Unfollow equipment").click()
    expect(section.get_by_role("list", name="You follow").get_by_role("link")).to_have_text(["travel"])
    section.get_by_role("button", name="Unmute social").click()
    expect(section).to_contain_text("None: mute a tag on its page")

    # What the page shows is what the site keeps: the feed follows travel alone, nothing is muted.
    page = visitor.go("/?tab=for-you")
    expect(page.get_by_role("link", name="Where do I find the travel expense form?")).to_be_visible()
    expect(page.get_by_role("link", name="Which laptop bag does the company pay for?")).to_have_count(0)
    page = visitor.go("/")
    expect(page.get_by_role("link", name="Who runs the Friday quiz?")).to_be_visible()


def test_a_link_to_an_answer_or_a_comment_lands_on_it(people: People, visitors: Any) -> None:
    asker = people.member("Asker Ana")
    question = asker.ask(title="How do I set up the conference room screen?")
    paragraphs = "\n\n".join(
        f"Step {n}: check the cable, the input and the remote once more." for n in range(12)
    )
    helpers = [people.member(f"Helper {n}") for n in range(4)]
    last = [helper.answer(question["id"], paragraphs) for helper in helpers][-1]
    comment = people.member("Commenter Cy").post(f"/answers/{last['id']}/comments", {"body": "Which remote?"})
    assert comment.status_code == 201, comment.get_json()

    # Opened from outside (a mail): the answer, far down the thread, is on screen and focused.
    page = visitors().go(f"/questions/{question['id']}#answer-{last['id']}")
    answer = page.locator(f"#answer-{last['id']}")
    expect(answer).to_be_in_viewport()
    expect(answer).to_be_focused()

    # Followed inside the site (the answer's author's notification): the comment.
    visitor = visitors()
    sign_in(visitor.page, visitor.base, helpers[-1].me()["email"])
    page = visitor.go("/notifications")
    page.get_by_role("link", name=re.compile("Commenter Cy commented")).click()
    expect(page).to_have_url(re.compile(rf"/questions/{question['id']}#comment-{comment.get_json()['id']}$"))
    expect(page.locator(f"#comment-{comment.get_json()['id']}")).to_be_in_viewport()
