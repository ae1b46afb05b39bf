"""List pages are cached per listing version: every write that changes a list shows at once,
and nobody is served a copy rendered for someone who sees more (or less) than they do."""


def first(client, **query):
    return client.get("/questions", **query).get_json()["items"][0]


def test_writes_show_on_a_cached_page_at_once(people, anon):
    asker, helper, voter = people.member(), people.member(), people.member()
    q = asker.ask(title="Which VPN profile should I use abroad?")
    assert first(anon)["score"] == 0 and first(anon)["score"] == 0  # second read is served from cache
    voter.vote("questions", q["id"], 1)
    assert first(anon)["score"] == 1
    answer = helper.answer(q["id"])
    assert first(anon)["answer_count"] == 1
    asker.accept(answer["id"])
    assert first(anon)["status"] == "resolved"
    asker.patch(f"/questions/{q['id']}", {"title": "Which VPN profile should I use when abroad?"})
    assert first(anon)["title"] == "Which VPN profile should I use when abroad?"
    asker.delete(f"/questions/{q['id']}")
    assert anon.get("/questions").get_json()["items"] == []


def test_the_anonymous_asker_is_never_served_the_public_copy_nor_leaks_into_it(people, anon, moderator):
    asker = people.member("Asker")
    q = asker.ask(anonymous=True)
    assert first(anon)["author"] is None  # public copy cached
    assert first(asker)["author"]["id"] == asker.id
    assert first(moderator)["author"]["id"] == asker.id
    assert first(anon)["author"] is None
    assert first(people.member())["author"] is None
    mine = asker.get("/questions", author=asker.id).get_json()["items"]
    assert [item["id"] for item in mine] == [q["id"]]
    assert anon.get("/questions", author=asker.id).get_json()["items"] == []
    assert [item["id"] for item in asker.get("/questions", author=asker.id).get_json()["items"]] == [q["id"]]


def test_a_cached_page_keeps_its_exact_query(member, anon):
    member.ask(tags=["onboarding"])
    member.ask(tags=["remote-work"])
    assert anon.get("/questions", tag="onboarding").get_json()["meta"]["total"] == 1
    assert anon.get("/questions").get_json()["meta"]["total"] == 2
    assert anon.get("/questions", tag="remote-work").get_json()["meta"]["total"] == 1
    assert anon.get("/questions", per_page=101).status_code == 422
    assert anon.get("/questions", per_page=101).status_code == 422
