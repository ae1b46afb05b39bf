"""A published synthesis is a search document of its own kind: found by search, filtered to
syntheses only (or left out), kept in step when edited, never found as a draft, and never
offered as a similar question."""

from __future__ import annotations

import pytest
from flask import Flask

from backend import weeks
from search.client import SearchEngine
from search.settings import EMBEDDER
from search.sync import LIVE_INDEX
from tests.people import ApiClient, People

TAG = "payroll"


def ids(response) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_json()
    return [(item["kind"], item["id"]) for item in response.get_json()["items"]]


@pytest.fixture
def synthesis(app: Flask, people: People, moderator: ApiClient) -> dict:
    """This week's payroll synthesis, drafted from a resolved thread and ready to edit."""
    asker, helper = people.member(), people.member()
    thread = asker.ask(title="Where do I change my bank details for salary payments?", tags=[TAG])
    asker.accept(helper.answer(thread["id"], "In the HR portal, under Pay, then Bank details.")["id"])
    editor = people.member("Bea Synth")
    assert moderator.put(f"/tags/{TAG}/synthesizers/{editor.id}").status_code == 200
    with app.app_context():
        week = weeks.current()
    result = app.test_cli_runner().invoke(args=["synthesis", "draft", "--tag", TAG, "--week", week])
    assert result.exit_code == 0, result.output
    (item,) = editor.get(f"/tags/{TAG}/syntheses").get_json()["items"]
    learned = "\n\n## What we learned\n\nThe quarterly reconciliation deadline moved to Fridays.\n"
    body = item["body"] + learned
    assert editor.patch(f"/syntheses/{item['id']}", json={"body": body}).status_code == 200
    return {"id": item["id"], "week": week, "editor": editor, "thread": thread, "body": body}


def test_a_draft_is_not_found_and_a_published_synthesis_is(synthesis, anon, sync, engine):
    sync()
    assert ids(anon.get("/search", q="reconciliation")) == []
    assert synthesis["editor"].post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    sync()
    response = anon.get("/search", q="reconciliation")
    assert ids(response) == [("synthesis", synthesis["id"])]
    (hit,) = response.get_json()["items"]
    assert hit["title"] == f"{TAG} weekly synthesis, {synthesis['week']}"
    assert hit["url"] == f"/tags/{TAG}/syntheses#{synthesis['week']}"
    assert hit["tags"] == [TAG] and hit["week"] == synthesis["week"] and hit["status"] is None
    assert "<mark>reconciliation</mark>" in hit["snippet_highlighted"]
    assert response.get_json()["facets"]["kind"] == {"synthesis": 1}
    # Its id never clashes with a thread's: the document carries its own.
    assert engine.get_document(LIVE_INDEX, f"synthesis-{synthesis['id']}")["kind"] == "synthesis"


def test_filtered_to_syntheses_only_or_to_threads_only(synthesis, anon, sync):
    assert synthesis["editor"].post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    sync()
    both = anon.get("/search", q="bank details")
    assert set(ids(both)) == {("thread", synthesis["thread"]["id"]), ("synthesis", synthesis["id"])}
    assert both.get_json()["facets"]["kind"] == {"thread": 1, "synthesis": 1}
    assert ids(anon.get("/search", q="bank details", kind="synthesis")) == [("synthesis", synthesis["id"])]
    thread = ("thread", synthesis["thread"]["id"])
    assert ids(anon.get("/search", q="bank details", kind="thread")) == [thread]
    # With no words, the newest syntheses (and, without the filter, the newest resolved threads).
    assert ids(anon.get("/search", kind="synthesis")) == [("synthesis", synthesis["id"])]
    assert ids(anon.get("/search")) == [("thread", synthesis["thread"]["id"])]
    assert ids(anon.get("/search", q="bank", kind="synthesis", tag="onboarding")) == []
    # A status is a thread's: asking for resolved threads leaves syntheses out.
    assert ids(anon.get("/search", q="bank details", status="resolved")) == [
        ("thread", synthesis["thread"]["id"])
    ]


