"""Moderation in the browser: a flag that reaches the threshold hides a post, and a
moderator restores it from the queue."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.backend.moderation_helpers import flag, trusted
from tests.e2e.pages import check_page, set_account, sign_up
from tests.people import PASSWORD, ApiClient


def _flagger_on_thread(app, visitors, question_id):
    """A member with the reputation to flag, reading the thread."""
    flagger = visitors()
    email = sign_up(flagger.page, flagger.base, "Fiona Flagger")
    set_account(app, email, reputation=20)
    return flagger.go(f"/questions/{question_id}")


def test_a_flag_hides_a_post_and_a_moderator_restores_it_from_the_queue(app, people, anon, visitors):
    asker = people.member("Asker Abe")
    q = asker.ask(title="Where is the fire exit on the third floor?")
    for _ in range(2):
        assert flag(trusted(people), "questions", q["id"], "spam").status_code == 201

    page = _flagger_on_thread(app, visitors, q["id"])
    page.get_by_role("button", name="Flag this question").click()
    page.get_by_label("Spam or advertising").check()
    check_page(page, "flag-form")
    page.get_by_role("button", name="Send flag").click()
    expect(page.get_by_text("The post is now hidden")).to_be_visible()
    assert anon.get(f"/questions/{q['id']}").status_code == 404

    moderator = visitors()
    email = sign_up(moderator.page, moderator.base, "Maya Moderator")
    set_account(app, email, role="moderator")
    page = moderator.go("/moderation")
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()
    expect(page.get_by_role("link", name=q["title"])).to_be_visible()
    check_page(page, "moderation-queue")
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_text("Nothing flagged")).to_be_visible()
    assert anon.get(f"/questions/{q['id']}").status_code == 200

    page = moderator.go("/moderation/log")
    # The log names what was acted on, and links to it.
    expect(page.get_by_role("cell", name=f"restore question “{q['title']}”")).to_be_visible()
    expect(page.get_by_role("link", name=f"question “{q['title']}”")).to_have_attribute(
        "href", f"/questions/{q['id']}"
    )
    check_page(page, "moderation-log")


def test_a_moderator_labels_an_answer_and_readers_see_it_on_the_reference_card(app, people, visitors):
    asker, helper = people.member("Asker Ann"), people.member("Helper Hal")
    q = asker.ask(title="How do I book a parking space at the office?")
    a = helper.answer(q["id"], "Use the parking app and book before 9 in the morning.")
    assert asker.accept(a["id"]).status_code == 200

    moderator = visitors()
    email = sign_up(moderator.page, moderator.base, "Mo Labeller")
    set_account(app, email, role="moderator")
    page = moderator.go(f"/questions/{q['id']}")
    page.get_by_role("button", name="Label", exact=True).click()
    page.get_by_label("Outdated").check()
    page.get_by_label("What should readers know?").fill("Parking is booked at reception since May.")
    check_page(page, "label-form")
    page.get_by_role("button", name="Save label").click()
    expect(page.get_by_role("note").filter(has_text="Parking is booked at reception")).to_be_visible()

    reader = visitors()
    page = reader.go(f"/r/{q['id']}")
    expect(page.get_by_role("note").filter(has_text="Outdated")).to_be_visible()
    check_page(page, "reference-labelled")


def test_a_member_flags_a_comment_from_the_thread(app, people, moderator, visitors):
    asker, commenter = people.member("Asker Ada"), people.member("Carl Commenter")
    q = asker.ask(title="Which printer on the second floor takes A3 paper?")
    response = commenter.post(f"/questions/{q['id']}/comments", {"body": "Buy cheap toner at my shop!"})
    assert response.status_code == 201, response.get_json()
    comment_id = response.get_json()["id"]

    page = _flagger_on_thread(app, visitors, q["id"])
    page.get_by_role("button", name="Flag this comment").click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_label("Note for the moderators (optional)").fill("Advertising in a comment")
    check_page(page, "comment-flag-form")
    page.get_by_role("button", name="Send flag").click()
    expect(page.get_by_text("Thanks. A moderator will look at it.")).to_be_visible()
    (item,) = moderator.get("/moderation/queue").get_json()["posts"]
    assert (item["post_type"], item["post_id"], item["flag_count"]) == ("comment", comment_id, 1)


def test_a_moderator_reopens_a_question_closed_as_a_duplicate(app, people, moderator, anon, visitors):
    original = people.member().ask(title="How do I request a new laptop?")
    q = people.member("Asker Abe").ask(title="How do I request a second monitor?")
    closed = moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": original["id"]})
    assert closed.status_code == 200, closed.get_json()

    reader = visitors()
    page = reader.go(f"/questions/{q['id']}")
    expect(page.get_by_role("note").filter(has_text="Closed as a duplicate")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen: not a duplicate")).to_have_count(0)

    mod = visitors()
    email = sign_up(mod.page, mod.base, "Maya Moderator")
    set_account(app, email, role="moderator")
    page = mod.go(f"/questions/{q['id']}")
    expect(page.get_by_role("button", name="Reopen: not a duplicate")).to_be_visible()
    check_page(page, "duplicate-notice")
    page.get_by_role("button", name="Reopen: not a duplicate").click()
    expect(page.get_by_text("Closed as a duplicate")).to_have_count(0)
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert (thread["status"], thread["duplicate_of_id"]) == ("open", None)


def newcomer_asks(app, visitors, title: str):
    """With pre-moderation on, a member who just signed up in the browser asks (held): their
    browser, and the API client they ask with."""
    app.config["PREMODERATION"] = True
    newcomer = visitors()
    email = sign_up(newcomer.page, newcomer.base, "Nina Newcomer")
    asker = ApiClient(app)
    asker.user = asker.post("/auth/login", {"email": email, "password": PASSWORD}).get_json()
    return newcomer, asker, asker.ask(title=title)


def test_a_moderator_approves_a_new_members_held_post_from_the_queue(app, people, anon, visitors):
    newcomer, _, q = newcomer_asks(app, visitors, "Where do I pick up my access badge?")
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    waiting = "Waiting for a moderator's approval"
    page = newcomer.go(f"/questions/{q['id']}")
    expect(page.get_by_role("note").filter(has_text=waiting)).to_be_visible()
    expect(page.get_by_text("hidden pending review")).to_have_count(0)

    moderator = visitors()
    email = sign_up(moderator.page, moderator.base, "Maya Moderator")
    set_account(app, email, role="moderator")
    page = moderator.go(f"/questions/{q['id']}")
    expect(page.get_by_role("note").filter(has_text=waiting)).to_be_visible()
    page = moderator.go("/moderation")
    expect(page.get_by_role("heading", name="New members' posts waiting for approval")).to_be_visible()
    expect(page.get_by_role("link", name=q["title"])).to_be_visible()
    check_page(page, "moderation-held-posts")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Say why, kindly")).to_be_visible()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", name="New members' posts waiting for approval")).to_have_count(0)
    assert anon.get(f"/questions/{q['id']}").status_code == 200
    page = newcomer.go(f"/questions/{q['id']}")
    expect(page.get_by_role("heading", name=q["title"])).to_be_visible()
    expect(page.get_by_text(waiting)).to_have_count(0)


def test_a_new_member_whose_post_was_rejected_is_told_so_on_it_not_that_it_waits(app, people, visitors):
    newcomer, asker, q = newcomer_asks(app, visitors, "Can I bring my own keyboard to the office?")

    moderator = visitors()
    email = sign_up(moderator.page, moderator.base, "Maya Moderator")
    set_account(app, email, role="moderator")
    page = moderator.go("/moderation")
    page.get_by_label("Why not publish it?").fill("Please say which office you work in")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("heading", name="New members' posts waiting for approval")).to_have_count(0)

    page = newcomer.go(f"/questions/{q['id']}")
    expect(
        page.get_by_role("note").filter(has_text="A moderator did not publish this question")
    ).to_be_visible()
    expect(page.get_by_text("Waiting for a moderator's approval")).to_have_count(0)
    page = newcomer.go(f"/users/{asker.id}")
    expect(page.get_by_text("not published by a moderator")).to_be_visible()
