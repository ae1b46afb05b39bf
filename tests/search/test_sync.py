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
    assert "reindexed 30 documents" in result.output
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
    # A sentence, matched by meaning when Meilisearch is there, is matched by its words here.
    sentence = anon.get(path, q="claim mileage client").get_json()
    assert sentence["meta"]["degraded"] is True
    assert [item["id"] for item in sentence["items"]] == [q["id"]]
    if path == "/search":
        assert "<mark>mileage</mark>" in body["items"][0]["title_highlighted"].lower()
    assert anon.get("/questions/similar", title="claim mileage for visits").get_json() == {"items": []}


def test_a_backlog_drains_seconds_after_meilisearch_answers_again(app, member, anon, meili_binary, tmp_path):
    """The worker releases rows waiting out a long back-off as soon as the engine is healthy,
    instead of leaving them until the back-off ends (up to 5 minutes)."""
    import time
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from backend.extensions import db
    from backend.indexing import engine as engine_module
    from backend.indexing.store import SqlOutboxStore
    from backend.models import SearchOutbox, utcnow
    from search.client import SearchEngine
    from search.sync import Worker, prepare_index

    server = start(meili_binary, tmp_path / "meili", MASTER_KEY)
    port = int(server.url.rsplit(":", 1)[1])
    app.config.update(MEILI_URL=server.url)
    engine_module.init_app(app)
    engine = SearchEngine(server.url, MASTER_KEY, app.config["MEILI_INDEX_PREFIX"])
    worker = Worker(SqlOutboxStore(), engine, utcnow, on_start=lambda: prepare_index(engine))

    def work():
        with app.app_context():
            worker.run()

    def outbox(*where):
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(SearchOutbox).where(*where))

    running = threading.Thread(target=work, daemon=True)
    running.start()
    try:
        server.stop()
        questions = [member.ask(title=f"Which printer takes A3 paper on floor {n}?") for n in range(3)]
        deadline = time.monotonic() + 10
        while outbox(SearchOutbox.attempts > 0) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        with app.app_context():  # as a long outage leaves them: minutes of back-off to go
            db.session.execute(
                update(SearchOutbox).values(attempts=9, available_at=utcnow() + timedelta(minutes=5))
            )
            db.session.commit()

        server = start(meili_binary, tmp_path / "meili", MASTER_KEY, port=port)
        back = time.monotonic()
        while outbox(SearchOutbox.processed_at.is_(None)) and time.monotonic() - back < 10:
            time.sleep(0.1)
        assert outbox(SearchOutbox.processed_at.is_(None)) == 0, "the backlog waited out its back-off"
        found = anon.get("/search", q="printer A3 paper").get_json()
        assert found["meta"]["degraded"] is False
        assert sorted(item["id"] for item in found["items"]) == sorted(q["id"] for q in questions)
    finally:
        worker.stop.set()
        running.join(10)
        server.stop()
