import pytest

from tests.people import PASSWORD


@pytest.fixture
def resolved(people, sync):
    asker, helper = people.member("Asker"), people.member("Helper Hana")
    q = asker.ask(
        title="How do I request access to the shared finance drive?",
        body="I need the Q3 spreadsheets. " + "Some background about the request. " * 20,
        tags=["tools-and-systems", "data-and-reporting"],
    )
    a = helper.answer(q["id"], "Open a ticket in the **service portal** under Access > Drives.")
    asker.accept(a["id"])
    open_q = asker.ask(title="How do I request a second monitor for my desk?")
    sync()
    return {"q": q, "a": a, "open": open_q, "asker": asker, "helper": helper}


def test_references_search_only_resolved_threads(resolved, anon):
    response = anon.get("/references", q="request")
    assert response.status_code == 200
    body = response.get_json()
    assert [card["id"] for card in body["items"]] == [resolved["q"]["id"]]
    assert body["meta"]["degraded"] is False


def test_a_reference_card_condenses_the_thread(resolved, anon):
    card = anon.get(f"/references/{resolved['q']['id']}").get_json()
    assert card["title"] == resolved["q"]["title"]
    assert card["problem"].startswith("I need the Q3 spreadsheets.")
    assert len(card["problem"]) <= 321 and card["problem"].endswith("…")
    assert "<strong>service portal</strong>" in card["answer_html"]
    assert card["answered_by"]["display_name"] == "Helper Hana"
    assert card["tags"] == ["data-and-reporting", "tools-and-systems"]
    assert card["url"] == f"/r/{resolved['q']['id']}"
    assert card["thread_url"] == f"/questions/{resolved['q']['id']}"
    assert card["updated_at"]


def test_unresolved_threads_have_no_reference_card(resolved, anon):
    assert anon.get(f"/references/{resolved['open']['id']}").status_code == 404
    assert anon.get("/references/999999").status_code == 404
    resolved["asker"].delete(f"/answers/{resolved['a']['id']}/accept")
    assert anon.get(f"/references/{resolved['q']['id']}").status_code == 404


def test_references_filter_by_tag(resolved, anon):
    assert anon.get("/references", tag="data-and-reporting").get_json()["meta"]["total"] == 1
    assert anon.get("/references", tag="onboarding").get_json()["items"] == []


def test_similar_questions_while_typing_a_title(resolved, anon):
    response = anon.get("/questions/similar", title="request access to finance drive")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert items[0]["id"] == resolved["q"]["id"]
    assert "<mark>" in items[0]["title_highlighted"]
    assert anon.get("/questions/similar", title="ab").get_json() == {"items": []}
    assert anon.get("/questions/similar").status_code == 422


def test_a_deleted_accounts_name_leaves_search_and_reference_cards(resolved, anon, sync):
    asker, helper = resolved["asker"], resolved["helper"]
    # Reference cards name who answered (search hits name nobody).
    assert "Helper Hana" in anon.get("/references", q="finance drive").get_data(as_text=True)
    assert helper.delete("/me", json={"password": PASSWORD}).status_code == 204
    assert asker.delete("/me", json={"password": PASSWORD}).status_code == 204
    sync()
    for path in ("/search", "/references"):
        response = anon.get(path, q="finance drive")
        assert response.status_code == 200
        assert [item["id"] for item in response.get_json()["items"]] == [resolved["q"]["id"]]
        text = response.get_data(as_text=True)
        assert "Helper Hana" not in text
    card = anon.get(f"/references/{resolved['q']['id']}").get_json()
    assert card["answered_by"]["display_name"] == "former member"
