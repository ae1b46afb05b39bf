"""Threads are cached for signed-out readers per content version: every change shows at once."""

from tests.people import ApiClient


def read(app, question_id):
    return ApiClient(app).get(f"/questions/{question_id}").get_json()  # a new signed-out reader


def test_every_change_to_a_thread_shows_at_once_to_signed_out_readers(app, people):
    asker, helper, voter = people.member(), people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    assert read(app, q["id"])["answers"][0]["score"] == 0
    voter.vote("answers", a["id"], 1)
    thread = read(app, q["id"])
    assert thread["answers"][0]["score"] == 1
    assert thread["answers"][0]["author"]["reputation"] == 10
    voter.post(f"/answers/{a['id']}/comments", {"body": "This worked for me too."})
    assert [c["body"] for c in read(app, q["id"])["answers"][0]["comments"]] == ["This worked for me too."]
    asker.accept(a["id"])
    assert read(app, q["id"])["status"] == "resolved"
    helper.patch(f"/answers/{a['id']}", {"body": "Clear the cache folder, then rebuild from scratch."})
    assert read(app, q["id"])["answers"][0]["body"] == "Clear the cache folder, then rebuild from scratch."


def test_votes_elsewhere_update_an_authors_reputation_on_a_cached_thread(app, people):
    asker, helper, voter = people.member(), people.member(), people.member()
    q = asker.ask()
    helper.answer(q["id"])
    assert read(app, q["id"])["answers"][0]["author"]["reputation"] == 0
    other = asker.ask()
    elsewhere = helper.answer(other["id"])
    voter.vote("answers", elsewhere["id"], 1)
    assert read(app, q["id"])["answers"][0]["author"]["reputation"] == 10


def test_views_keep_counting_on_a_cached_thread(app, people):
    q = people.member().ask()
    assert [read(app, q["id"])["view_count"] for _ in range(3)] == [1, 2, 3]


def test_signed_in_readers_get_their_own_rendering(app, people):
    asker, voter = people.member(), people.member()
    q = asker.ask()
    read(app, q["id"])
    voter.vote("questions", q["id"], 1)
    assert voter.get(f"/questions/{q['id']}").get_json()["my_vote"] == 1
    assert asker.get(f"/questions/{q['id']}").get_json()["can_edit"] is True
    public = read(app, q["id"])
    assert public["my_vote"] is None and public["can_edit"] is False
