"""In-app notifications: each kind, nobody told about their own actions, anonymous askers never named."""

from __future__ import annotations

from typing import Any

import pytest

from tests.people import ApiClient, People

TAG = "onboarding"


def inbox(person: ApiClient, **query: Any) -> list[dict[str, Any]]:
    """The person's notifications, without badges (first posts earn one; test_recognition has those)."""
    response = person.get("/me/notifications", **query)
    assert response.status_code == 200, response.get_json()
    return [n for n in response.get_json()["items"] if n["kind"] != "badge"]


def kinds(person: ApiClient) -> list[str]:
    return [n["kind"] for n in inbox(person)]


def unread(person: ApiClient) -> int:
    """Unread notifications other than badges."""
    badges = [n for n in person.get("/me/notifications").get_json()["items"] if n["kind"] == "badge"]
    return int(person.me()["unread_notifications"]) - sum(not n["is_read"] for n in badges)


def comment(person: ApiClient, path: str, body: str) -> dict[str, Any]:
    response = person.post(f"{path}/comments", {"body": body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def asker(people: People) -> ApiClient:
    return people.member("Ada Asker")


@pytest.fixture
def helper(people: People) -> ApiClient:
    return people.member("Hal Helper")


def test_an_answer_tells_the_asker_who_answered(asker: ApiClient, helper: ApiClient) -> None:
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    (note,) = inbox(asker)
    assert note["kind"] == "answered"
    assert note["actor"] == {"id": helper.id, "display_name": "Hal Helper"}
    assert note["question"] == {"id": question["id"], "title": question["title"]}
    assert note["answer_id"] == answer["id"]
    assert note["is_read"] is False
    assert unread(asker) == 1


def test_answering_your_own_question_tells_nobody(asker: ApiClient) -> None:
    question = asker.ask(tags=[TAG])
    asker.answer(question["id"])
    assert inbox(asker) == []
    assert unread(asker) == 0


def test_a_comment_tells_the_author_of_the_post(asker: ApiClient, helper: ApiClient) -> None:
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    made = comment(asker, f"/answers/{answer['id']}", "Which version did you try this on?")
    (note,) = inbox(helper)
    assert note["kind"] == "commented"
    assert note["actor"]["id"] == asker.id
    assert note["comment_id"] == made["id"]
    assert note["answer_id"] == answer["id"]


def test_commenting_on_your_own_post_tells_nobody(asker: ApiClient) -> None:
    question = asker.ask(tags=[TAG])
    comment(asker, f"/questions/{question['id']}", "Adding: this is on the Berlin VPN.")
    assert inbox(asker) == []


def test_a_mention_tells_the_person_named_even_with_a_space_in_their_name(
    people: People, asker: ApiClient, helper: ApiClient
) -> None:
    mia = people.member("Mia Member")
    people.member("Mia")  # a shorter name that also matches: the longest one wins
    question = asker.ask(tags=[TAG])
    comment(helper, f"/questions/{question['id']}", "@mia member, you set this up last year, right?")
    (note,) = inbox(mia)
    assert note["kind"] == "mentioned"
    assert note["actor"]["id"] == helper.id
    assert note["question"]["id"] == question["id"]


def test_a_mention_in_a_question_body_tells_the_person(people: People, asker: ApiClient) -> None:
    hal = people.member("Hal Helper")
    asker.ask(body="@Hal Helper mentioned the build cache yesterday; how do I clear it safely?", tags=[TAG])
    assert kinds(hal) == ["mentioned"]


def test_an_ambiguous_mention_or_an_email_address_tells_nobody(people: People, asker: ApiClient) -> None:
    twin_a, twin_b = people.member("Sam Twin"), people.member("Sam Twin")
    question = asker.ask(tags=[TAG])
    comment(asker, f"/questions/{question['id']}", "@Sam Twin or mail sam@twin.example please")
    assert inbox(twin_a) == [] and inbox(twin_b) == []


def test_mentioning_yourself_tells_nobody(asker: ApiClient) -> None:
    asker.ask(body="Note to self, @Ada Asker: remember to check the build cache settings.", tags=[TAG])
    assert inbox(asker) == []


def mentions(person: ApiClient) -> list[dict[str, Any]]:
    return [n for n in inbox(person) if n["kind"] == "mentioned"]


def test_an_edit_tells_only_the_people_it_newly_mentions(people: People, asker: ApiClient) -> None:
    tom, hal = people.member("Tom Named"), people.member("Hal Helper")
    question = asker.ask(body="@Tom Named set up the build cache; how do I clear it safely?", tags=[TAG])
    assert len(mentions(tom)) == 1
    edited = asker.patch(
        f"/questions/{question['id']}",
        {"body": "@Tom Named set up the build cache and @Hal Helper knows the runners; how do I clear it?"},
    )
    assert edited.status_code == 200, edited.get_json()
    (note,) = mentions(hal)
    assert note["actor"]["id"] == asker.id and note["question"]["id"] == question["id"]
    assert len(mentions(tom)) == 1  # already named by the previous version
    # An edit that names nobody new tells nobody.
    asker.patch(f"/questions/{question['id']}", {"title": "How do I clear the build cache safely, please?"})
    assert len(mentions(tom)) == 1 and len(mentions(hal)) == 1
    # Nor does naming someone again after an edit took their name out.
    asker.patch(
        f"/questions/{question['id']}", {"body": "How do I clear the build cache without breaking it?"}
    )
    asker.patch(
        f"/questions/{question['id']}", {"body": "@Tom Named, @Hal Helper: how do I clear the cache?"}
    )
    assert len(mentions(tom)) == 1 and len(mentions(hal)) == 1


def test_an_answer_edit_tells_newly_mentioned_people_but_never_the_editor(
    people: People, asker: ApiClient, helper: ApiClient
) -> None:
    mia = people.member("Mia Member")
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"], "Clear the cache folder, then run the build again.")
    body = "Clear the cache folder (thanks @Mia Member), then run it again. @Hal Helper, note to self."
    assert helper.patch(f"/answers/{answer['id']}", {"body": body}).status_code == 200
    (note,) = mentions(mia)
    assert note["actor"]["id"] == helper.id and note["answer_id"] == answer["id"]
    assert mentions(helper) == []


def test_an_anonymous_askers_edit_mentions_people_without_naming_the_asker(
    people: People, helper: ApiClient
) -> None:
    shy, tom = people.member("Shy Person"), people.member("Tom Named")
    question = shy.ask(body="How is the on-call rota decided, and by whom?", tags=[TAG], anonymous=True)
    body = "How is the on-call rota decided? @Tom Named, you drew up the last one."
    assert shy.patch(f"/questions/{question['id']}", {"body": body}).status_code == 200
    (note,) = mentions(tom)
    assert note["actor"] is None and note["question"]["id"] == question["id"]


def test_an_approved_suggested_edit_tells_the_people_it_newly_mentions(
    people: People, asker: ApiClient
) -> None:
    wanda, suggester = people.member("Wanda Watcher"), people.member("Sue Suggester")
    question = asker.ask(body="How do I book the large meeting room for a whole day?", tags=[TAG])
    body = "How do I book the large meeting room for a whole day? @Wanda Watcher and @Ada Asker did."
    suggestion = suggester.patch(f"/questions/{question['id']}", {"body": body})
    assert suggestion.status_code == 202, suggestion.get_json()
    assert mentions(wanda) == []  # a suggestion is not published yet
    approved = asker.post(f"/suggested-edits/{suggestion.get_json()['id']}/approve", {})
    assert approved.status_code == 200, approved.get_json()
    (note,) = mentions(wanda)
    assert note["actor"]["id"] == suggester.id  # the edit is the suggester's
    assert mentions(asker) == []  # the author approved it: they have read it


def test_an_edit_of_a_hidden_post_mentions_nobody(people: People, asker: ApiClient) -> None:
    moderator, tom = people.moderator("Mo Moderator"), people.member("Tom Named")
    question = asker.ask(tags=[TAG])
    moderator.post(f"/questions/{question['id']}/hide", {"reason": "Personal data in it."})
    body = "I removed the phone number. @Tom Named, could you have a look?"
    assert asker.patch(f"/questions/{question['id']}", {"body": body}).status_code == 200
    assert mentions(tom) == []


def test_an_acceptance_tells_the_answerer(asker: ApiClient, helper: ApiClient) -> None:
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    assert asker.accept(answer["id"]).status_code == 200
    (note,) = inbox(helper)
    assert note["kind"] == "accepted"
    assert note["actor"]["id"] == asker.id
    assert note["answer_id"] == answer["id"]


def test_watchers_hear_of_new_answers_and_comments(
    people: People, asker: ApiClient, helper: ApiClient
) -> None:
    watcher = people.member("Wanda Watcher")
    question = asker.ask(tags=[TAG])
    assert watcher.put(f"/questions/{question['id']}/watch").status_code == 200
    helper.answer(question["id"])
    comment(helper, f"/questions/{question['id']}", "Also check the proxy settings please.")
    assert kinds(watcher) == ["watched", "watched"]
    # The asker watches their question automatically, but hears once per event, by the specific kind.
    assert sorted(kinds(asker)) == ["answered", "commented"]


def test_watchers_hear_when_an_answer_is_accepted(
    people: People, asker: ApiClient, helper: ApiClient
) -> None:
    watcher = people.member("Wanda Watcher")
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    for person in (watcher, helper):  # the answerer watches too, but hears "accepted" only
        assert person.put(f"/questions/{question['id']}/watch").status_code == 200
    assert asker.accept(answer["id"]).status_code == 200
    (note,) = inbox(watcher)
    assert note["kind"] == "watched" and note["data"] == {"event": "accepted"}
    assert note["actor"]["id"] == asker.id and note["answer_id"] == answer["id"]
    assert kinds(helper) == ["accepted"]
    assert kinds(asker) == ["answered"]  # not told of their own acceptance


def test_a_moderators_acceptance_tells_the_watching_asker_and_withdrawing_it_tells_nobody(
    people: People, asker: ApiClient, helper: ApiClient
) -> None:
    moderator, watcher = people.moderator("Mo Moderator"), people.member()
    question = asker.ask(tags=[TAG])
    watcher.put(f"/questions/{question['id']}/watch")
    answer = helper.answer(question["id"])
    assert moderator.accept(answer["id"]).status_code == 200
    assert kinds(asker) == ["watched", "answered"]
    assert kinds(watcher) == ["watched", "watched"]  # the answer, then its acceptance
    assert moderator.delete(f"/answers/{answer['id']}/accept").status_code == 200
    assert kinds(watcher) == ["watched", "watched"] and kinds(helper) == ["accepted"]


def test_people_who_stop_watching_hear_nothing(people: People, asker: ApiClient, helper: ApiClient) -> None:
    watcher = people.member()
    question = asker.ask(tags=[TAG])
    watcher.put(f"/questions/{question['id']}/watch")
    assert watcher.delete(f"/questions/{question['id']}/watch").get_json() == {"watching": False}
    helper.answer(question["id"])
    assert inbox(watcher) == []


def test_new_questions_in_a_followed_tag_are_batched_into_one_notification(
    people: People, asker: ApiClient
) -> None:
    follower = people.member()
    assert follower.put(f"/me/tags/{TAG}/follow").status_code == 404  # no such tag yet
    first = asker.ask(tags=[TAG])
    assert follower.put(f"/me/tags/{TAG}/follow").status_code == 200
    asker.ask(tags=[TAG])
    last = asker.ask(tags=[TAG, "tools"])
    (note,) = inbox(follower)
    assert note["kind"] == "followed_tag"
    assert note["tag"] == TAG
    assert note["count"] == 2
    assert note["actor"] is None
    assert note["question"]["id"] == last["id"] != first["id"]
    # Once read, the next question starts a new batch.
    assert follower.post("/me/notifications/read").get_json() == {"unread_notifications": 0}
    asker.ask(tags=[TAG])
    notes = inbox(follower)
    assert [(n["count"], n["is_read"]) for n in notes] == [(1, False), (2, True)]


def test_your_own_question_in_a_tag_you_follow_tells_you_nothing(asker: ApiClient) -> None:
    asker.ask(tags=[TAG])
    asker.put(f"/me/tags/{TAG}/follow")
    asker.ask(tags=[TAG])
    assert inbox(asker) == []


def test_a_followed_tag_question_that_carries_a_muted_tag_is_not_announced(
    people: People, asker: ApiClient
) -> None:
    follower = people.member()
    asker.ask(tags=[TAG, "noise"])
    follower.put(f"/me/tags/{TAG}/follow")
    follower.put("/me/tags/noise/mute")
    asker.ask(tags=[TAG, "noise"])
    assert inbox(follower) == []


def test_the_asker_of_an_anonymous_question_is_never_named(people: People, helper: ApiClient) -> None:
    shy = people.member("Shy Person")
    mentioned, watcher, follower = people.member("Tom Named"), people.member(), people.member()
    helper.ask(tags=[TAG])
    follower.put(f"/me/tags/{TAG}/follow")
    question = shy.ask(
        body="Could @Tom Named explain how the on-call rota is decided?", tags=[TAG], anonymous=True
    )
    watcher.put(f"/questions/{question['id']}/watch")
    answer = helper.answer(question["id"])
    comment(shy, f"/answers/{answer['id']}", "Thanks, and what about weekends?")
    assert shy.accept(answer["id"]).status_code == 200
    for person in (mentioned, watcher, follower, helper):
        notes = inbox(person)
        assert notes, person.user
        for note in notes:
            assert note["actor"] is None or note["actor"]["id"] != shy.id, note
    assert sorted(kinds(helper)) == ["accepted", "commented"]
    assert [n["data"] for n in inbox(watcher) if n["data"]] == [{"event": "accepted"}]
    # The asker still hears that someone answered.
    assert kinds(shy) == ["answered"]


def test_unread_notifications_come_first_and_pages_work(people: People, asker: ApiClient) -> None:
    helpers = [people.member() for _ in range(3)]
    question = asker.ask(tags=[TAG])
    asker.post("/me/notifications/read")  # the first-question badge: read, and listed last
    answers = [h.answer(question["id"]) for h in helpers]
    first_id = inbox(asker)[-1]["id"]  # the oldest
    assert asker.post("/me/notifications/read", {"ids": [inbox(asker)[0]["id"]]}).status_code == 200
    notes = inbox(asker)
    assert [n["is_read"] for n in notes] == [False, False, True]
    assert notes[0]["answer_id"] == answers[1]["id"] and notes[1]["id"] == first_id
    page = asker.get("/me/notifications", per_page=2, page=2).get_json()
    assert page["meta"] == {"page": 2, "per_page": 2, "total": 4}
    assert [(n["kind"], n["is_read"]) for n in page["items"]] == [("answered", True), ("badge", True)]
    assert unread(asker) == 2


def test_marking_someone_elses_notification_read_fails_and_marks_nothing(
    asker: ApiClient, helper: ApiClient
) -> None:
    question = asker.ask(tags=[TAG])
    helper.answer(question["id"])
    theirs = inbox(asker)[0]["id"]
    response = helper.post("/me/notifications/read", {"ids": [theirs]})
    assert response.status_code == 404
    assert set(response.get_json()) == {"code", "status", "message", "errors"}
    mixed = asker.post("/me/notifications/read", {"ids": [theirs, theirs + 1000]})
    assert mixed.status_code == 404
    assert unread(asker) == 1


@pytest.mark.parametrize("body", [{"ids": []}, {"ids": ["1"]}, {"ids": [0]}, {"ids": 3}, {"all": True}])
def test_bad_read_requests_are_field_errors(asker: ApiClient, body: Any) -> None:
    response = asker.post("/me/notifications/read", body)
    assert response.status_code == 422, response.get_json()
    assert set(response.get_json()) == {"code", "status", "message", "errors"}


def test_notifications_need_a_signed_in_person(anon: ApiClient) -> None:
    assert anon.get("/me/notifications").status_code == 401
    assert anon.post("/me/notifications/read").status_code == 401


def test_notify_refuses_unknown_kinds_and_skips_self(app: Any, asker: ApiClient) -> None:
    from backend.extensions import db
    from backend.notifications.services import notify

    with app.app_context():
        with pytest.raises(ValueError):
            notify(asker.id, "nonsense", actor_id=None)
        notify(asker.id, "moderation", actor_id=asker.id, data={"outcome": "hidden"})
        notify(asker.id, "moderation", actor_id=None, data={"outcome": "restored"})
        db.session.commit()
    (note,) = inbox(asker)
    assert note["kind"] == "moderation" and note["data"] == {"outcome": "restored"}
