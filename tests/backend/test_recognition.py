"""Badges (awarded once, with a notification) and "this helped me"."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import update

from backend.extensions import db
from backend.models import Question
from tests.people import ApiClient, People

TAG = "onboarding"


def badges(client: ApiClient, person: ApiClient) -> list[str]:
    response = client.get(f"/users/{person.id}/badges")
    assert response.status_code == 200, response.get_json()
    return [b["badge"] for b in response.get_json()]


def badge_notes(person: ApiClient) -> list[str]:
    items = person.get("/me/notifications", per_page=100).get_json()["items"]
    return [n["data"]["badge"] for n in items if n["kind"] == "badge"]


def test_first_question_and_first_answer_are_awarded_once(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    first = asker.ask(tags=[TAG])
    asker.ask(tags=[TAG])
    helper.answer(first["id"])
    helper.answer(first["id"])
    assert badges(anon, asker) == ["first_question"]
    assert badges(anon, helper) == ["first_answer"]
    assert badge_notes(asker) == ["first_question"]
    assert badge_notes(helper) == ["first_answer"]
    (badge,) = anon.get(f"/users/{helper.id}/badges").get_json()
    assert badge["name"] == "First answer" and badge["description"] and badge["awarded_at"]


def test_an_anonymous_question_earns_its_asker_no_badge(people: People, anon: ApiClient) -> None:
    shy = people.member()
    question = shy.ask(tags=[TAG], anonymous=True)
    shy.answer(question["id"])
    assert badges(anon, shy) == []
    assert badge_notes(shy) == []


def test_accepted_answers_earn_first_accepted_then_problem_solver(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    for n in range(10):
        question = asker.ask(tags=[TAG])
        answer = helper.answer(question["id"])
        assert asker.accept(answer["id"]).status_code == 200
        if n == 8:
            assert "problem_solver" not in badges(anon, helper)
    assert sorted(badges(anon, helper)) == ["first_accepted", "first_answer", "problem_solver"]
    assert sorted(badge_notes(helper)) == ["first_accepted", "first_answer", "problem_solver"]


def test_accepting_your_own_answer_earns_nothing(people: People, anon: ApiClient) -> None:
    asker = people.member()
    question = asker.ask(tags=[TAG])
    answer = asker.answer(question["id"])
    asker.accept(answer["id"])
    assert "first_accepted" not in badges(anon, asker)


def test_an_answer_with_ten_upvotes_is_helpful(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    voters = [people.member() for _ in range(10)]
    for voter in voters[:9]:
        voter.vote("answers", answer["id"], 1)
    assert "helpful" not in badges(anon, helper)
    voters[9].vote("answers", answer["id"], 1)
    voters[9].vote("answers", answer["id"], 0)
    voters[9].vote("answers", answer["id"], 1)
    assert badges(anon, helper).count("helpful") == 1
    assert badge_notes(helper).count("helpful") == 1


def test_five_upvoted_questions_make_someone_curious(people: People, anon: ApiClient) -> None:
    asker, voter = people.member(), people.member()
    for _ in range(5):
        voter.vote("questions", asker.ask(tags=[TAG])["id"], 1)
    hidden = asker.ask(tags=[TAG], anonymous=True)
    voter.vote("questions", hidden["id"], 1)
    assert badges(anon, asker).count("curious") == 1


def test_anonymous_questions_do_not_count_towards_curious(people: People, anon: ApiClient) -> None:
    asker, voter = people.member(), people.member()
    for n in range(5):
        voter.vote("questions", asker.ask(tags=[TAG], anonymous=n == 0)["id"], 1)
    assert "curious" not in badges(anon, asker)


def test_ten_people_thanking_your_answers_make_a_community_builder(people: People, anon: ApiClient) -> None:
    asker, helper = people.member(), people.member()
    answers = [helper.answer(asker.ask(tags=[TAG])["id"]) for _ in range(2)]
    thankers = [people.member() for _ in range(10)]
    for n, thanker in enumerate(thankers):
        assert thanker.put(f"/answers/{answers[n % 2]['id']}/helped").status_code == 200
        if n == 8:
            assert "community_builder" not in badges(anon, helper)
    assert "community_builder" in badges(anon, helper)


def test_badges_of_an_unknown_person_are_not_found(anon: ApiClient) -> None:
    response = anon.get("/users/999999/badges")
    assert response.status_code == 404
    assert set(response.get_json()) == {"code", "status", "message", "errors"}


# -- this helped me ----------------------------------------------------------------


def helped_count(client: ApiClient, question_id: int) -> int:
    return int(client.get(f"/questions/{question_id}").get_json()["answers"][0]["helped_count"])


def test_this_helped_me_counts_once_per_person(people: People, anon: ApiClient) -> None:
    asker, helper, reader = people.member(), people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    assert helped_count(anon, question["id"]) == 0
    assert reader.put(f"/answers/{answer['id']}/helped").get_json() == {"helped_count": 1, "helped": True}
    assert reader.put(f"/answers/{answer['id']}/helped").get_json() == {"helped_count": 1, "helped": True}
    assert asker.put(f"/answers/{answer['id']}/helped").get_json() == {"helped_count": 2, "helped": True}
    assert helped_count(anon, question["id"]) == 2
    assert reader.delete(f"/answers/{answer['id']}/helped").get_json() == {"helped_count": 1, "helped": False}
    assert reader.delete(f"/answers/{answer['id']}/helped").get_json() == {"helped_count": 1, "helped": False}
    assert helped_count(anon, question["id"]) == 1
    assert people.reputation(helper) == 0  # thanks earn no reputation


def test_you_cannot_thank_yourself(people: People) -> None:
    asker, helper = people.member(), people.member()
    answer = helper.answer(asker.ask(tags=[TAG])["id"])
    response = helper.put(f"/answers/{answer['id']}/helped")
    assert response.status_code == 403
    assert set(response.get_json()) == {"code", "status", "message", "errors"}


def test_thanks_on_a_missing_answer_are_not_found(member: ApiClient, anon: ApiClient) -> None:
    assert member.put("/answers/999999/helped").status_code == 404
    assert member.delete("/answers/999999/helped").status_code == 404
    assert anon.put("/answers/1/helped").status_code == 401


def test_reference_cards_show_the_thanks(people: People, anon: ApiClient, app: Flask) -> None:
    asker, helper, reader = people.member(), people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    asker.accept(answer["id"])
    reader.put(f"/answers/{answer['id']}/helped")
    card: dict[str, Any] = anon.get(f"/references/{question['id']}").get_json()
    assert card["helped_count"] == 1


def test_helped_count_survives_in_threads_read_from_the_cache(people: People, anon: ApiClient) -> None:
    asker, helper, reader = people.member(), people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    assert helped_count(anon, question["id"]) == 0  # now cached for signed-out readers
    reader.put(f"/answers/{answer['id']}/helped")
    assert helped_count(anon, question["id"]) == 1


def test_a_deleted_question_is_not_counted_for_badges(people: People, anon: ApiClient, app: Flask) -> None:
    asker, voter = people.member(), people.member()
    questions = [asker.ask(tags=[TAG]) for _ in range(5)]
    with app.app_context():
        db.session.execute(update(Question).where(Question.id == questions[0]["id"]).values(is_deleted=True))
        db.session.commit()
    for question in questions[1:]:
        voter.vote("questions", question["id"], 1)
    assert "curious" not in badges(anon, asker)


def test_a_thread_tells_each_reader_whether_they_said_it_helped(people: People, anon: ApiClient) -> None:
    asker, helper, reader = people.member(), people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    reader.put(f"/answers/{answer['id']}/helped")

    def helped_by_me(client: ApiClient) -> Any:
        return client.get(f"/questions/{question['id']}").get_json()["answers"][0]["helped_by_me"]

    assert helped_by_me(reader) is True
    assert helped_by_me(asker) is False
    assert helped_by_me(anon) is None
