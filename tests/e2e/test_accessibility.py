"""Every page as a member, a moderator and an admin sees it passes axe-core (light and dark
schemes) and fits a phone; the site follows prefers-color-scheme and prefers-reduced-motion;
and the everyday tasks work with the keyboard alone, with a visible focus."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.pages import check_page, set_account, sign_in, sign_up, wait_until_indexed
from tests.people import People

TAG = "onboarding"


def _thread(people: People) -> dict[str, Any]:
    asker, helper = people.member("Asa Asker"), people.member("Hana Helper")
    question = asker.ask(title="Where do I collect my laptop on day one?", tags=[TAG])
    answer = helper.answer(question["id"], "At the IT desk on the ground floor, from 9.")
    assert asker.accept(answer["id"]).status_code == 200
    asker.post(f"/questions/{question['id']}/comments", {"body": "Thanks, found it."})
    return {"question": question, "answer": answer, "asker": asker, "helper": helper}


def _visit(page: Page, base: str, path: str, name: str) -> None:
    page.goto(base + path)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Loading")).to_have_count(0)
    check_page(page, name)


def test_every_page_is_accessible_to_members_moderators_and_admins(app, people: People, visitors) -> None:
    thread = _thread(people)
    q = thread["question"]["id"]
    wait_until_indexed(people.member(), "laptop day one", q, resolved=True)
    member_pages = {
        "home": "/",
        "tags": "/tags",
        "tag": f"/tags/{TAG}",
        "thread": f"/questions/{q}",
        "reference": f"/r/{q}",
        "profile": f"/users/{thread['helper'].id}",
        "search": "/search?q=laptop",
        "ask": "/ask",
        "notifications": "/notifications",
        "settings": "/settings",
        "tokens": "/settings/tokens",
        "syntheses": f"/tags/{TAG}/syntheses",
    }
    moderator_pages = {
        **member_pages,
        "moderation": "/moderation",
        "moderation-log": "/moderation/log",
        "community-health": "/community-health",
    }
    admin_pages = {
        **moderator_pages,
        "admin-settings": "/admin/settings",
        "admin-webhooks": "/admin/webhooks",
        "admin-people": "/admin/people",
    }
    for role, pages in (("member", member_pages), ("moderator", moderator_pages), ("admin", admin_pages)):
        visitor = visitors()
        email = sign_up(visitor.page, visitor.base, f"{role.title()} Person")
        if role != "member":
            set_account(app, email, role=role)
            sign_in(visitor.page, visitor.base, email)
        for name, path in pages.items():
            _visit(visitor.page, visitor.base, path, f"{role}-{name}")


def test_the_site_follows_the_dark_scheme_and_reduced_motion(browser, live_server) -> None:
    dark = browser.new_context(color_scheme="dark", reduced_motion="reduce")
    page = dark.new_page()
    page.goto(live_server + "/tags")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tags")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    text = page.evaluate("getComputedStyle(document.documentElement).color")
    assert background == "rgb(20, 24, 29)" and text == "rgb(230, 233, 237)"
    # No spinning, sliding or smooth scrolling for those who asked the system for less motion.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<span class=\"spinner\" id=\"s\"></span>')")
    assert page.evaluate("getComputedStyle(document.getElementById('s')).animationName") == "none"
    dark.close()
    light = browser.new_context(color_scheme="light")
    page = light.new_page()
    page.goto(live_server + "/tags")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tags")
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(255, 255, 255)"
    assert (
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<span class=\"spinner\" id=\"s\"></span>'),"
            " getComputedStyle(document.getElementById('s')).animationName"
        )
        != "none"
    )
    light.close()


def _tab_to(page: Page, script: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches (a JS expression over `el`), then check
    that the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({script}); }})()"):
            outline = page.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; })()"
            )
            assert outline, f"the focus on {script} cannot be seen"
            return
    raise AssertionError(f"Tab never reached {script}")


def _label(text: str) -> str:
    return f"(el.getAttribute('aria-label') || el.textContent || '').trim() === {text!r}"


def test_search_vote_flag_answer_accept_and_moderate_with_the_keyboard_alone(
    app, people: People, visitors
) -> None:
    thread = _thread(people)
    asker = people.member("Kim Keyboard")
    question = asker.ask(title="How do I request a second monitor?", tags=[TAG])
    wait_until_indexed(people.member(), "second monitor", question["id"])

    # A member with the reputation to flag: search, open, vote, flag and answer.
    member = visitors()
    email = sign_up(member.page, member.base, "Kai Keys")
    set_account(app, email, reputation=50)
    page = member.go("/")
    page.keyboard.press("/")
    page.keyboard.type("second monitor", delay=20)
    expect(page.get_by_role("option").filter(has_text="second monitor").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(question["title"])
    _tab_to(page, "el.getAttribute('aria-label') === 'Upvote this question'")
    page.keyboard.press("Enter")
    expect(page.locator(".question-post .score").first).to_have_text("1")
    _tab_to(page, _label("Flag this question"))
    page.keyboard.press("Enter")
    _tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")
    _tab_to(page, _label("Send flag"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("A moderator will look at it")).to_be_visible()
    _tab_to(page, "el.id === 'answer-body'")
    page.keyboard.type("Ask IT through the equipment form; it takes two days.")
    _tab_to(page, _label("Post your answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 answer")).to_be_visible()

    # The asker accepts it with the keyboard.
    owner = visitors()
    sign_in(owner.page, owner.base, asker.me()["email"])
    page = owner.go(f"/questions/{question['id']}")
    _tab_to(page, _label("Accept this answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Accepted answer")).to_be_visible()

    # A moderator locks the other thread with the keyboard.
    moderator = visitors()
    email = sign_up(moderator.page, moderator.base, "Mo Keys")
    set_account(app, email, role="moderator")
    sign_in(moderator.page, moderator.base, email)
    page = moderator.go(f"/questions/{thread['question']['id']}")
    _tab_to(page, "el.tagName === 'SUMMARY' && el.textContent.includes('Moderate this thread')")
    page.keyboard.press("Enter")
    _tab_to(page, "el.id === 'lock-reason'")
    page.keyboard.type("Answered; closing for now.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("note").filter(has_text="This thread is locked")).to_be_visible()
