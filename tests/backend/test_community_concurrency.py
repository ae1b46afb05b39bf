"""Badges, thanks and follows under simultaneous requests: awarded and counted exactly once.

Runs against a file-backed SQLite database, and against PostgreSQL when the suite does.
"""

from __future__ import annotations

from tests.backend.test_concurrency import run_together
from tests.people import PASSWORD, ApiClient, People

TAG = "onboarding"


def signed_in_again(person: ApiClient) -> ApiClient:
    """Another session of the same person: each thread gets its own client and cookie jar."""
    assert person.user is not None
    twin = ApiClient(person.app)
    response = twin.post("/auth/login", {"email": person.user["email"], "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    twin.user = response.get_json()
    return twin


def test_simultaneous_first_answers_award_the_badge_once(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    questions = [asker.ask(tags=[TAG]) for _ in range(8)]
    statuses: list[int] = []

    def answer(question_id: int):  # type: ignore[no-untyped-def]
        session = signed_in_again(helper)
        body = {"body": "Clear the cache folder, then build again."}
        return lambda: statuses.append(session.post(f"/questions/{question_id}/answers", body).status_code)

    run_together([answer(q["id"]) for q in questions])
    assert statuses == [201] * 8
    badges = [b["badge"] for b in anon.get(f"/users/{helper.id}/badges").get_json()]
    assert badges == ["first_answer"]
    notes = helper.get("/me/notifications").get_json()["items"]
    assert [n["kind"] for n in notes] == ["badge"]


def test_simultaneous_upvotes_award_helpful_once(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    voters = [people.member() for _ in range(14)]
    run_together([lambda v=v: v.vote("answers", answer["id"], 1) for v in voters])
    badges = [b["badge"] for b in anon.get(f"/users/{helper.id}/badges").get_json()]
    assert badges.count("helpful") == 1


def test_simultaneous_thanks_are_each_counted_once(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    thankers = [people.member() for _ in range(12)]
    statuses: list[int] = []
    actions = [
        lambda t=t: statuses.append(t.put(f"/answers/{answer['id']}/helped").status_code)
        for t in thankers + [signed_in_again(t) for t in thankers]
    ]
    run_together(actions)
    assert statuses == [200] * 24
    thread = anon.get(f"/questions/{question['id']}").get_json()
    assert thread["answers"][0]["helped_count"] == 12
    assert "community_builder" in [b["badge"] for b in anon.get(f"/users/{helper.id}/badges").get_json()]


def test_simultaneous_questions_in_a_followed_tag_batch_into_one_count(people: People) -> None:
    asker = people.member()
    asker.ask(tags=[TAG])
    follower = people.member()
    follower.put(f"/me/tags/{TAG}/follow")
    askers = [people.member() for _ in range(6)]
    run_together([lambda a=a: a.ask(tags=[TAG]) for a in askers])
    notes = follower.get("/me/notifications").get_json()["items"]
    assert sum(n["count"] for n in notes) == 6
