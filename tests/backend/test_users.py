def test_profiles_show_reputation_and_counts_but_never_email(people, anon):
    asker, helper, voter = people.member("Asker"), people.member("Helper"), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    asker.accept(a["id"])
    voter.vote("answers", a["id"], 1)
    response = anon.get(f"/users/{helper.id}")
    profile = response.get_json()
    assert profile["display_name"] == "Helper"
    assert profile["reputation"] == 25
    assert (profile["question_count"], profile["answer_count"], profile["accepted_answer_count"]) == (0, 1, 1)
    assert "email" not in profile
    assert "@example.com" not in response.get_data(as_text=True)


def test_a_persons_questions_and_answers(people, anon):
    asker, helper = people.member(), people.member()
    q1, q2 = asker.ask(), asker.ask()
    a = helper.answer(q1["id"])
    questions = anon.get(f"/users/{asker.id}/questions").get_json()
    assert [q["id"] for q in questions["items"]] == [q2["id"], q1["id"]]
    answers = anon.get(f"/users/{helper.id}/answers").get_json()
    assert answers["meta"]["total"] == 1
    assert answers["items"][0]["id"] == a["id"]
    assert answers["items"][0]["question_title"] == q1["title"]


def test_a_persons_answers_say_whether_each_was_accepted_as_a_boolean(people, anon):
    asker, helper = people.member(), people.member()
    unresolved, resolved, elsewhere = asker.ask(), asker.ask(), asker.ask()
    helper.answer(unresolved["id"])
    accepted = helper.answer(resolved["id"])
    asker.accept(accepted["id"])
    helper.answer(elsewhere["id"])
    asker.accept(people.member().answer(elsewhere["id"])["id"])
    answers = anon.get(f"/users/{helper.id}/answers").get_json()["items"]
    flags = {item["question_id"]: item["is_accepted"] for item in answers}
    assert flags == {unresolved["id"]: False, resolved["id"]: True, elsewhere["id"]: False}


def test_unknown_people_are_404(anon):
    assert anon.get("/users/424242").status_code == 404
    assert anon.get("/users/424242/questions").status_code == 404
