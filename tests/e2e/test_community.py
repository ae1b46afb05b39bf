"""Following in the browser: follow a tag, see its questions under "For you", hear about them."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.pages import check_page, sign_up
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
