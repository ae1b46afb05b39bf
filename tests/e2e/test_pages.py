"""Every page, signed in and out: it loads, says what it is, has no serious accessibility
violations, fits a 360px phone, and is saved as a screenshot to look at."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.pages import assert_accessible, check_page, sign_up, type_search, wait_until_indexed
from tests.people import People


def test_every_page_is_accessible_and_fits_a_phone(visitors, people: People) -> None:
    asker, helper = people.member("Priya Asker"), people.member("Hugo Helper")
    resolved = asker.ask(
        title="How do I book a meeting room for more than ten people?",
        body="The booking tool only shows small rooms. Is there a **separate** list?",
        tags=["onboarding", "tools-and-systems"],
    )
    answer = helper.answer(
        resolved["id"], "Large rooms are booked through *facilities*: use the form on the intranet."
    )
    asker.vote("answers", answer["id"], 1)
    asker.accept(answer["id"])
    asker.ask(title="Who approves overtime during the holidays?", tags=["onboarding"])
    wait_until_indexed(people.member("Reader"), "meeting room", resolved["id"], resolved=True)

    visitor = visitors()
    pages = {
        "home": ("/", "Questions"),
        "home-resolved": ("/?tab=resolved", "Questions"),
        "tags": ("/tags", "Tags"),
        "tag": ("/tags/onboarding", "Tag onboarding"),
        "profile": (f"/users/{helper.id}", "Hugo Helper"),
        "thread-signed-out": (f"/questions/{resolved['id']}", resolved["title"]),
        "reference-signed-out": (f"/r/{resolved['id']}", resolved["title"]),
        "signin": ("/signin", "Sign in"),
        "signup": ("/signup", "Create an account"),
        "not-found": ("/no/such/page", "We could not find that page"),
        "missing-question": ("/questions/999999", "We could not find that question"),
        "search-empty": ("/search?q=zzzqqqxx", "Results for “zzzqqqxx”"),
    }
    for name, (path, heading) in pages.items():
        page = visitor.go(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("status").filter(has_text="Loading")).to_have_count(0)
        check_page(page, name)

    # Signed in: the ask form and the thread with its editor and controls.
    sign_up(visitor.page, visitor.base, "Rae Reader")
    page = visitor.go("/ask")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    check_page(page, "ask-empty")
    page = visitor.go(f"/questions/{resolved['id']}")
    expect(page.get_by_text("Accepted answer")).to_be_visible()
    check_page(page, "thread-signed-in")

    # The empty search state suggests asking.
    page = visitor.go("/")
    type_search(page, "zzzqqqxx")
    expect(page.get_by_role("link", name="Ask it: a colleague may know →")).to_be_visible()
    assert_accessible(page, "search dropdown, no results")


def test_the_home_tabs_and_tag_chips_filter_the_list(visitors, people: People) -> None:
    asker, helper = people.member("Tara Tabs"), people.member("Ian Helper")
    open_one = asker.ask(title="What is the wifi password for guests?", tags=["tools-and-systems"])
    done = asker.ask(title="Where do I pick up my badge on day one?", tags=["onboarding"])
    asker.accept(helper.answer(done["id"])["id"])

    page = visitors().go("/")
    rows = page.locator(".question-row")
    expect(rows).to_have_count(2)
    expect(page.locator(".count-line")).to_have_text("2 questions")
    page.get_by_role("link", name="Resolved").click()
    expect(page.get_by_role("link", name="Resolved")).to_have_attribute("aria-current", "page")
    expect(rows).to_have_count(1)
    expect(page.locator(".count-line")).to_have_text("1 question")
    expect(rows.first).to_contain_text(done["title"])
    expect(rows.first.locator(".count.accepted")).to_be_visible()
    page.get_by_role("link", name="Unanswered").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(open_one["title"])
    page.get_by_role("link", name="Newest").click()
    page.get_by_role("group", name="Filter by tag").get_by_role("button", name="onboarding").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(done["title"])


def test_the_search_shortcut_works_as_soon_as_a_page_has_loaded(visitors) -> None:
    # A "/" pressed at once after load was lost about half the time while the shortcut
    # waited for the frame after the first paint.
    visitor = visitors()
    for path in ["/", "/tags", "/signin"] * 4:
        page = visitor.go(path)
        page.keyboard.press("/")
        expect(page.locator("#search-input")).to_be_focused(timeout=500)


def test_the_api_reference_is_styled_under_the_content_security_policy(visitors) -> None:
    page = visitors().go("/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commonplace API")
    # The inline <style> ran (it carries the response's nonce): the page is a 60rem column.
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "960px"
    # A script slipped into the page (as a post would try) is refused.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    assert page.evaluate("window.ran") is None
    assert any("Content Security Policy" in message for message in visitors.refused)
    visitors.refused.clear()  # the one refusal this test asked for

    # Each endpoint's parameters (the path's too) with their types and descriptions, and the
    # schemas it takes and answers with, one click away.
    listing = page.locator('[id="get/api/v1/questions"]')
    expect(listing.get_by_role("row", name="show_muted")).to_contain_text(
        "Include questions in the tags I mute"
    )
    expect(listing.get_by_role("row", name="sort")).to_contain_text("newest, active, votes, unanswered")
    thread = page.locator('[id="get/api/v1/questions/{question_id}"]')
    expect(thread.get_by_role("row", name="question_id")).to_contain_text("path")
    listing.get_by_role("link", name="QuestionPage").click()
    expect(page).to_have_url(re.compile("#schema-QuestionPage$"))
    schema = page.locator("#schema-Question")
    expect(schema.get_by_role("row", name="author Author, or null")).to_be_visible()


def test_wide_content_scrolls_in_its_own_box_on_a_phone(visitors, people: People) -> None:
    table = (
        "| Configuration | Responsibilities | Administrators | Notifications | Environment |\n"
        "|---|---|---|---|---|\n"
        "| Overtime approvals | Payroll department | Line managers | Fortnightly | Production |"
    )
    code = (
        "```\nexport APPROVAL_PORTAL_URL=https://payroll.example.org/approvals/overtime/holiday-season\n```"
    )
    asked = people.member("Wide Writer").ask(
        title="Where are the overtime settings kept?",
        body=f"{table}\n\n{code}\n\nhttps://payroll.example.org/approvals/overtime/holiday-season/requests/2026",
    )
    page = visitors().go(f"/questions/{asked['id']}")
    page.set_viewport_size({"width": 360, "height": 740})
    expect(page.locator(".post-body table")).to_be_visible()
    # The page never scrolls sideways: the table and the code do, each in its own box, and
    # every table cell is at least as wide as its longest word (no word split across lines).
    measured = page.evaluate(
        """() => {
            const table = document.querySelector('.post-body table');
            const pre = document.querySelector('.post-body pre');
            const canvas = document.createElement('canvas').getContext('2d');
            const split = [...table.querySelectorAll('th, td')].filter(cell => {
                const style = getComputedStyle(cell);
                canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const words = cell.textContent.trim().split(/\\s+/);
                const longest = Math.max(...words.map(w => canvas.measureText(w).width));
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                const inner = cell.clientWidth - padding;
                return inner + 1 < longest;
            }).map(cell => cell.textContent);
            return {
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                table: [table.scrollWidth, table.clientWidth],
                pre: [pre.scrollWidth, pre.clientWidth],
                split,
            };
        }"""
    )
    assert measured["page"] <= 0, measured
    assert measured["table"][0] > measured["table"][1], measured
    assert measured["pre"][0] > measured["pre"][1], measured
    assert measured["split"] == [], measured
