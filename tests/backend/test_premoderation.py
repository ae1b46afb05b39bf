"""Pre-moderation: with PREMODERATION on, a new member's posts are held (hidden pending review)
until a moderator approves one; what they would tell others waits for the approval."""

from __future__ import annotations

from typing import Any

import pytest

from tests.backend.moderation_helpers import assert_error, flag, notifications, trusted, with_reputation
from tests.people import ApiClient, People

TAG = "onboarding"
REASON = {"reason": "Please add which steps you already tried"}


@pytest.fixture(autouse=True)
def premoderation(app: Any) -> None:
    app.config["PREMODERATION"] = True


@pytest.fixture
def regular(people: People) -> ApiClient:
    """A member with NEW_MEMBER_REPUTATION (15): never held."""
    return with_reputation(people.app, people.member("Rita Regular"), 15)


@pytest.fixture
def newcomer(people: People) -> ApiClient:
    return people.member("Nina Newcomer")


def inbox(person: ApiClient, kind: str | None = None) -> list[dict[str, Any]]:
    items = person.get("/me/notifications").get_json()["items"]
    return [n for n in items if n["kind"] != "badge" and (kind is None or n["kind"] == kind)]


def queued(moderator: ApiClient) -> list[tuple[str, int]]:
    return [
        (p["post_type"], p["post_id"]) for p in moderator.get("/moderation/queue").get_json()["first_posts"]
    ]


def actions(moderator: ApiClient) -> list[tuple[str, str, int]]:
    items = moderator.get("/moderation/log").get_json()["items"]
    return [(e["action"], e["target_type"], e["target_id"]) for e in items]


def test_a_new_members_first_question_is_held_from_every_read_path_until_approved(
    newcomer: ApiClient, moderator: ApiClient, anon: ApiClient
) -> None:
    q = newcomer.ask(tags=[TAG])
    assert q["hidden"] is True  # the author sees it, marked
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    assert anon.get(f"/questions/{q['id']}/revisions").status_code == 404
    assert anon.get("/questions").get_json()["meta"]["total"] == 0
    assert anon.get("/questions", tag=TAG).get_json()["meta"]["total"] == 0
    assert anon.get(f"/tags/{TAG}").get_json()["question_count"] == 0
    assert anon.get(f"/users/{newcomer.id}").get_json()["question_count"] == 0
    assert [i["hidden"] for i in newcomer.get("/questions").get_json()["items"]] == [True]
    assert newcomer.get(f"/users/{newcomer.id}").get_json()["question_count"] == 1
    assert moderator.get(f"/questions/{q['id']}").get_json()["hidden"] is True
    assert queued(moderator) == [("question", q["id"])]

    response = moderator.post(f"/questions/{q['id']}/restore", {})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["hidden"] is False
    assert anon.get(f"/questions/{q['id']}").get_json()["hidden"] is False
    assert anon.get("/questions", tag=TAG).get_json()["meta"]["total"] == 1
    assert anon.get(f"/tags/{TAG}").get_json()["question_count"] == 1
    assert queued(moderator) == []
    assert actions(moderator) == [("approve", "question", q["id"])]
    if (notes := notifications(newcomer)) is not None:
        assert [n["data"]["action"] for n in notes] == ["approved"]


def test_what_a_held_post_would_tell_others_waits_for_its_approval(
    people: People, newcomer: ApiClient, regular: ApiClient, moderator: ApiClient
) -> None:
    mia, watcher, follower = people.member("Mia Member"), people.member(), people.member()
    asked = regular.ask(tags=[TAG])
    assert follower.put(f"/me/tags/{TAG}/follow").status_code == 200
    assert watcher.put(f"/questions/{asked['id']}/watch").status_code == 200
    answer = newcomer.answer(asked["id"], "Restart the runner; @Mia Member showed me this last week.")
    question = newcomer.ask(body="Where is the onboarding checklist? @Mia Member mentioned one.", tags=[TAG])
    assert inbox(regular) == [] and inbox(mia) == [] and inbox(watcher) == [] and inbox(follower) == []
    assert newcomer.get(f"/users/{newcomer.id}/badges").get_json() == []

    assert moderator.post(f"/answers/{answer['id']}/restore", {}).status_code == 200
    (answered,) = inbox(regular)
    assert answered["kind"] == "answered" and answered["actor"]["id"] == newcomer.id
    assert [n["kind"] for n in inbox(mia)] == ["mentioned"]
    assert [(n["kind"], n["answer_id"]) for n in inbox(watcher)] == [("watched", answer["id"])]
    # The first approval lets the member post freely, but a post already held waits for its own.
    assert inbox(follower) == []
    assert moderator.post(f"/questions/{question['id']}/restore", {}).status_code == 200
    assert [(n["kind"], n["question"]["id"]) for n in inbox(follower)] == [("followed_tag", question["id"])]
    assert [n["kind"] for n in inbox(mia)] == ["mentioned", "mentioned"]
    badges = {b["badge"] for b in newcomer.get(f"/users/{newcomer.id}/badges").get_json()}
    assert badges == {"first_answer", "first_question"}


