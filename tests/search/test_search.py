import pytest


@pytest.fixture
def threads(people, sync):
    asker, helper = people.member("Asker"), people.member("Helper")
    reset = asker.ask(
        title="How do I reset my password for the payroll portal?",
        body="The password reset link in the payroll portal email has expired.",
        tags=["security-and-privacy"],
    )
    narrate = asker.ask(
        title="Tips for narrating a screen recording for training",
        body="I am narrating a screen recording and my voice sounds flat.",
        tags=["onboarding"],
    )
    laptop = helper.ask(
        title="Which laptop dock works with the new monitors?",
        body="Our new monitors flicker with the old dock in the office.",
        tags=["tools-and-systems"],
    )
    sync()
    return {"reset": reset, "narrate": narrate, "laptop": laptop, "asker": asker, "helper": helper}


def ids(response):
    return [item["id"] for item in response.get_json()["items"]]


def test_typos_are_tolerated(threads, anon):
    response = anon.get("/search", q="pasword resett")
    assert response.status_code == 200
    assert ids(response)[0] == threads["reset"]["id"]
    assert response.get_json()["meta"]["degraded"] is False


def test_the_last_word_matches_as_a_prefix(threads, anon):
    assert ids(anon.get("/search", q="narr")) == [threads["narrate"]["id"]]


def test_hits_are_highlighted_and_shaped_for_the_page(threads, anon):
    item = anon.get("/search", q="password").get_json()["items"][0]
    assert "<mark>password</mark>" in item["title_highlighted"]
    assert "<mark>" in item["snippet_highlighted"]
    assert item["url"] == f"/questions/{threads['reset']['id']}"
    assert item["tags"] == ["security-and-privacy"]
    assert {"status", "score", "answer_count", "accepted_answer_snippet"} <= set(item)


def test_tag_and_status_filters(threads, anon, sync):
    a = threads["helper"].answer(threads["reset"]["id"], "Ask the service desk for a fresh reset link today.")
    threads["asker"].accept(a["id"])
    sync()
    assert ids(anon.get("/search", q="monitors", tag="tools-and-systems")) == [threads["laptop"]["id"]]
    assert ids(anon.get("/search", q="monitors", tag="onboarding")) == []
    assert ids(anon.get("/search", q="password", status="resolved")) == [threads["reset"]["id"]]
    assert ids(anon.get("/search", q="password", status="open")) == []
    resolved = anon.get("/search", q="password").get_json()["items"][0]
    assert "service desk" in resolved["accepted_answer_snippet"]


def test_a_tag_in_square_brackets_filters_as_the_tag_parameter_does(threads, anon, moderator):
    assert ids(anon.get("/search", q="[tools-and-systems] monitors")) == [threads["laptop"]["id"]]
    assert ids(anon.get("/search", q="monitors [onboarding]")) == []
    # Its words are not searched for; a synonym names its main tag; the case does not matter.
    moderator.put("/tags/tools-and-systems/synonyms/kit")
    hits = anon.get("/search", q="[KIT] monitors").get_json()
    assert [item["id"] for item in hits["items"]] == [threads["laptop"]["id"]]
    assert "<mark>" not in hits["items"][0]["title_highlighted"].replace("<mark>monitors</mark>", "")
    # Brackets inside a word are the word's ("list[0]"), not a tag.
    assert anon.get("/search", q="dock[0]").status_code == 200
    assert anon.get("/search", q="[onboarding] narr", tag="onboarding").get_json()["meta"]["total"] == 1


def test_facets_count_tags_and_statuses(threads, anon):
    facets = anon.get("/search", q="the", status="all").get_json()["facets"]
    assert set(facets) == {"tags", "status", "kind"}
    all_hits = anon.get("/search", q="monitors password", status="all").get_json()
    assert sum(all_hits["facets"]["status"].values()) == all_hits["meta"]["total"]
    assert all_hits["facets"]["kind"] == {"thread": all_hits["meta"]["total"]}


def test_resolved_threads_rank_first_among_equally_relevant_ones(people, anon, sync):
    asker, helper = people.member(), people.member()
    first = asker.ask(title="Printer on floor two jams every morning", tags=["tools-and-systems"])
    second = asker.ask(title="Printer on floor two jams every morning again", tags=["tools-and-systems"])
    asker.accept(helper.answer(second["id"])["id"])
    sync()
    assert ids(anon.get("/search", q="printer jams"))[:2] == [second["id"], first["id"]]


def test_an_empty_query_lists_the_newest_resolved_threads(people, anon, sync):
    asker, helper = people.member(), people.member()
    older, newer, still_open = asker.ask(), asker.ask(), asker.ask()
    for q in (older, newer):
        asker.accept(helper.answer(q["id"])["id"])
    sync()
    assert ids(anon.get("/search")) == [newer["id"], older["id"]]
    assert still_open["id"] in ids(anon.get("/search", status="open"))


def test_highlights_escape_user_content(people, anon, sync):
    asker = people.member()
    hostile = asker.ask(title='Why does <script>alert("x")</script> show in my report?')
    sync()
    item = anon.get("/search", q="script report").get_json()["items"][0]
    assert item["id"] == hostile["id"]
    assert "<script" not in item["title_highlighted"]
    assert "&lt;" in item["title_highlighted"] and "<mark>" in item["title_highlighted"]
    assert item["title"] == hostile["title"]


def test_sorting_by_votes_and_newest(people, anon, sync):
    asker, voter = people.member(), people.member()
    low = asker.ask(title="Where are the expense forms kept now?")
    high = asker.ask(title="Where are the holiday forms kept now?")
    voter.vote("questions", low["id"], 1)
    voter.vote("questions", high["id"], 1)
    people.member().vote("questions", high["id"], 1)
    sync()
    assert ids(anon.get("/search", q="forms", sort="votes")) == [high["id"], low["id"]]
    assert ids(anon.get("/search", q="forms", sort="newest")) == [high["id"], low["id"]]
    voter.vote("questions", high["id"], -1)
    people.member().vote("questions", low["id"], 1)
    sync()
    assert ids(anon.get("/search", q="forms", sort="votes")) == [low["id"], high["id"]]


def test_search_arguments_are_validated(anon):
    assert anon.get("/search", status="bogus").status_code == 422
    assert anon.get("/search", sort="random").status_code == 422
    assert anon.get("/search", per_page=101).status_code == 422
    assert anon.get("/search", q="x" * 201).status_code == 422
