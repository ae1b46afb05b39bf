"""Privileges that grow with reputation: voting down, a new member's first day, links, and
what GET /auth/me says a person may do.

The test configuration relaxes the thresholds that would get in other tests' way; these
tests set the production defaults back."""

from __future__ import annotations

import pytest

from tests.backend.moderation_helpers import assert_error, with_reputation
from tests.people import PASSWORD, ApiClient


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


# -- what GET /auth/me says a person may do (the frontend shows its buttons by it) ------------

NOTHING = {"downvote": False, "flag": False, "label": False, "edit_others": False}
EVERYTHING = dict.fromkeys(NOTHING, True)


@pytest.mark.parametrize(
    ("reputation", "privileges"),
    [
        (0, NOTHING),
        (14, NOTHING),
        (15, {**NOTHING, "downvote": True, "flag": True}),
        (499, {**NOTHING, "downvote": True, "flag": True}),
        (500, {**EVERYTHING, "edit_others": False}),
        (1000, EVERYTHING),
    ],
)
def test_me_says_what_a_member_may_do_at_their_reputation(people, reputation, privileges):
    person = with_reputation(people.app, people.member(), reputation)
    assert person.me()["privileges"] == privileges


def test_moderators_and_admins_may_do_everything_whatever_their_reputation(people, moderator):
    assert moderator.me()["privileges"] == EVERYTHING
    assert people.admin().me()["privileges"] == EVERYTHING


def test_signing_up_and_in_answer_with_the_privileges_too(app, people):
    newcomer = people.member()
    assert newcomer.user["privileges"] == NOTHING
    with_reputation(app, newcomer, 500)
    signed_in = ApiClient(app).post("/auth/login", {"email": newcomer.me()["email"], "password": PASSWORD})
    assert signed_in.status_code == 200 and signed_in.get_json()["privileges"]["label"] is True


def test_a_threshold_changed_by_an_admin_flips_the_privilege_at_once(people, member):
    admin = people.admin()
    with_reputation(people.app, member, 20)
    assert member.me()["privileges"]["label"] is False
    response = admin.patch("/admin/settings", {"LABEL_MIN_REPUTATION": 20, "FLAG_MIN_REPUTATION": 25})
    assert response.status_code == 200, response.get_json()
    assert member.me()["privileges"] == {**NOTHING, "downvote": True, "label": True}
    a = people.member().answer(people.member().ask()["id"])
    label = {"label": "outdated", "note": "The form moved to the new portal."}
    assert member.put(f"/answers/{a['id']}/label", label).status_code == 200  # the API agrees
    assert admin.patch("/admin/settings", {"LABEL_MIN_REPUTATION": None}).status_code == 200
    assert member.me()["privileges"]["label"] is False
    assert_error(member.put(f"/answers/{a['id']}/label", label), 403)