def test_an_approved_anonymous_question_does_not_name_its_asker(
    people: People, newcomer: ApiClient, moderator: ApiClient
) -> None:
    tom = people.member("Tom Named")
    q = newcomer.ask(body="How is the on-call rota decided, @Tom Named?", tags=[TAG], anonymous=True)
    moderator.post(f"/questions/{q['id']}/restore", {})
    (note,) = inbox(tom)
    assert note["kind"] == "mentioned" and note["actor"] is None


def test_a_held_answer_neither_counts_nor_moves_its_thread_until_approved(
    newcomer: ApiClient, regular: ApiClient, moderator: ApiClient, anon: ApiClient
) -> None:
    q = regular.ask(tags=[TAG])
    before = anon.get(f"/questions/{q['id']}").get_json()
    answer = newcomer.answer(q["id"])
    assert answer["hidden"] is True
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["answers"] == [] and thread["answer_count"] == 0
    assert thread["last_activity_at"] == before["last_activity_at"]
    assert anon.get("/questions", sort="unanswered").get_json()["meta"]["total"] == 1
    assert [a["id"] for a in regular.get(f"/questions/{q['id']}").get_json()["answers"]] == []
    assert [a["hidden"] for a in newcomer.get(f"/questions/{q['id']}").get_json()["answers"]] == [True]

    moderator.post(f"/answers/{answer['id']}/restore", {})
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert [a["id"] for a in thread["answers"]] == [answer["id"]] and thread["answer_count"] == 1
    assert thread["last_activity_at"] > before["last_activity_at"]
    assert anon.get("/questions", sort="unanswered").get_json()["meta"]["total"] == 0


def test_a_held_comment_waits_too(
    newcomer: ApiClient, regular: ApiClient, moderator: ApiClient, anon
) -> None:
    q = regular.ask(tags=[TAG])
    response = newcomer.post(f"/questions/{q['id']}/comments", {"body": "Which office is this for?"})
    assert response.status_code == 201, response.get_json()
    comment = response.get_json()
    assert anon.get(f"/questions/{q['id']}").get_json()["comments"] == []
    assert inbox(regular) == []
    assert queued(moderator) == [("comment", comment["id"])]
    moderator.post(f"/comments/{comment['id']}/restore", {})
    assert [c["id"] for c in anon.get(f"/questions/{q['id']}").get_json()["comments"]] == [comment["id"]]
    assert [n["kind"] for n in inbox(regular)] == ["commented"]


def test_a_rejection_keeps_the_post_held_and_tells_its_author_kindly(
    newcomer: ApiClient, regular: ApiClient, moderator: ApiClient, anon: ApiClient
) -> None:
    q = regular.ask(tags=[TAG])
    answer = newcomer.answer(q["id"], "Try turning it off and on again, that usually helps.")
    response = moderator.post(f"/answers/{answer['id']}/hide", REASON)
    assert response.status_code == 200 and response.get_json()["hidden"] is True
    assert response.get_json()["held"] is True  # still not published
    assert queued(moderator) == [] and moderator.get("/moderation/queue").get_json()["posts"] == []
    assert actions(moderator) == [("reject", "answer", answer["id"])]
    assert anon.get(f"/questions/{q['id']}").get_json()["answers"] == [] and inbox(regular) == []
    if (notes := notifications(newcomer)) is not None:
        (note,) = notes
        assert note["data"]["action"] == "rejected"
        assert note["data"]["reason"].startswith("Thank you for posting.")
        assert REASON["reason"] in note["data"]["reason"] and "edit it" in note["data"]["reason"]

    # An edit sends it back to the moderators, who may approve it then.
    body = "Restart the runner from the admin page, then clear the cache folder."
    assert newcomer.patch(f"/answers/{answer['id']}", {"body": body}).status_code == 200
    (item,) = moderator.get("/moderation/queue").get_json()["first_posts"]
    assert (item["post_id"], item["hidden"], item["edited_since_hidden"]) == (answer["id"], True, True)
    assert moderator.get("/moderation/queue").get_json()["posts"] == []
    moderator.post(f"/answers/{answer['id']}/restore", {})
    assert [a["body"] for a in anon.get(f"/questions/{q['id']}").get_json()["answers"]] == [body]
    assert [n["kind"] for n in inbox(regular)] == ["answered"]


