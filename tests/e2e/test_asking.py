"""Asking safely and clearly: anonymity, validation messages next to fields, the keyboard alone,
and a session that ended sends people to sign in and back."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.pages import assert_accessible, search_box, sign_up, type_search, wait_until_indexed
from tests.people import People

TITLE = "Is it normal to feel lost in my second week on the team?"


def test_an_anonymous_question_hides_the_askers_name(visitors) -> None:
    asker, reader = visitors(), visitors()
    sign_up(asker.page, asker.base, "Nadia Newcomer")
    page = asker.go("/ask")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("textbox", name="Details").fill(
        "Everyone seems to know the systems already and I do not."
    )
    page.get_by_role("combobox", name="Tags").fill("onboarding")
    page.get_by_role("combobox", name="Tags").press("Enter")
    expect(page.get_by_text("only you and the moderators can see that you asked")).to_be_visible()
    page.get_by_label("Ask anonymously").check()
    page.get_by_role("button", name="Post your question").click()
    expect(page).to_have_url(re.compile(r"/questions/\d+$"))
    path = page.url.removeprefix(asker.base)
    expect(page.get_by_text("(anonymous to others)")).to_be_visible()  # the asker still sees it is theirs

    for where in (path, "/"):
        page = reader.go(where)
        expect(page.get_by_text(TITLE).first).to_be_visible()
        expect(page.get_by_text("Anonymous").first).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Nadia")


def test_validation_errors_appear_next_to_their_fields(visitors) -> None:
    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Vic Validator")
    page = visitor.go("/ask")
    page.get_by_label("Title").fill("Help?")
    page.get_by_role("button", name="Post your question").click()

    title = page.get_by_label("Title")
    expect(page.locator("#title-error")).to_contain_text("Length must be between 10 and 200")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_attribute("aria-describedby", re.compile("title-error"))
    expect(title).to_be_focused()
    expect(page.locator("#body-error")).to_be_visible()
    expect(page.locator("#tags-error")).to_be_visible()
    assert_accessible(page, "ask form with errors")

    # Fixing the title clears nothing by itself, but the next answer from the server does.
    title.fill("How do I request access to the shared drive?")
    page.get_by_role("textbox", name="Details").fill("I need the finance folder for month-end.")
    page.get_by_role("button", name="Post your question").click()
    expect(page.locator("#title-error")).to_have_count(0)
    expect(page.locator("#tags-error")).to_contain_text("between 1 and 5")

    # Signing up with an address that is taken says so beside the email field.
    other = visitors()
    page = other.go("/signup")
    page.get_by_label("Your name").fill("X")
    page.get_by_label("Work email").fill("not-an-email")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#display_name-error")).to_be_visible()
    expect(page.locator("#email-error")).to_be_visible()
    expect(page.locator("#password-error")).to_be_visible()


def test_the_keyboard_alone_signs_in_searches_and_answers(visitors, people: People) -> None:
    asker = people.member("Kim Asker")
    question = asker.ask(
        title="Where do I find the expense policy for travel?",
        body="I am travelling to a client next week and need to know what I can claim.",
        tags=["onboarding"],
    )
    wait_until_indexed(people.member("Reader"), "expense policy", question["id"])
    visitor = visitors()
    email = sign_up(visitor.page, visitor.base, "Kai Keyboard")
    page = visitor.page
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    # Sign in: Tab to the link, Enter, fill the fields, Enter.
    page.goto(visitor.base + "/")
    page.keyboard.press("Tab")  # skip link
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_role("link", name="Sign in").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/signin"))
    # The new page takes focus once drawn: a field focused before that loses it mid-typing.
    expect(page.locator("main")).to_be_focused()
    page.get_by_label("Work email").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # "/" jumps to search; arrows and Enter open a result.
    type_search(page, "expense polcy")
    page.keyboard.press("ArrowDown")
    expect(search_box(page)).to_have_attribute("aria-activedescendant", "search-option-0")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{visitor.base}/questions/{question['id']}")
    expect(page.locator("main")).to_be_focused()  # focus moved to the new page's content

    # Tab through to the answer box, type, and submit with the keyboard.
    textbox = page.get_by_role("textbox", name="Answer", exact=True)
    expect(textbox).to_be_visible()  # the thread has loaded: Tab cannot run past a box not yet there
    for _ in range(40):
        page.keyboard.press("Tab")
        if textbox.evaluate("el => el === document.activeElement"):
            break
    expect(textbox).to_be_focused()
    page.keyboard.type("The travel policy is on the intranet under Finance, section 4.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("article.answer")).to_contain_text("section 4")


def test_a_session_that_ended_sends_people_to_sign_in_and_back(visitors, people: People) -> None:
    question = people.member("Ola Asker").ask(tags=["onboarding"])
    visitor = visitors()
    email = sign_up(visitor.page, visitor.base, "Sam Session")
    page = visitor.go(f"/questions/{question['id']}")
    # Let the page's own requests finish first: a response still in flight could set a cookie
    # again after they are cleared.
    page.wait_for_load_state("networkidle")
    visitor.context.clear_cookies()  # signed out elsewhere, or the session expired
    page.get_by_role("textbox", name="Answer", exact=True).fill(
        "Try restarting the build agent first, then clear the cache."
    )
    page.get_by_role("button", name="Post your answer").click()
    expect(page).to_have_url(re.compile(r"/signin\?next=%2Fquestions%2F\d+"))
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{visitor.base}/questions/{question['id']}")


def test_posting_again_after_a_dropped_connection_posts_once(visitors, people: People) -> None:
    """The server saves the question but the answer never reaches the browser; pressing the
    button again sends the same Idempotency-Key, so the page shows the one saved question."""
    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Dora Dropped")
    page = visitor.go("/ask")
    page.get_by_label("Title").fill("Where is the spare key to the server room kept?")
    page.get_by_role("textbox", name="Details").fill("Facilities is closed and the rack needs a reboot.")
    page.get_by_role("combobox", name="Tags").fill("facilities")
    page.get_by_role("combobox", name="Tags").press("Enter")

    keys: list[str] = []

    def drop_the_answer(route) -> None:
        keys.append(route.request.headers.get("idempotency-key", ""))
        route.fetch()  # the question reaches the server and is saved ...
        route.abort("connectionreset")  # ... but the browser never hears back

    page.route("**/api/v1/questions", drop_the_answer, times=1)
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_text("Could not reach Commonplace")).to_be_visible()
    page.get_by_role("button", name="Post your question").click()
    expect(page).to_have_url(re.compile(r"/questions/\d+$"))

    mine = people.member().get("/questions", per_page=100).get_json()["items"]
    assert [q["title"] for q in mine].count("Where is the spare key to the server room kept?") == 1
    assert keys and len(keys[0]) == 32
