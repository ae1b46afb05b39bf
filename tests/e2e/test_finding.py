"""Finding the thread that already answers you, in a real browser: the ask form suggests a
duplicate and says so when nothing is close, and a problem typed into the search box as a
sentence finds the resolved thread's reference card."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.pages import check_page, search_box, sign_up, type_search, wait_until_indexed
from tests.people import People


def test_the_ask_form_says_when_no_similar_question_exists(visitors, people: People) -> None:
    earlier = people.member("Earlier Asker").ask(
        title="VPN password expired and I cannot sign in from home",
        body="My VPN password expired over the weekend and the client just says access denied.",
    )
    wait_until_indexed(people.member("Reader"), "vpn password expired", earlier["id"])
    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Una Unrelated")
    page = visitor.go("/ask")
    similar = page.get_by_role("region", name="Similar questions")

    page.get_by_label("Title").press_sequentially(
        "How long should I rest a steak after grilling it?", delay=5
    )
    expect(similar.get_by_text("No similar question found")).to_be_visible()
    expect(similar.get_by_role("link")).to_have_count(0)
    check_page(page, "ask-no-similar")

    page.get_by_label("Title").fill("")
    page.get_by_label("Title").press_sequentially(
        "My VPN login stopped working once the password ran out", delay=5
    )
    expect(similar.get_by_role("link", name=re.compile("VPN password expired"))).to_be_visible()
    expect(similar.get_by_text("No similar question found")).to_have_count(0)


def test_a_problem_typed_as_a_sentence_finds_the_reference_card(visitors, people: People) -> None:
    asker, helper = people.member("Asker"), people.member("Helper")
    solved = asker.ask(
        title="How do I reset my VPN password after it expired?",
        body="The VPN client says my password expired and refuses to connect.",
        tags=["network"],
    )
    asker.accept(helper.answer(solved["id"], "Use the **self-service portal** under Network access.")["id"])
    other = asker.ask(title="Which printers can I use on the third floor?", body="The old one is gone.")
    reader = people.member("Reader")
    wait_until_indexed(reader, "reset vpn password", solved["id"], resolved=True)
    wait_until_indexed(reader, "printers third floor", other["id"])

    visitor = visitors()
    page = visitor.go("/")
    problem = "the vpn will not let me in since my login ran out"  # one word of its title
    type_search(page, problem)
    options = page.get_by_role("listbox", name="Search results").get_by_role("option")
    expect(options.first).to_contain_text(solved["title"])
    expect(options.first).to_contain_text("self-service portal")
    search_box(page).press("Enter")

    expect(page).to_have_url(re.compile(r"/search\?q="))
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("status")).to_contain_text("close to what you describe")
    first = results.get_by_role("listitem").first
    expect(first.get_by_role("link").first).to_have_attribute("href", f"/r/{solved['id']}")
    expect(results).not_to_contain_text(other["title"])
    check_page(page, "search-sentence")

    # A problem nothing here is about: the page offers to ask it instead.
    page = visitor.go("/search?q=" + "how long should I rest a steak after grilling it".replace(" ", "+"))
    results = page.get_by_role("region", name="Results")
    expect(results).to_contain_text("No questions match")
    expect(results.get_by_role("link", name=re.compile("Ask it"))).to_be_visible()


def test_a_resolved_hit_marks_the_words_found_in_its_answer(visitors, people: People) -> None:
    asker, helper = people.member("Asker"), people.member("Helper")
    solved = asker.ask(
        title="Where do I order a replacement badge?",
        body="My door badge stopped opening the side entrance this morning.",
    )
    answer = helper.answer(
        solved["id"],
        "Order it from the facilities portal; typing `<b>urgent</b>` in the note does not speed it up.",
    )
    asker.accept(answer["id"])
    wait_until_indexed(people.member("Reader"), "facilities portal", solved["id"], resolved=True)

    def shows_the_answer_marked(hit: Any) -> None:
        snippet = hit.locator(".hit-answer")
        expect(snippet.locator("mark")).to_have_text(["facilities", "portal"])
        # The answer's words as its author typed them: escaped by the server, shown as text.
        expect(snippet).to_contain_text("typing <b>urgent</b> in the note")
        expect(snippet.locator("b")).to_have_count(0)

    page = visitors().go("/search?q=facilities+portal")
    shows_the_answer_marked(page.get_by_role("region", name="Results").get_by_role("listitem").first)

    page = visitors().go("/")
    type_search(page, "facilities portal")
    shows_the_answer_marked(page.get_by_role("listbox", name="Search results").get_by_role("option").first)


def test_a_search_pasted_longer_than_the_box_takes_is_cut_to_it(visitors, people: People) -> None:
    asked = people.member("Asker").ask(
        title="Where is the spare projector kept?", body="The one in room 4 has a dead bulb."
    )
    wait_until_indexed(people.member("Reader"), "spare projector", asked["id"])
    page = visitors().go("/search?q=" + "projector+" * 30)  # 300 characters; the API takes 200
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("listitem").first).to_contain_text(asked["title"])
    expect(results).to_contain_text(re.compile(r"\b1 (result|thread close to what you describe)(?!s)"))
    expect(results.get_by_role("listitem").first).to_contain_text("0 votes · 0 answers")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_a_tag_in_square_brackets_keeps_the_search_to_it(visitors, people: People) -> None:
    asker = people.member("Asker")
    travel = asker.ask(
        title="Where do I collect a visitor badge?",
        body="A client comes to the office on Monday.",
        tags=["travel"],
    )
    office = asker.ask(
        title="Where do I collect a replacement badge after travel?",
        body="Mine broke in half on the way back.",
        tags=["facilities"],
    )
    reader = people.member("Reader")
    wait_until_indexed(reader, "visitor badge", travel["id"])
    wait_until_indexed(reader, "replacement badge", office["id"])

    page = visitors().go("/search?q=badge")
    expect(page.get_by_text("A tag in square brackets keeps to it")).to_contain_text("] badge")
    page = visitors().go("/")
    type_search(page, "[travel] badge")
    search_box(page).press("Enter")
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("listitem").first).to_contain_text(travel["title"])
    expect(results).not_to_contain_text(office["title"])
    expect(page.get_by_text("A tag in square brackets keeps to it")).to_have_count(0)  # in use

    # Nothing found: asking it takes the words as the title and the tag as the question's.
    visitor = visitors()
    sign_up(visitor.page, visitor.base, "Sam Searcher")
    page = visitor.go("/search?q=%5Btravel%5D+parking+permit")
    page.get_by_role("link", name="Ask it: a colleague may know →").click()
    expect(page.get_by_label("Title")).to_have_value("parking permit")
    chosen = page.get_by_role("list", name="Chosen tags")
    expect(chosen.get_by_role("listitem")).to_have_count(1)
    expect(chosen.get_by_role("button", name="Remove tag travel")).to_be_visible()