def test_a_rejected_comment_invites_its_author_to_post_again(
    newcomer: ApiClient, regular: ApiClient, moderator: ApiClient
) -> None:
    q = regular.ask(tags=[TAG])
    comment = newcomer.post(f"/questions/{q['id']}/comments", {"body": "Buy cheap watches here"}).get_json()
    moderator.post(f"/comments/{comment['id']}/hide", {"reason": "Advertising"})
    if (notes := notifications(newcomer)) is not None:
        assert "post again" in notes[0]["data"]["reason"]
    assert queued(moderator) == []


def test_dismissing_flags_does_not_publish_a_held_post(
    newcomer: ApiClient, moderator: ApiClient, anon: ApiClient
) -> None:
    q = newcomer.ask(tags=[TAG])
    assert moderator.post(f"/questions/{q['id']}/flags/dismiss", {}).get_json()["hidden"] is True
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    assert queued(moderator) == [("question", q["id"])]


def test_nobody_else_reaches_a_held_post(people: People, newcomer: ApiClient) -> None:
    q = newcomer.ask(tags=[TAG])
    other = trusted(people, "Olga Other")
    assert_error(other.post(f"/questions/{q['id']}/answers", {"body": "An answer to a held question."}), 404)
    assert_error(other.post(f"/questions/{q['id']}/comments", {"body": "A comment on it."}), 404)
    assert_error(other.vote("questions", q["id"], 1), 404)
    assert_error(flag(other, "questions", q["id"]), 404)
    assert_error(
        other.patch(f"/questions/{q['id']}", {"title": "A suggested title for a held question"}), 404
    )


def test_once_a_post_is_approved_the_member_posts_freely(
    newcomer: ApiClient, moderator: ApiClient, anon: ApiClient
) -> None:
    first = newcomer.ask(tags=[TAG])
    second = newcomer.ask(tags=[TAG])
    assert queued(moderator) == [("question", first["id"]), ("question", second["id"])]
    moderator.post(f"/questions/{first['id']}/restore", {})
    third = newcomer.ask(tags=[TAG])
    assert third["hidden"] is False and anon.get(f"/questions/{third['id']}").status_code == 200
    assert queued(moderator) == [("question", second["id"])]


def test_established_members_and_moderators_are_never_held(
    app: Any, people: People, regular: ApiClient, moderator: ApiClient
) -> None:
    assert regular.ask(tags=[TAG])["hidden"] is False
    assert moderator.ask(tags=[TAG])["hidden"] is False
    app.config["PREMODERATION"] = False
    assert people.member().ask(tags=[TAG])["hidden"] is False
    assert queued(moderator) == []


def test_posts_already_held_wait_for_a_decision_after_premoderation_is_turned_off(
    app: Any, newcomer: ApiClient, moderator: ApiClient, anon: ApiClient
) -> None:
    q = newcomer.ask(tags=[TAG])
    app.config["PREMODERATION"] = False
    assert queued(moderator) == [("question", q["id"])]
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    assert newcomer.ask(tags=[TAG])["hidden"] is False


def held_posts(newcomer: ApiClient, regular: ApiClient) -> tuple[dict[str, Any], ...]:
    """A regular member's question, and a newcomer's held question, answer to it and comment."""
    q = regular.ask(tags=[TAG])
    asked = newcomer.ask(tags=[TAG])
    answer = newcomer.answer(q["id"])
    response = newcomer.post(f"/answers/{answer['id']}/comments", {"body": "Which office is this for?"})
    return q, asked, answer, response.get_json()


