"""The outbox keeps the index in step: nothing is lost while Meilisearch is down, deletions
and anonymity reach the index, and a reindex swaps a fresh index in while search answers."""

import threading

import pytest

from search.server import start
from search.sync import LIVE_INDEX
from tests.search.conftest import MASTER_KEY


def ids(response):
    return [item["id"] for item in response.get_json()["items"]]


def test_deleted_threads_leave_the_index(member, anon, sync, engine):
    q = member.ask(title="Where do I find the travel policy document?")
    sync()
    assert ids(anon.get("/search", q="travel policy")) == [q["id"]]
    member.delete(f"/questions/{q['id']}")
    sync()
    assert engine.get_document(LIVE_INDEX, q["id"]) is None
    assert ids(anon.get("/search", q="travel policy")) == []


def test_anonymous_askers_are_not_in_the_index(people, sync, engine):
    asker = people.member("Quiet Person")
    q = asker.ask(title="Is it normal to feel lost in my first month?", anonymous=True)
    named = asker.ask(title="Who approves my training budget request?")
    sync()
    document = engine.get_document(LIVE_INDEX, q["id"])
    assert document["author_id"] is None and document["author_name"] is None
    assert "Quiet Person" not in str(document)
    assert engine.get_document(LIVE_INDEX, named["id"])["author_name"] == "Quiet Person"


def test_answers_votes_and_acceptance_reach_the_document(people, sync, engine):
    asker, helper, voter = people.member(), people.member(), people.member()
    q = asker.ask(title="How do I export the quarterly report as PDF?")
    a = helper.answer(q["id"], "Use File, then Export, then choose the PDF option at the bottom.")
    voter.vote("questions", q["id"], 1)
    asker.accept(a["id"])
    sync()
    document = engine.get_document(LIVE_INDEX, q["id"])
    assert document["status"] == "resolved" and document["resolved"] == 1
    assert document["score"] == 1 and document["answer_count"] == 1
    assert "Export" in document["accepted_answer"]


def test_writes_made_while_meilisearch_is_down_are_synced_when_it_returns(
    app, member, anon, meili_binary, tmp_path, index_prefix
):
    server = start(meili_binary, tmp_path / "meili", MASTER_KEY)
    app.config.update(MEILI_URL=server.url)
    from backend.indexing import engine as engine_module

    engine_module.init_app(app)
    runner = app.test_cli_runner()
    try:
        server.stop()
        q = member.ask(title="Why is the VPN slow from the branch office?")
        assert q["id"]  # the write succeeded while search is down
        failed = runner.invoke(args=["search", "sync"])
        assert failed.exit_code != 0
        status = runner.invoke(args=["search", "status"]).output
        assert "backlog: 1 pending (1 retrying)" in status
        assert "unreachable" in status or "unavailable" in status
        assert anon.get("/search", q="VPN").get_json()["meta"]["degraded"] is True

        server = start(meili_binary, tmp_path / "meili", MASTER_KEY, port=int(server.url.rsplit(":", 1)[1]))
        with app.app_context():
            from sqlalchemy import update

            from backend.extensions import db
            from backend.models import SearchOutbox

            # Skip the back-off the failure scheduled, as time passing would.
            db.session.execute(update(SearchOutbox).values(available_at=SearchOutbox.created_at))
            db.session.commit()
        assert runner.invoke(args=["search", "sync"]).exit_code == 0
        found = anon.get("/search", q="VPN branch").get_json()
        assert found["meta"]["degraded"] is False
        assert [item["id"] for item in found["items"]] == [q["id"]]
        assert "backlog: 0 pending" in runner.invoke(args=["search", "status"]).output
    finally:
        server.stop()


def test_reindex_swaps_a_fresh_index_in_while_search_keeps_answering(app, people, anon, sync, engine):
    asker = people.member()
    questions = [asker.ask(title=f"Onboarding checklist item number {n} explained") for n in range(30)]
    sync()
    engine.delete_documents(LIVE_INDEX, [q["id"] for q in questions[:10]])  # the index drifted
    statuses: list[tuple[int, bool]] = []
    stop = threading.Event()

    def keep_searching():
        client = app.test_client()
        while not stop.is_set():
            response = client.get("/api/v1/search", query_string={"q": "onboarding checklist"})
            statuses.append((response.status_code, response.get_json()["meta"]["degraded"]))

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        result = app.test_cli_runner().invoke(args=["search", "reindex"])
    finally:
        stop.set()
        searcher.join()
    assert result.exit_code == 0, result.output
    assert "reindexed 30 threads" in result.output
    assert statuses and all(status == (200, False) for status in statuses)
    assert anon.get("/search", q="onboarding checklist", per_page=50).get_json()["meta"]["total"] == 30
    assert not engine.index_exists("threads_rebuild")


def test_changes_pending_during_a_reindex_are_not_lost(app, member, sync, engine):
    member.ask(title="Printer setup for the new office floor")
    sync()
    later = member.ask(title="Coffee machine descaling schedule please")
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    sync()
    assert engine.get_document(LIVE_INDEX, later["id"]) is not None


@pytest.mark.parametrize("path", ["/search", "/references"])
def test_degraded_mode_answers_from_the_database(app, people, anon, path):
    app.config.update(MEILI_URL="http://127.0.0.1:9")  # nothing listens there
    from backend.indexing import engine as engine_module

    engine_module.init_app(app)
    asker, helper = people.member(), people.member()
    q = asker.ask(title="How do I claim mileage for client visits?", tags=["ways-of-working"])
    asker.accept(helper.answer(q["id"], "Use the mileage form in the expenses tool, monthly.")["id"])
    response = anon.get(path, q="mileage")
    assert response.status_code == 200
    body = response.get_json()
    assert body["meta"]["degraded"] is True
    assert [item["id"] for item in body["items"]] == [q["id"]]
    assert anon.get(path, q="%").get_json()["items"] == []  # wildcards are matched literally
    if path == "/search":
        assert "<mark>mileage</mark>" in body["items"][0]["title_highlighted"].lower()
    assert anon.get("/questions/similar", title="claim mileage for visits").get_json() == {"items": []}