def test_a_sentence_counts_the_syntheses_it_matches(synthesis, anon, sync):
    assert synthesis["editor"].post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    sync()
    body = anon.get("/search", q="change my bank details for salary").get_json()
    assert [item["kind"] for item in body["items"]] == ["thread"] * len(body["items"])
    assert body["facets"]["kind"].get("synthesis") == 1
    found = anon.get("/search", q="change my bank details for salary", kind="synthesis")
    assert ids(found) == [("synthesis", synthesis["id"])]


def test_an_edit_after_publication_reaches_search(synthesis, anon, sync):
    editor = synthesis["editor"]
    assert editor.post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    body = synthesis["body"].replace("quarterly reconciliation", "annual audit")
    assert editor.patch(f"/syntheses/{synthesis['id']}", json={"body": body}).status_code == 200
    sync()
    assert ids(anon.get("/search", q="reconciliation")) == []
    assert ids(anon.get("/search", q="audit")) == [("synthesis", synthesis["id"])]


def test_similar_questions_never_offer_a_synthesis(synthesis, anon, sync):
    assert synthesis["editor"].post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    sync()
    similar = anon.get("/questions/similar", title="quarterly reconciliation deadline").get_json()
    assert similar == {"items": []}


def test_reindex_brings_syntheses_back(app, synthesis, anon, sync, engine):
    assert synthesis["editor"].post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    engine.delete_index(LIVE_INDEX)
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "reindexed 2 documents" in result.output
    sync()
    assert ids(anon.get("/search", q="reconciliation")) == [("synthesis", synthesis["id"])]


def test_unknown_kind_is_refused_naming_the_field(anon):
    response = anon.get("/search", q="x", kind="draft")
    assert response.status_code == 422
    assert "kind" in response.get_json()["errors"]


def test_the_database_answers_for_both_kinds_while_the_engine_is_down(app, synthesis, anon):
    assert synthesis["editor"].post(f"/syntheses/{synthesis['id']}/publish").status_code == 200
    app.config.update(MEILI_URL="http://127.0.0.1:9")  # nothing listens there
    from backend.indexing import engine as engine_module

    engine_module.init_app(app)
    response = anon.get("/search", q="reconciliation")
    assert response.get_json()["meta"]["degraded"] is True
    assert ids(response) == [("synthesis", synthesis["id"])]
    assert "<mark>reconciliation</mark>" in response.get_json()["items"][0]["snippet_highlighted"].lower()
    assert set(ids(anon.get("/search", q="bank"))) == {
        ("thread", synthesis["thread"]["id"]),
        ("synthesis", synthesis["id"]),
    }
    assert ids(anon.get("/search", q="bank", kind="thread")) == [("thread", synthesis["thread"]["id"])]
    assert ids(anon.get("/search", q=TAG, kind="synthesis")) == [("synthesis", synthesis["id"])]
    assert ids(anon.get("/search", q="bank", status="open")) == []


def test_a_draft_is_not_found_while_the_engine_is_down(app, synthesis, anon):
    app.config.update(MEILI_URL="http://127.0.0.1:9")
    from backend.indexing import engine as engine_module

    engine_module.init_app(app)
    assert ids(anon.get("/search", q="reconciliation")) == []


def test_threads_indexed_before_documents_had_a_kind_are_still_threads(
    engine: SearchEngine, anon, people, sync
):
    """Threads indexed before documents had a kind are still threads to every search."""
    asker = people.member()
    thread = asker.ask(title="Which printer driver works with the new laptops?")
    sync()
    document = engine.get_document(LIVE_INDEX, thread["id"])
    assert document is not None
    del document["kind"]
    document["_vectors"] = {EMBEDDER: None}
    engine.put_documents(LIVE_INDEX, [document])
    assert ids(anon.get("/search", q="printer driver", kind="thread")) == [("thread", thread["id"])]
    assert anon.get("/search", q="printer").get_json()["facets"]["kind"] == {"thread": 1}
