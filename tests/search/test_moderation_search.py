"""Hidden content leaves search in the next sync and returns when restored; labelled
answers rank lower."""

from __future__ import annotations

from search.sync import LIVE_INDEX
from tests.backend.moderation_helpers import flag, trusted


def ids(response):
    return [item["id"] for item in response.get_json()["items"]]


def test_a_hidden_question_leaves_search_and_returns_when_restored(
    people, member, moderator, anon, sync, engine
):
    q = member.ask(title="Where do I find the parental leave policy?")
    sync()
    assert ids(anon.get("/search", q="parental leave")) == [q["id"]]
    for person in (trusted(people), trusted(people), trusted(people)):
        flag(person, "questions", q["id"], "spam")
    sync()
    assert engine.get_document(LIVE_INDEX, q["id"]) is None
    assert ids(anon.get("/search", q="parental leave")) == []
    assert moderator.post(f"/questions/{q['id']}/restore", {"reason": "Not spam."}).status_code == 200
    sync()
    assert engine.get_document(LIVE_INDEX, q["id"]) is not None
    assert ids(anon.get("/search", q="parental leave")) == [q["id"]]


def test_a_hidden_answer_leaves_its_threads_document(people, member, moderator, sync, engine):
    q = member.ask(title="How do I claim travel expenses?")
    a = people.member().answer(q["id"], "Use the expenses app and attach every receipt as a photo.")
    member.accept(a["id"])
    sync()
    assert "receipt" in engine.get_document(LIVE_INDEX, q["id"])["accepted_answer"]
    moderator.post(f"/answers/{a['id']}/hide", {"reason": "Links to a phishing site."})
    sync()
    document = engine.get_document(LIVE_INDEX, q["id"])
    assert document["accepted_answer"] is None and document["answers"] == []


def test_hidden_threads_are_not_found_when_search_is_degraded(app, people, member, moderator, anon):
    app.config["MEILI_URL"] = "http://127.0.0.1:9"
    from backend.indexing import engine as engine_module

    engine_module.init_app(app)
    q = member.ask(title="Where do I find the parental leave policy?")
    moderator.post(f"/questions/{q['id']}/hide", {"reason": "Duplicate content."})
    body = anon.get("/search", q="parental").get_json()
    assert body["meta"]["degraded"] is True and body["items"] == []


def test_a_labelled_answer_ranks_its_thread_lower(people, moderator, anon, sync, engine):
    asker, helper = people.member(), people.member()
    threads = []
    for title in ("How do I reset my badge PIN?", "How do I reset my badge PIN code?"):
        q = asker.ask(title=title)
        a = helper.answer(q["id"], "Go to the security desk with your ID and ask for a PIN reset.")
        asker.accept(a["id"])
        threads.append((q, a))
    (first, first_answer), (second, _) = threads
    sync()
    moderator.put(
        f"/answers/{first_answer['id']}/label", {"label": "outdated", "note": "PINs are reset online now."}
    )
    sync()
    assert engine.get_document(LIVE_INDEX, first["id"])["labelled"] == 1
    assert engine.get_document(LIVE_INDEX, second["id"])["labelled"] == 0
    found = ids(anon.get("/search", q="reset badge PIN"))
    assert found.index(second["id"]) < found.index(first["id"])


def test_a_question_held_for_approval_is_searchable_only_once_approved(
    app, people, moderator, anon, sync, engine
):
    app.config["PREMODERATION"] = True
    q = people.member().ask(title="Where do I find the parental leave policy?")
    sync()
    assert engine.get_document(LIVE_INDEX, q["id"]) is None
    assert ids(anon.get("/search", q="parental leave")) == []
    assert moderator.post(f"/questions/{q['id']}/restore", {}).status_code == 200
    sync()
    assert ids(anon.get("/search", q="parental leave")) == [q["id"]]