def test_a_held_post_is_marked_held_for_its_author_and_moderators_until_approved(
    newcomer: ApiClient, regular: ApiClient, moderator: ApiClient
) -> None:
    q, asked, answer, comment = held_posts(newcomer, regular)
    assert [(p["hidden"], p["held"]) for p in (asked, answer, comment)] == [(True, True)] * 3
    for viewer in (newcomer, moderator):
        assert viewer.get(f"/questions/{asked['id']}").get_json()["held"] is True
        (shown,) = viewer.get(f"/questions/{q['id']}").get_json()["answers"]
        assert (shown["held"], shown["comments"][0]["held"]) == (True, True)
        held = {i["id"]: i["held"] for i in viewer.get("/questions", tag=TAG).get_json()["items"]}
        assert held == {asked["id"]: True, q["id"]: False}

    for kind, post_id in (("questions", asked["id"]), ("answers", answer["id"]), ("comments", comment["id"])):
        approved = moderator.post(f"/{kind}/{post_id}/restore", {}).get_json()
        assert (approved["hidden"], approved["held"]) == (False, False)
    assert newcomer.get(f"/questions/{asked['id']}").get_json()["held"] is False
    (shown,) = newcomer.get(f"/questions/{q['id']}").get_json()["answers"]
    assert (shown["hidden"], shown["held"], shown["comments"][0]["held"]) == (False, False, False)


def test_a_post_hidden_by_flags_is_hidden_but_not_held(regular: ApiClient, moderator: ApiClient) -> None:
    q = regular.ask(tags=[TAG])
    assert flag(moderator, "questions", q["id"], "spam").get_json()["hidden"] is True
    thread = regular.get(f"/questions/{q['id']}").get_json()
    assert (thread["hidden"], thread["held"]) == (True, False)
    (item,) = regular.get("/questions").get_json()["items"]
    assert (item["hidden"], item["held"]) == (True, False)


def test_a_rejected_post_says_so_to_its_author_and_moderators_until_it_is_edited(
    newcomer: ApiClient, regular: ApiClient, moderator: ApiClient
) -> None:
    q, asked, answer, comment = held_posts(newcomer, regular)
    assert [p["rejected"] for p in (asked, answer, comment)] == [False] * 3  # waiting, not rejected

    def states() -> dict[str, tuple[bool, bool]]:
        """What each held post says, as its author and a moderator see it (the same)."""
        seen = []
        for viewer in (newcomer, moderator):
            thread = viewer.get(f"/questions/{asked['id']}").get_json()
            (shown,) = viewer.get(f"/questions/{q['id']}").get_json()["answers"]
            (row,) = [
                i for i in viewer.get("/questions", tag=TAG).get_json()["items"] if i["id"] == asked["id"]
            ]
            (mine,) = viewer.get(f"/users/{newcomer.id}/questions").get_json()["items"]
            posts = {
                "question": thread,
                "answer": shown,
                "comment": shown["comments"][0],
                "row": row,
                "mine": mine,
            }
            seen.append({kind: (post["held"], post["rejected"]) for kind, post in posts.items()})
        assert seen[0] == seen[1]
        return seen[0]

    assert set(states().values()) == {(True, False)}
    for kind, post_id in (("questions", asked["id"]), ("answers", answer["id"]), ("comments", comment["id"])):
        assert moderator.post(f"/{kind}/{post_id}/hide", REASON).status_code == 200
    assert set(states().values()) == {(True, True)}
    # Edited, the question and the answer wait for a moderator again; a comment cannot be edited.
    assert (
        newcomer.patch(
            f"/questions/{asked['id']}", {"body": "Where do I find the VPN settings on a new laptop?"}
        ).status_code
        == 200
    )
    assert (
        newcomer.patch(
            f"/answers/{answer['id']}", {"body": "Restart the runner, then clear its cache."}
        ).status_code
        == 200
    )
    assert states() == {
        "question": (True, False), "answer": (True, False), "comment": (True, True),
        "row": (True, False), "mine": (True, False),
    }  # fmt: skip
    assert sorted(queued(moderator)) == [("answer", answer["id"]), ("question", asked["id"])]
