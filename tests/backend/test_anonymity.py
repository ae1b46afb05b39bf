"""Anonymous questions: only the asker and moderators may learn who asked.

Everyone else must find no trace of the asker anywhere: not in the thread, lists,
profiles, revisions, tag pages, nor in reputation that moves when the question does.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.people import ApiClient, People

NAME = "Zelda Quietasker"
EMAIL = "zelda.quietasker@example.com"
TAG = "quiet-corner"
SORTS = ["newest", "active", "votes", "unanswered"]


def author_ids(data: Any) -> list[int]:
    """The ids of every author/editor named anywhere in a JSON document."""
    found: list[int] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("author", "editor") and isinstance(value, dict):
                found.append(value.get("id"))
            found += author_ids(value)
    elif isinstance(data, list):
        for item in data:
            found += author_ids(item)
    return found


def assert_no_trace(response: Any, asker: ApiClient) -> Any:
    """The response is fine, and nothing in it ties anything to the asker."""
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert NAME not in text
    assert EMAIL not in text
    assert "Quietasker" not in text
    data = response.get_json()
    assert asker.id not in author_ids(data), data
    return data


def reputation(client: ApiClient, person: ApiClient) -> int:
    return int(client.get(f"/users/{person.id}").get_json()["reputation"])


@pytest.fixture
def zelda(people: People) -> ApiClient:
    return people.member(NAME, email=EMAIL)


@pytest.fixture
def secret(zelda: ApiClient) -> dict[str, Any]:
    return zelda.ask(
        title="Is it normal to feel lost after a reorg?",
        body="My team was merged into another one and I do not know who to ask about anything.",
        tags=[TAG, "wellbeing"],
        anonymous=True,
    )


@pytest.fixture
def others(anon: ApiClient, member: ApiClient) -> list[ApiClient]:
    """People who must not learn who asked: signed out, and a signed-in member."""
    return [anon, member]


# -- asking -----------------------------------------------------------------------------


def test_the_asker_sees_themselves_in_the_post_response(zelda):
    response = zelda.post(
        "/questions",
        {
            "title": "Can I say no to a second project?",
            "body": "I am already at capacity and worried about saying so to my lead.",
            "tags": [TAG],
            "anonymous": True,
        },
    )
    assert response.status_code == 201, response.get_json()
    q = response.get_json()
    assert q["anonymous"] is True
    assert q["author"]["id"] == zelda.id
    assert q["author"]["display_name"] == NAME
    assert q["can_edit"] is True


# -- the thread ---------------------------------------------------------------------------


def test_others_see_no_author_on_the_thread(secret, zelda, others):
    for client in others:
        q = assert_no_trace(client.get(f"/questions/{secret['id']}"), zelda)
        assert q["author"] is None
        assert q["anonymous"] is True
        assert q["can_edit"] is False


def test_the_asker_and_moderators_see_the_author(secret, zelda, moderator):
    for client in (zelda, moderator):
        q = client.get(f"/questions/{secret['id']}").get_json()
        assert q["anonymous"] is True
        assert q["author"]["id"] == zelda.id
        assert q["author"]["display_name"] == NAME


def test_an_admin_sees_the_author(secret, zelda, people):
    admin = people.admin("Ada Admin")
    assert admin.get(f"/questions/{secret['id']}").get_json()["author"]["id"] == zelda.id


# -- lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", SORTS)
def test_lists_hide_the_asker_in_every_sort(secret, zelda, others, moderator, sort):
    for client in others:
        data = assert_no_trace(client.get("/questions", sort=sort), zelda)
        [row] = [item for item in data["items"] if item["id"] == secret["id"]]
        assert row["author"] is None and row["anonymous"] is True
        data = assert_no_trace(client.get("/questions", sort=sort, tag=TAG), zelda)
        assert [item["id"] for item in data["items"]] == [secret["id"]]
        assert_no_trace(client.get("/questions", sort=sort, status="open", tag=[TAG, "wellbeing"]), zelda)
    for client in (zelda, moderator):
        items = client.get("/questions", sort=sort).get_json()["items"]
        [row] = [item for item in items if item["id"] == secret["id"]]
        assert row["author"]["id"] == zelda.id


@pytest.mark.parametrize("extra", [{}, {"tag": TAG}, {"sort": "votes"}, {"status": "open"}])
def test_filtering_by_author_does_not_find_it_for_others(secret, zelda, others, moderator, extra):
    for client in others:
        data = assert_no_trace(client.get("/questions", author=zelda.id, **extra), zelda)
        assert data["items"] == [] and data["meta"]["total"] == 0
    for client in (zelda, moderator):
        data = client.get("/questions", author=zelda.id, **extra).get_json()
        assert [item["id"] for item in data["items"]] == [secret["id"]]
        assert data["meta"]["total"] == 1


def test_the_askers_question_list_hides_it_from_others(secret, zelda, others, moderator):
    for client in others:
        data = assert_no_trace(client.get(f"/users/{zelda.id}/questions"), zelda)
        assert data["items"] == [] and data["meta"]["total"] == 0
    for client in (zelda, moderator):
        data = client.get(f"/users/{zelda.id}/questions").get_json()
        assert [item["id"] for item in data["items"]] == [secret["id"]]
        assert data["items"][0]["author"]["id"] == zelda.id
        assert data["meta"]["total"] == 1


def test_the_askers_profile_does_not_count_it_for_others(secret, zelda, others, moderator):
    for client in others:
        profile = client.get(f"/users/{zelda.id}").get_json()
        assert profile["question_count"] == 0
        assert "email" not in profile
    for client in (zelda, moderator):
        assert client.get(f"/users/{zelda.id}").get_json()["question_count"] == 1


def test_a_public_question_is_still_listed_and_counted(secret, zelda, others):
    public = zelda.ask(title="Where do I find the travel policy?", tags=["travel"])
    for client in others:
        data = client.get(f"/users/{zelda.id}/questions").get_json()
        assert [item["id"] for item in data["items"]] == [public["id"]]
        assert client.get(f"/users/{zelda.id}").get_json()["question_count"] == 1
        data = client.get("/questions", author=zelda.id).get_json()
        assert [item["id"] for item in data["items"]] == [public["id"]]
        rows = {item["id"]: item for item in client.get("/questions").get_json()["items"]}
        assert rows[public["id"]]["author"]["id"] == zelda.id
        assert rows[secret["id"]]["author"] is None


def test_the_tag_page_hides_the_asker(secret, zelda, others, moderator):
    for name in (TAG, "wellbeing"):
        for client in others:
            data = assert_no_trace(client.get(f"/tags/{name}"), zelda)
            [row] = data["top_questions"]
            assert row["id"] == secret["id"] and row["author"] is None
        top = moderator.get(f"/tags/{name}").get_json()["top_questions"]
        assert top[0]["author"]["id"] == zelda.id


# -- revisions ------------------------------------------------------------------------------


def test_revisions_hide_the_asker_as_editor(secret, zelda, others, moderator):
    q = secret["id"]
    edited = zelda.patch(f"/questions/{q}", {"body": secret["body"] + " Edited to add: it has been a month."})
    assert edited.status_code == 200, edited.get_json()
    assert edited.get_json()["author"]["id"] == zelda.id
    for client in others:
        revisions = assert_no_trace(client.get(f"/questions/{q}/revisions"), zelda)
        assert len(revisions) == 2
        assert all(r["editor"] is None for r in revisions)
        assert_no_trace(client.get(f"/questions/{q}"), zelda)
    for client in (zelda, moderator):
        revisions = client.get(f"/questions/{q}/revisions").get_json()
        assert [r["editor"]["id"] for r in revisions] == [zelda.id, zelda.id]


def test_a_moderators_edit_is_attributed_to_the_moderator(secret, zelda, moderator, anon):
    q = secret["id"]
    response = moderator.patch(f"/questions/{q}", {"tags": [TAG, "wellbeing", "reorg"]})
    assert response.status_code == 200, response.get_json()
    revisions = assert_no_trace(anon.get(f"/questions/{q}/revisions"), zelda)
    assert [r["editor"] and r["editor"]["id"] for r in revisions] == [moderator.id, None]


# -- the asker's own answers and comments in the thread ----------------------------------


@pytest.fixture
def busy(secret, zelda, people):
    """The asker comments on their question, a helper answers, the asker comments on the
    answer and posts an answer of their own."""
    q = secret["id"]
    helper = people.member("Hal Helper")
    posted = zelda.post(f"/questions/{q}/comments", {"body": "To clarify: I am on the platform team."})
    assert posted.status_code == 201, posted.get_json()
    own_comment = posted.get_json()
    help_answer = helper.answer(q, "Ask your new lead for a one-to-one and bring a list of questions.")
    posted = zelda.post(f"/answers/{help_answer['id']}/comments", {"body": "Thanks, I will try that."})
    assert posted.status_code == 201, posted.get_json()
    answer_comment = posted.get_json()
    own_answer = zelda.answer(q, "Update for others: the one-to-one helped, and so did the team wiki.")
    return {
        "q": q,
        "helper": helper,
        "help_answer": help_answer,
        "own_comment": own_comment,
        "answer_comment": answer_comment,
        "own_answer": own_answer,
    }


def test_the_asker_sees_themselves_on_what_they_post(busy, zelda):
    assert busy["own_comment"]["author"]["id"] == zelda.id
    assert busy["answer_comment"]["author"]["id"] == zelda.id
    assert busy["own_answer"]["author"]["id"] == zelda.id


def test_others_see_no_author_on_the_askers_answer_and_comments(busy, zelda, others):
    for client in others:
        q = assert_no_trace(client.get(f"/questions/{busy['q']}"), zelda)
        assert [c["author"] for c in q["comments"]] == [None]
        answers = {a["id"]: a for a in q["answers"]}
        assert answers[busy["own_answer"]["id"]]["author"] is None
        helped = answers[busy["help_answer"]["id"]]
        assert helped["author"]["id"] == busy["helper"].id
        assert [c["author"] for c in helped["comments"]] == [None]


def test_the_asker_and_moderators_see_the_asker_on_everything(busy, zelda, moderator):
    for client in (zelda, moderator):
        q = client.get(f"/questions/{busy['q']}").get_json()
        assert q["author"]["id"] == zelda.id
        assert [c["author"]["id"] for c in q["comments"]] == [zelda.id]
        answers = {a["id"]: a for a in q["answers"]}
        assert answers[busy["own_answer"]["id"]]["author"]["id"] == zelda.id
        helped = answers[busy["help_answer"]["id"]]
        assert [c["author"]["id"] for c in helped["comments"]] == [zelda.id]


def test_the_askers_answers_list_hides_their_answer_in_their_own_thread(busy, zelda, others, moderator):
    for client in others:
        data = assert_no_trace(client.get(f"/users/{zelda.id}/answers"), zelda)
        assert data["items"] == [] and data["meta"]["total"] == 0
        profile = client.get(f"/users/{zelda.id}").get_json()
        assert profile["answer_count"] == 0 and profile["question_count"] == 0
    for client in (zelda, moderator):
        data = client.get(f"/users/{zelda.id}/answers").get_json()
        assert [a["id"] for a in data["items"]] == [busy["own_answer"]["id"]]
        assert client.get(f"/users/{zelda.id}").get_json()["answer_count"] == 1


def test_the_askers_answer_elsewhere_is_listed(busy, zelda, others, people):
    elsewhere = people.member("Somebody Else").ask(title="How do I expense a train ticket?")
    answer = zelda.answer(elsewhere["id"])
    for client in others:
        data = client.get(f"/users/{zelda.id}/answers").get_json()
        assert [a["id"] for a in data["items"]] == [answer["id"]]
        thread = client.get(f"/questions/{elsewhere['id']}").get_json()
        assert thread["answers"][0]["author"]["id"] == zelda.id


def test_lists_after_activity_still_hide_the_asker(busy, zelda, others):
    for client in others:
        for sort in SORTS:
            assert_no_trace(client.get("/questions", sort=sort), zelda)
        assert_no_trace(client.get(f"/tags/{TAG}"), zelda)
        assert_no_trace(client.get(f"/questions/{busy['q']}/revisions"), zelda)


# -- reputation ------------------------------------------------------------------------------


def test_votes_on_an_anonymous_question_do_not_move_the_askers_reputation(secret, zelda, people, anon):
    up1, up2, down = people.member(), people.member(), people.member()
    start = reputation(anon, zelda)
    assert up1.vote("questions", secret["id"], 1).get_json() == {"score": 1, "my_vote": 1}
    assert up2.vote("questions", secret["id"], 1).get_json() == {"score": 2, "my_vote": 1}
    assert reputation(anon, zelda) == start
    assert down.vote("questions", secret["id"], -1).get_json() == {"score": 1, "my_vote": -1}
    assert reputation(anon, zelda) == start
    assert up1.vote("questions", secret["id"], -1).get_json() == {"score": -1, "my_vote": -1}
    assert up2.vote("questions", secret["id"], 0).get_json() == {"score": -2, "my_vote": 0}
    assert reputation(anon, zelda) == start
    assert zelda.me()["reputation"] == start


def test_accepting_on_an_anonymous_question_rewards_only_the_answerer(secret, zelda, people, anon):
    helper = people.member("Hal Helper")
    answer = helper.answer(secret["id"])
    start_asker, start_helper = reputation(anon, zelda), reputation(anon, helper)
    response = zelda.accept(answer["id"])
    assert response.status_code == 200, response.get_json()
    assert reputation(anon, helper) == start_helper + 15
    assert reputation(anon, zelda) == start_asker
    # Withdrawing and accepting again by a moderator does not reward the asker either.
    assert zelda.delete(f"/answers/{answer['id']}/accept").status_code == 200
    assert reputation(anon, helper) == start_helper
    assert reputation(anon, zelda) == start_asker
    moderator = people.moderator()
    assert moderator.accept(answer["id"]).status_code == 200
    assert reputation(anon, helper) == start_helper + 15
    assert reputation(anon, zelda) == start_asker


def test_a_public_question_does_reward_the_asker(zelda, people, anon):
    public = zelda.ask(title="Where do I find the travel policy?", tags=["travel"])
    up1, up2, down = people.member(), people.member(), people.member()
    start = reputation(anon, zelda)
    up1.vote("questions", public["id"], 1)
    assert reputation(anon, zelda) == start + 5
    up2.vote("questions", public["id"], 1)
    assert reputation(anon, zelda) == start + 10
    down.vote("questions", public["id"], -1)
    assert reputation(anon, zelda) == start + 8
    helper = people.member("Hal Helper")
    answer = helper.answer(public["id"])
    assert zelda.accept(answer["id"]).status_code == 200
    assert reputation(anon, zelda) == start + 10
    assert reputation(anon, helper) == 15


def test_votes_on_the_askers_hidden_answer_do_not_reveal_them(busy, zelda, people, anon):
    voter = people.member()
    answers = {a["id"]: a for a in anon.get(f"/questions/{busy['q']}").get_json()["answers"]}
    assert answers[busy["own_answer"]["id"]]["author"] is None
    start = reputation(anon, zelda)
    assert voter.vote("answers", busy["own_answer"]["id"], 1).status_code == 200
    assert reputation(anon, zelda) == start
