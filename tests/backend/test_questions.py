import pytest


def titles(response):
    return [item["title"] for item in response.get_json()["items"]]


def test_asking_returns_the_thread(member):
    response = member.post(
        "/questions",
        {
            "title": "How do I book a meeting room?",
            "body": "The calendar shows rooms but I cannot **book** them.",
            "tags": ["onboarding"],
        },
    )
    assert response.status_code == 201
    q = response.get_json()
    assert q["status"] == "open"
    assert q["author"]["id"] == member.id
    assert q["anonymous"] is False
    assert q["body"] == "The calendar shows rooms but I cannot **book** them."
    assert "<strong>book</strong>" in q["body_html"]
    assert q["answers"] == [] and q["comments"] == []
    assert q["score"] == 0 and q["answer_count"] == 0


def test_question_bodies_are_sanitized(member):
    q = member.ask(body="Hello <script>alert(1)</script> [x](javascript:alert(1)) friends")
    assert "<script" not in q["body_html"]
    assert "javascript:" not in q["body_html"].replace("[x](javascript:alert(1))", "")
    assert 'href="javascript' not in q["body_html"]


def test_lists_sort_newest_active_votes_unanswered(people, anon):
    asker, voter = people.member(), people.member()
    first = asker.ask(title="First question about laptops")
    second = asker.ask(title="Second question about phones")
    third = asker.ask(title="Third question about monitors")
    voter.vote("questions", first["id"], 1)
    voter.answer(second["id"])

    assert titles(anon.get("/questions"))[:3] == [third["title"], second["title"], first["title"]]
    assert titles(anon.get("/questions", sort="active"))[0] == second["title"]
    assert titles(anon.get("/questions", sort="votes"))[0] == first["title"]
    unanswered = titles(anon.get("/questions", sort="unanswered"))
    assert second["title"] not in unanswered
    assert set(unanswered) == {first["title"], third["title"]}


def test_tag_filters_require_every_tag(member, anon):
    both = member.ask(tags=["onboarding", "tools-and-systems"])
    member.ask(tags=["onboarding"])
    member.ask(tags=["tools-and-systems"])
    assert anon.get("/questions", tag="onboarding").get_json()["meta"]["total"] == 2
    response = anon.get("/questions", tag=["onboarding", "Tools-And-Systems"])
    assert [q["id"] for q in response.get_json()["items"]] == [both["id"]]
    assert anon.get("/questions", tag="no-such-tag").get_json() == {
        "items": [],
        "meta": {"page": 1, "per_page": 20, "total": 0},
    }


@pytest.mark.parametrize("sort", ["newest", "active", "votes", "unanswered"])
def test_tag_lists_follow_the_same_order_as_the_full_list(people, anon, sort):
    asker, voter = people.member(), people.member()
    ids = [asker.ask(tags=["onboarding"])["id"] for _ in range(5)]
    voter.vote("questions", ids[1], 1)
    voter.vote("questions", ids[3], -1)
    voter.answer(ids[2])
    everything = [q["id"] for q in anon.get("/questions", sort=sort).get_json()["items"]]
    tagged = [q["id"] for q in anon.get("/questions", sort=sort, tag="onboarding").get_json()["items"]]
    assert tagged == everything


def test_status_and_author_filters(people, anon):
    asker, helper = people.member(), people.member()
    solved = asker.ask()
    helper.ask()
    answer = helper.answer(solved["id"])
    asker.accept(answer["id"])
    resolved = anon.get("/questions", status="resolved").get_json()
    assert [q["id"] for q in resolved["items"]] == [solved["id"]]
    assert resolved["items"][0]["accepted_answer_id"] == answer["id"]
    assert anon.get("/questions", status="open").get_json()["meta"]["total"] == 1
    by_asker = anon.get("/questions", author=asker.id).get_json()
    assert [q["id"] for q in by_asker["items"]] == [solved["id"]]


def test_pagination_meta_and_pages(member, anon):
    ids = [member.ask()["id"] for _ in range(5)]
    page2 = anon.get("/questions", page=2, per_page=2).get_json()
    assert page2["meta"] == {"page": 2, "per_page": 2, "total": 5}
    assert [q["id"] for q in page2["items"]] == [ids[2], ids[1]]
    past_the_end = anon.get("/questions", page=9, per_page=2).get_json()
    assert past_the_end["items"] == [] and past_the_end["meta"]["total"] == 5


def test_per_page_is_capped(anon):
    assert anon.get("/questions", per_page=101).status_code == 422
    assert anon.get("/questions", per_page=100).status_code == 200


def test_the_thread_lists_the_accepted_answer_first_then_by_score_then_oldest(people, anon):
    asker, a, b, c, voter = (people.member() for _ in range(5))
    q = asker.ask()
    oldest, popular, accepted = a.answer(q["id"]), b.answer(q["id"]), c.answer(q["id"])
    newest_zero = a.answer(q["id"])
    voter.vote("answers", popular["id"], 1)
    asker.accept(accepted["id"])
    answers = anon.get(f"/questions/{q['id']}").get_json()["answers"]
    assert [x["id"] for x in answers] == [accepted["id"], popular["id"], oldest["id"], newest_zero["id"]]
    assert [x["is_accepted"] for x in answers] == [True, False, False, False]


