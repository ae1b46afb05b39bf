def test_answering_counts_and_bumps_activity(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    before = anon.get(f"/questions/{q['id']}").get_json()["last_activity_at"]
    answer = helper.answer(q["id"], "Restart the sync client and **clear** its cache.")
    assert answer["author"]["id"] == helper.id
    assert "<strong>clear</strong>" in answer["body_html"]
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["answer_count"] == 1
    assert thread["last_activity_at"] > before


def test_authors_can_edit_their_answers(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    response = helper.patch(f"/answers/{a['id']}", {"body": "An improved answer with more detail."})
    assert response.status_code == 200
    assert response.get_json()["body"] == "An improved answer with more detail."
    assert (
        anon.get(f"/questions/{q['id']}").get_json()["answers"][0]["body"]
        == "An improved answer with more detail."
    )


def test_deleting_an_answer_updates_the_count(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    assert helper.delete(f"/answers/{a['id']}").status_code == 204
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["answer_count"] == 0 and thread["answers"] == []
    assert helper.patch(f"/answers/{a['id']}", {"body": "Editing a deleted answer here."}).status_code == 404


def test_accepting_resolves_and_unaccepting_reopens(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    response = asker.accept(a["id"])
    assert response.get_json() == {
        "question_id": q["id"],
        "status": "resolved",
        "accepted_answer_id": a["id"],
    }
    response = asker.delete(f"/answers/{a['id']}/accept")
    assert response.get_json() == {"question_id": q["id"], "status": "open", "accepted_answer_id": None}
    assert anon.get(f"/questions/{q['id']}").get_json()["status"] == "open"


def test_only_one_answer_is_accepted_at_a_time(people, anon):
    asker, first, second = people.member(), people.member(), people.member()
    q = asker.ask()
    a1, a2 = first.answer(q["id"]), second.answer(q["id"])
    asker.accept(a1["id"])
    asker.accept(a2["id"])
    answers = anon.get(f"/questions/{q['id']}").get_json()["answers"]
    assert [(a["id"], a["is_accepted"]) for a in answers] == [(a2["id"], True), (a1["id"], False)]
    assert people.reputation(first) == 0
    assert people.reputation(second) == 15


def test_accepting_twice_changes_nothing(people):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    asker.accept(a["id"])
    asker.accept(a["id"])
    assert people.reputation(helper) == 15
    assert people.reputation(asker) == 2


def test_only_the_asker_or_a_moderator_can_accept(people, moderator):
    asker, helper, bystander = people.member(), people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    assert bystander.accept(a["id"]).status_code == 403
    assert helper.accept(a["id"]).status_code == 403
    assert moderator.accept(a["id"]).status_code == 200


def test_deleting_the_accepted_answer_reopens_the_question(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    asker.accept(a["id"])
    helper.delete(f"/answers/{a['id']}")
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["status"] == "open" and thread["accepted_answer_id"] is None
    assert people.reputation(helper) == 0 and people.reputation(asker) == 0


def test_accepted_threads_show_in_the_resolved_tag_list(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask(tags=["onboarding"])
    asker.accept(helper.answer(q["id"])["id"])
    listed = anon.get("/questions", tag="onboarding", status="resolved").get_json()["items"]
    assert [x["id"] for x in listed] == [q["id"]]
