import pytest


@pytest.fixture
def thread(people):
    asker, helper, voter = people.member("Asker"), people.member("Helper"), people.member("Voter")
    q = asker.ask()
    a = helper.answer(q["id"])
    return asker, helper, voter, q, a


def test_upvoting_a_question(thread, people):
    asker, _, voter, q, _ = thread
    response = voter.vote("questions", q["id"], 1)
    assert response.status_code == 200
    assert response.get_json() == {"score": 1, "my_vote": 1}
    assert people.reputation(asker) == 5


def test_upvoting_an_answer(thread, people):
    _, helper, voter, _, a = thread
    assert voter.vote("answers", a["id"], 1).get_json() == {"score": 1, "my_vote": 1}
    assert people.reputation(helper) == 10


def test_downvoting_costs_the_author_two(thread, people):
    asker, helper, voter, q, a = thread
    assert voter.vote("questions", q["id"], -1).get_json() == {"score": -1, "my_vote": -1}
    assert voter.vote("answers", a["id"], -1).get_json() == {"score": -1, "my_vote": -1}
    assert people.reputation(asker) == -2 and people.reputation(helper) == -2


def test_repeating_a_vote_changes_nothing(thread, people):
    asker, _, voter, q, _ = thread
    voter.vote("questions", q["id"], 1)
    assert voter.vote("questions", q["id"], 1).get_json() == {"score": 1, "my_vote": 1}
    assert people.reputation(asker) == 5


def test_switching_and_retracting(thread, people, anon):
    asker, _, voter, q, _ = thread
    voter.vote("questions", q["id"], 1)
    assert voter.vote("questions", q["id"], -1).get_json() == {"score": -1, "my_vote": -1}
    assert people.reputation(asker) == -2
    assert voter.vote("questions", q["id"], 0).get_json() == {"score": 0, "my_vote": 0}
    assert people.reputation(asker) == 0
    assert anon.get(f"/questions/{q['id']}").get_json()["score"] == 0


def test_retracting_without_a_vote_changes_nothing(thread):
    _, _, voter, q, _ = thread
    assert voter.vote("questions", q["id"], 0).get_json() == {"score": 0, "my_vote": 0}


def test_voting_on_your_own_post_is_forbidden(thread, people):
    asker, helper, _, q, a = thread
    assert asker.vote("questions", q["id"], 1).status_code == 403
    assert helper.vote("answers", a["id"], 1).status_code == 403
    assert people.reputation(asker) == 0


def test_the_thread_shows_my_vote(thread):
    _, _, voter, q, a = thread
    voter.vote("answers", a["id"], -1)
    seen = voter.get(f"/questions/{q['id']}").get_json()
    assert seen["my_vote"] == 0
    assert seen["answers"][0]["my_vote"] == -1


@pytest.mark.parametrize("value", [2, -2, "1", True, 1.5, None])
def test_only_one_minus_one_or_zero_are_votes(thread, value):
    _, _, voter, q, _ = thread
    response = voter.vote("questions", q["id"], value)
    assert response.status_code == 422
    assert "value" in response.get_json()["errors"]


def test_voting_on_missing_posts_is_404(thread):
    _, _, voter, _, _ = thread
    assert voter.vote("questions", 999999, 1).status_code == 404
    assert voter.vote("answers", 999999, 1).status_code == 404
