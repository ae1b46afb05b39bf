"""Privileges that grow with reputation: voting down, a new member's first day, links.

The test configuration relaxes the thresholds that would get in other tests' way; these
tests set the production defaults back."""

from __future__ import annotations

import pytest

from tests.backend.moderation_helpers import assert_error, with_reputation


@pytest.fixture
def app_config() -> dict:
    return {
        "DOWNVOTE_MIN_REPUTATION": 15,
        "NEW_MEMBER_QUESTIONS_PER_DAY": 3,
        "NEW_MEMBER_ANSWERS_PER_DAY": 10,
    }


def test_new_members_may_not_vote_down(people, member, moderator):
    q = member.ask()
    a = people.member().answer(q["id"])
    voter = people.member()
    body = assert_error(voter.vote("questions", q["id"], -1), 403)
    assert "15 reputation" in body["message"]
    assert_error(voter.vote("answers", a["id"], -1), 403)
    assert voter.vote("questions", q["id"], 1).status_code == 200  # voting up is fine
    assert member.get(f"/questions/{q['id']}").get_json()["score"] == 1
    with_reputation(people.app, voter, 15)
    assert voter.vote("questions", q["id"], -1).get_json() == {"score": -1, "my_vote": -1}
    assert moderator.vote("answers", a["id"], -1).get_json()["my_vote"] == -1


def test_new_members_ask_three_questions_in_their_first_day(people, anon):
    newcomer = people.member()
    for _ in range(3):
        newcomer.ask()
    response = newcomer.post(
        "/questions",
        {
            "title": "One more question on my first day",
            "body": "Asking a fourth time today, sorry.",
            "tags": ["x"],
        },
    )
    assert "first day" in assert_error(response, 403)["message"]
    assert anon.get("/questions").get_json()["meta"]["total"] == 3
    with_reputation(people.app, newcomer, 15)
    assert (
        newcomer.post(
            "/questions",
            {
                "title": "One more question on my first day",
                "body": "Asking a fourth time today, sorry.",
                "tags": ["x"],
            },
        ).status_code
        == 201
    )


def test_new_members_post_ten_answers_in_their_first_day(app, people, member, moderator):
    app.config["NEW_MEMBER_ANSWERS_PER_DAY"] = 2
    q = member.ask()
    newcomer = people.member()
    newcomer.answer(q["id"])
    newcomer.answer(q["id"])
    assert_error(newcomer.post(f"/questions/{q['id']}/answers", {"body": "A third answer in one day."}), 403)
    for _ in range(3):
        moderator.answer(q["id"])  # moderators are not limited


def test_links_in_posts_are_nofollow(member, anon):
    q = member.ask(body="The policy is at [the intranet](https://intranet.example.com/policy) page.")
    html = anon.get(f"/questions/{q['id']}").get_json()["body_html"]
    assert 'rel="nofollow noopener ugc"' in html
