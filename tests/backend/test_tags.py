def test_tags_are_listed_by_popularity_or_name(member, anon):
    member.ask(tags=["tools-and-systems", "onboarding"])
    member.ask(tags=["tools-and-systems"])
    popular = anon.get("/tags").get_json()
    assert [t["name"] for t in popular["items"]] == ["tools-and-systems", "onboarding"]
    assert popular["meta"]["total"] == 2
    by_name = anon.get("/tags", sort="name").get_json()
    assert [t["name"] for t in by_name["items"]] == ["onboarding", "tools-and-systems"]


def test_tag_prefix_search_for_autocomplete(member, anon):
    member.ask(tags=["tools-and-systems", "training", "onboarding"])
    names = [t["name"] for t in anon.get("/tags", q="T").get_json()["items"]]
    assert sorted(names) == ["tools-and-systems", "training"]
    assert anon.get("/tags", q="%").get_json()["items"] == []


def test_a_tag_page_has_counts_and_top_questions(people, anon):
    asker, helper = people.member(), people.member()
    low = asker.ask(tags=["onboarding"])
    high = asker.ask(tags=["onboarding"])
    helper.vote("questions", high["id"], 1)
    asker.accept(helper.answer(low["id"])["id"])
    tag = anon.get("/tags/onboarding").get_json()
    assert tag["question_count"] == 2
    assert tag["resolved_count"] == 1
    assert tag["unanswered_count"] == 1
    assert [q["id"] for q in tag["top_questions"]] == [high["id"], low["id"]]


def test_tags_with_symbols_work_in_urls(member, anon):
    member.ask(tags=["c#", "c++", ".net"])
    assert anon.get("/tags/c%23").get_json()["name"] == "c#"
    assert anon.get("/tags/c++").get_json()["name"] == "c++"
    assert anon.get("/tags/.net").get_json()["question_count"] == 1


def test_unknown_tags_are_404(anon):
    response = anon.get("/tags/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["code"] == 404


def test_moderators_describe_tags(member, moderator, anon):
    member.ask(tags=["onboarding"])
    assert member.patch("/tags/onboarding", {"description": "For new joiners"}).status_code == 403
    response = moderator.patch("/tags/onboarding", {"description": "For new joiners"})
    assert response.status_code == 200
    assert anon.get("/tags/onboarding").get_json()["description"] == "For new joiners"


def test_a_tag_pages_resolved_and_unanswered_counts_leave_out_hidden_questions(people, moderator, anon):
    asker, helper = people.member(), people.member()
    resolved = asker.ask(tags=["payroll"])
    asker.accept(helper.answer(resolved["id"])["id"])
    unanswered = asker.ask(tags=["payroll"])
    reason = {"reason": "Personal data in the question."}
    for question in (resolved, unanswered):
        assert moderator.post(f"/questions/{question['id']}/hide", reason).status_code == 200
    for person in (anon, asker, moderator):  # the same counts for everyone, like question_count
        tag = person.get("/tags/payroll").get_json()
        assert (tag["question_count"], tag["resolved_count"], tag["unanswered_count"]) == (0, 0, 0)
    moderator.post(f"/questions/{resolved['id']}/restore", {})
    tag = anon.get("/tags/payroll").get_json()
    assert (tag["question_count"], tag["resolved_count"], tag["unanswered_count"]) == (1, 1, 0)
