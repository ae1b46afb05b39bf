"""Expertise location and invitations to answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from backend.extensions import db
from backend.models import Answer, utcnow
from tests.people import ApiClient, People

TAG = "payroll"


def backdate(app: Flask, answer_id: int, days: int) -> None:
    with app.app_context():
        db.session.execute(
            update(Answer).where(Answer.id == answer_id).values(created_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [e["display_name"] for e in response.get_json()]


@pytest.fixture
def ranked(app: Flask, people: People) -> dict[str, ApiClient]:
    """A small fixed dataset with a known order:

    - Old Oracle: 2 accepted answers, 200 days ago, score 1 each  -> (3+1)*1*2 = 8
    - Recent Rita: 1 accepted answer this week, score 1            -> (3+1)*2   = 8, fewer accepted
    - Voted Vic: 1 answer, score 3, this week                      -> 3*2       = 6
    - Zero Zed: 1 answer, no votes, not accepted                   -> 0, not listed
    - Self Sam: answers and accepts only their own question        -> not counted
    """
    asker = people.member("Asker")
    oracle, rita, vic, zed, sam = (
        people.member(n) for n in ("Old Oracle", "Recent Rita", "Voted Vic", "Zero Zed", "Self Sam")
    )
    voters = [people.member() for _ in range(3)]

    def answered(author: ApiClient, accept: bool, votes: int, days: int = 0) -> None:
        question = asker.ask(tags=[TAG])
        answer = author.answer(question["id"])
        if accept:
            assert asker.accept(answer["id"]).status_code == 200
        for voter in voters[:votes]:
            voter.vote("answers", answer["id"], 1)
        if days:
            backdate(app, answer["id"], days)

    answered(oracle, accept=True, votes=1, days=200)
    answered(oracle, accept=True, votes=1, days=200)
    answered(rita, accept=True, votes=1, days=3)
    answered(vic, accept=False, votes=3)
    answered(zed, accept=False, votes=0)
    own = sam.ask(tags=[TAG])
    sam.accept(sam.answer(own["id"])["id"])
    asker.ask(tags=["elsewhere"])
    return {"asker": asker, "oracle": oracle, "rita": rita, "vic": vic, "sam": sam}


def test_tag_experts_rank_accepted_and_upvoted_answers_recent_ones_double(
    ranked: dict[str, ApiClient], anon: ApiClient
) -> None:
    response = anon.get(f"/tags/{TAG}/experts")
    assert names(response) == ["Old Oracle", "Recent Rita", "Voted Vic"]
    oracle, rita, vic = response.get_json()
    assert (oracle["expertise"], oracle["accepted_answers"], oracle["upvotes"], oracle["answers"]) == (
        8,
        2,
        2,
        2,
    )
    assert (rita["expertise"], rita["accepted_answers"]) == (8, 1)
    assert (vic["expertise"], vic["accepted_answers"], vic["upvotes"]) == (6, 0, 3)
    assert names(anon.get(f"/tags/{TAG}/experts", limit=1)) == ["Old Oracle"]
    assert names(anon.get("/tags/elsewhere/experts")) == []


def test_tag_experts_of_an_unknown_tag_are_not_found(anon: ApiClient) -> None:
    assert anon.get("/tags/no-such-tag/experts").status_code == 404
    assert anon.get("/tags/no-such-tag").status_code == 404


@pytest.mark.parametrize("limit", ["0", "51", "many"])
def test_bad_limits_are_field_errors(anon: ApiClient, limit: str) -> None:
    response = anon.get("/tags/payroll/experts", limit=limit)
    assert response.status_code == 422
    assert "limit" in response.get_json()["errors"]


def test_question_experts_leave_out_the_asker(ranked: dict[str, ApiClient], anon: ApiClient) -> None:
    question = ranked["oracle"].ask(tags=[TAG])
    assert names(anon.get(f"/questions/{question['id']}/experts")) == ["Recent Rita", "Voted Vic"]
    assert anon.get("/questions/999999/experts").status_code == 404


def test_question_experts_of_an_anonymous_question_do_not_reveal_the_asker(
    ranked: dict[str, ApiClient], anon: ApiClient, moderator: ApiClient
) -> None:
    oracle = ranked["oracle"]
    question = oracle.ask(tags=[TAG], anonymous=True)
    everyone = ["Old Oracle", "Recent Rita", "Voted Vic"]
    assert names(anon.get(f"/questions/{question['id']}/experts")) == everyone
    assert names(ranked["rita"].get(f"/questions/{question['id']}/experts")) == everyone
    assert names(oracle.get(f"/questions/{question['id']}/experts")) == everyone[1:]
    assert names(moderator.get(f"/questions/{question['id']}/experts")) == everyone[1:]


# -- invitations -----------------------------------------------------------------------


def invite(inviter: ApiClient, question_id: int, person: ApiClient | int) -> Any:
    user_id = person if isinstance(person, int) else person.id
    return inviter.post(f"/questions/{question_id}/invite", {"user_id": user_id})


def invitations(person: ApiClient) -> list[dict[str, Any]]:
    items = person.get("/me/notifications").get_json()["items"]
    return [n for n in items if n["kind"] == "invited"]


def test_an_invitation_notifies_the_person(people: People) -> None:
    asker, expert = people.member("Ada Asker"), people.member()
    question = asker.ask()
    response = invite(asker, question["id"], expert)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["user_id"] == expert.id
    (note,) = invitations(expert)
    assert note["actor"]["display_name"] == "Ada Asker"
    assert note["question"]["id"] == question["id"]


def test_an_anonymous_asker_who_invites_is_not_named(people: People) -> None:
    asker, expert = people.member(), people.member()
    question = asker.ask(anonymous=True)
    assert invite(asker, question["id"], expert).status_code == 201
    (note,) = invitations(expert)
    assert note["actor"] is None


def test_inviting_the_anonymous_asker_looks_like_any_invitation_but_tells_them_nothing(
    people: People,
) -> None:
    asker, reader = people.member(), people.member()
    question = asker.ask(anonymous=True)
    assert invite(reader, question["id"], asker).status_code == 201
    assert invitations(asker) == []


def test_at_most_three_invitations_per_question(people: People) -> None:
    asker = people.member()
    question = asker.ask()
    experts = [people.member() for _ in range(4)]
    for expert in experts[:3]:
        assert invite(asker, question["id"], expert).status_code == 201
    response = invite(asker, question["id"], experts[3])
    assert response.status_code == 409
    assert set(response.get_json()) == {"code", "status", "message", "errors"}
    assert invitations(experts[3]) == []


def test_at_most_five_invitations_a_day_to_one_person(people: People) -> None:
    expert = people.member()
    askers = [people.member() for _ in range(6)]
    questions = [a.ask() for a in askers]
    for asker, question in zip(askers[:5], questions[:5], strict=True):
        assert invite(asker, question["id"], expert).status_code == 201
    assert invite(askers[5], questions[5]["id"], expert).status_code == 409
    assert len(invitations(expert)) == 5


def test_one_invitation_per_person_and_question(people: People) -> None:
    asker, helper, expert = people.member(), people.member(), people.member()
    question = asker.ask()
    assert invite(asker, question["id"], expert).status_code == 201
    assert invite(helper, question["id"], expert).status_code == 409
    assert len(invitations(expert)) == 1


def test_people_can_opt_out_of_invitations(people: People) -> None:
    asker, expert = people.member(), people.member()
    question = asker.ask()
    assert expert.me()["accepts_invitations"] is True
    response = expert.patch("/me", {"accepts_invitations": False})
    assert response.status_code == 200 and response.get_json()["accepts_invitations"] is False
    assert expert.me()["accepts_invitations"] is False
    refused = invite(asker, question["id"], expert)
    assert refused.status_code == 422 and "user_id" in refused.get_json()["errors"]
    assert expert.patch("/me", {"accepts_invitations": True}).get_json()["accepts_invitations"] is True
    assert invite(asker, question["id"], expert).status_code == 201


@pytest.mark.parametrize("body", [{}, {"user_id": "2"}, {"user_id": 0}, {"user_id": 2, "note": "hi"}])
def test_bad_invitations_are_field_errors(member: ApiClient, body: dict[str, Any]) -> None:
    question = member.ask()
    response = member.post(f"/questions/{question['id']}/invite", body)
    assert response.status_code == 422, response.get_json()


def test_invitations_that_make_no_sense_are_refused(people: People, member: ApiClient) -> None:
    asker = people.member()
    question = asker.ask()
    assert invite(asker, question["id"], asker).status_code == 422  # yourself
    assert invite(member, question["id"], asker).status_code == 422  # the asker
    assert invite(member, question["id"], 999999).status_code == 404
    assert invite(member, 999999, asker).status_code == 404


@pytest.mark.parametrize("body", [{}, {"accepts_invitations": "no"}, {"role": "admin"}])
def test_bad_account_updates_are_field_errors(member: ApiClient, body: dict[str, Any]) -> None:
    assert member.patch("/me", body).status_code == 422
    assert member.me()["role"] == "member"


def test_inviting_is_rate_limited_per_person(app: Flask, people: People) -> None:
    app.config["INVITE_LIMIT"] = "2 per minute"
    inviter = people.member()
    questions = [people.member().ask() for _ in range(2)]
    experts = [people.member() for _ in range(3)]
    assert invite(inviter, questions[0]["id"], experts[0]).status_code == 201
    assert invite(inviter, questions[0]["id"], experts[1]).status_code == 201
    refused = invite(inviter, questions[1]["id"], experts[2])
    assert refused.status_code == 429
    assert set(refused.get_json()) == {"code", "status", "message", "errors"}
    assert int(refused.headers["Retry-After"]) > 0
    assert invitations(experts[2]) == []


def test_hidden_answers_earn_no_expertise(
    ranked: dict[str, ApiClient], people: People, anon: ApiClient
) -> None:
    vic_answer = ranked["vic"].get(f"/users/{ranked['vic'].id}/answers").get_json()["items"][0]
    moderator = people.moderator()
    response = moderator.post(f"/answers/{vic_answer['id']}/hide", {"reason": "Checking a complaint."})
    assert response.status_code == 200, response.get_json()
    assert names(anon.get(f"/tags/{TAG}/experts")) == ["Old Oracle", "Recent Rita"]


def test_an_invitee_declines_quietly_and_frees_the_place(people: People) -> None:
    asker = people.member("Ada Asker")
    question = asker.ask()
    first, second, third, fourth = (people.member() for _ in range(4))
    for expert in (first, second, third):
        assert invite(asker, question["id"], expert).status_code == 201
    assert invite(asker, question["id"], fourth).status_code == 409  # three at most

    response = first.post(f"/questions/{question['id']}/invitation/decline")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["user_id"] == first.id and response.get_json()["declined_at"]
    (note,) = invitations(first)
    assert note["data"]["declined"] is True and note["is_read"] is True
    assert first.get("/auth/me").get_json()["unread_notifications"] == 0
    told = [n["kind"] for n in asker.get("/me/notifications").get_json()["items"]]
    assert told == ["badge"]  # their first question's badge; nothing about the decline
    # Declining twice changes nothing; the declined place goes to someone else.
    assert first.post(f"/questions/{question['id']}/invitation/decline").status_code == 200
    assert invite(asker, question["id"], fourth).status_code == 201
    # The one who declined is not asked again.
    assert invite(people.member(), question["id"], first).status_code == 409


def test_only_the_invitee_declines(people: People, anon: ApiClient) -> None:
    asker, expert, other = people.member(), people.member(), people.member()
    question = asker.ask()
    assert invite(asker, question["id"], expert).status_code == 201
    for person, status in ((other, 404), (asker, 404), (anon, 401)):
        response = person.post(f"/questions/{question['id']}/invitation/decline")
        assert response.status_code == status
        assert set(response.get_json()) == {"code", "status", "message", "errors"}
    assert expert.post("/questions/999999/invitation/decline").status_code == 404


def test_question_experts_say_who_was_invited_or_declined(
    ranked: dict[str, ApiClient], people: People, anon: ApiClient
) -> None:
    asker = people.member()
    question = asker.ask(tags=[TAG])
    assert invite(asker, question["id"], ranked["oracle"]).status_code == 201
    assert invite(asker, question["id"], ranked["vic"]).status_code == 201
    assert ranked["vic"].post(f"/questions/{question['id']}/invitation/decline").status_code == 200
    listed = asker.get(f"/questions/{question['id']}/experts").get_json()
    states = {e["display_name"]: e["invitation"] for e in listed}
    assert states == {"Old Oracle": "invited", "Recent Rita": None, "Voted Vic": "declined"}
    # Signed out: who was asked is not shown.
    assert {e["invitation"] for e in anon.get(f"/questions/{question['id']}/experts").get_json()} == {None}