def test_views_count_once_per_session_and_never_for_the_asker(people, app):
    asker, reader = people.member(), people.member()
    q = asker.ask()
    path = f"/questions/{q['id']}"
    assert asker.get(path).get_json()["view_count"] == 0
    assert reader.get(path).get_json()["view_count"] == 1
    assert reader.get(path).get_json()["view_count"] == 1
    from tests.people import ApiClient

    assert ApiClient(app).get(path).get_json()["view_count"] == 2
    assert asker.get(path).get_json()["view_count"] == 2


def test_editing_records_revisions(member, anon):
    q = member.ask(title="Original title for editing", tags=["onboarding"])
    response = member.patch(
        f"/questions/{q['id']}", {"title": "Better title for editing", "tags": ["ways-of-working"]}
    )
    assert response.status_code == 200
    edited = response.get_json()
    assert edited["title"] == "Better title for editing"
    assert edited["tags"] == ["ways-of-working"]
    revisions = anon.get(f"/questions/{q['id']}/revisions").get_json()
    assert [r["title"] for r in revisions] == ["Better title for editing", "Original title for editing"]
    assert revisions[0]["tags"] == ["ways-of-working"] and revisions[1]["tags"] == ["onboarding"]
    assert revisions[0]["editor"]["id"] == member.id


def test_an_edit_that_changes_nothing_records_no_revision(member, anon):
    q = member.ask()
    member.patch(f"/questions/{q['id']}", {"title": q["title"]})
    assert len(anon.get(f"/questions/{q['id']}/revisions").get_json()) == 1


def test_an_empty_edit_is_rejected(member):
    q = member.ask()
    assert member.patch(f"/questions/{q['id']}", {}).status_code == 422


def test_moderators_can_edit_others_questions(member, moderator, anon):
    q = member.ask()
    response = moderator.patch(f"/questions/{q['id']}", {"body": "A clearer body written by the moderator."})
    assert response.status_code == 200
    revision = anon.get(f"/questions/{q['id']}/revisions").get_json()[0]
    assert revision["editor"]["id"] == moderator.id


def test_retagging_keeps_tag_counts_exact(member, anon):
    q = member.ask(tags=["onboarding", "tools-and-systems"])
    member.patch(f"/questions/{q['id']}", {"tags": ["tools-and-systems", "remote-work"]})
    counts = {t["name"]: t["question_count"] for t in anon.get("/tags").get_json()["items"]}
    assert counts == {"onboarding": 0, "tools-and-systems": 1, "remote-work": 1}


def test_deleting_hides_the_question_everywhere(member, anon):
    q = member.ask(tags=["onboarding"])
    assert member.delete(f"/questions/{q['id']}").status_code == 204
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    assert anon.get("/questions").get_json()["meta"]["total"] == 0
    assert anon.get("/questions", tag="onboarding").get_json()["meta"]["total"] == 0
    assert anon.get("/tags/onboarding").get_json()["question_count"] == 0
    assert member.delete(f"/questions/{q['id']}").status_code == 404
    response = member.post(f"/questions/{q['id']}/answers", {"body": "An answer to a deleted question."})
    assert response.status_code == 404


def test_list_totals_stay_exact_as_threads_change(people, anon):
    asker, helper = people.member(), people.member()
    questions = [asker.ask(tags=["onboarding"]) for _ in range(3)]

    def totals():
        # page=2 with per_page=1 always counts (or uses the cached count)
        return {
            "all": anon.get("/questions", page=2, per_page=1).get_json()["meta"]["total"],
            "unanswered": anon.get("/questions", sort="unanswered", page=2, per_page=1).get_json()["meta"][
                "total"
            ],
            "resolved": anon.get("/questions", status="resolved", page=2, per_page=1).get_json()["meta"][
                "total"
            ],
            "tag": anon.get("/questions", tag="onboarding", page=2, per_page=1).get_json()["meta"]["total"],
        }

    assert totals() == {"all": 3, "unanswered": 3, "resolved": 0, "tag": 3}
    answer = helper.answer(questions[0]["id"])
    assert totals() == {"all": 3, "unanswered": 2, "resolved": 0, "tag": 3}
    asker.accept(answer["id"])
    assert totals() == {"all": 3, "unanswered": 2, "resolved": 1, "tag": 3}
    asker.patch(f"/questions/{questions[1]['id']}", {"tags": ["remote-work"]})
    assert totals() == {"all": 3, "unanswered": 2, "resolved": 1, "tag": 2}
    asker.delete(f"/questions/{questions[2]['id']}")
    assert totals() == {"all": 2, "unanswered": 1, "resolved": 1, "tag": 1}
    helper.delete(f"/answers/{answer['id']}")
    assert totals() == {"all": 2, "unanswered": 2, "resolved": 0, "tag": 1}
    asker.ask()
    assert totals() == {"all": 3, "unanswered": 3, "resolved": 0, "tag": 1}
