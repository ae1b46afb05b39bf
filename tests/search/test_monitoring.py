"""Probes and metrics, against the real parts: /readyz with a Meilisearch this test stops and
starts again, /metrics read as Prometheus reads it, after real requests, a real search
fallback, a real search sync and real mail sent to (and refused by) a real SMTP server."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from backend.mail import sending
from search.server import MeiliServer, free_port, start
from tests.app_server import start_gunicorn
from tests.conftest import TEST_CONFIG
from tests.mail_server import MailServer
from tests.people import People


@pytest.fixture
def own_meili(meili_binary: Path, tmp_path: Path) -> Iterator[MeiliServer]:
    """A Meilisearch of this test's own, to stop and start again."""
    server = start(meili_binary, tmp_path / "own-meili", "own-meili-key-" + "k" * 16)
    yield server
    server.stop()


@pytest.fixture
def app_config(own_meili: MeiliServer, index_prefix: str, smtp: MailServer) -> dict:
    return {
        "MEILI_URL": own_meili.url,
        "MEILI_MASTER_KEY": own_meili.master_key,
        "MEILI_INDEX_PREFIX": index_prefix,
        "SMTP_URL": smtp.url,
        "SEARCH_TIMEOUT": 1.0,
    }


def samples(app: Flask, **environ: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """/metrics, parsed as Prometheus parses it: (sample name, labels) -> value."""
    response = app.test_client().get("/metrics", environ_base=environ)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/plain"
    return parsed(response.get_data(as_text=True))


def parsed(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_healthz_answers_without_asking_anything(app: Flask, own_meili: MeiliServer) -> None:
    own_meili.stop()
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "alive"}


def test_readyz_names_meilisearch_when_it_stops_and_recovers_when_it_is_back(
    app: Flask, own_meili: MeiliServer, meili_binary: Path, sync
) -> None:
    client = app.test_client()
    sync()  # builds the live index
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()
    body = ready.get_json()
    assert body["status"] == "ready" and body["down"] == []
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["search"]["status"] == "ok"

    own_meili.stop()
    down = client.get("/readyz")
    assert down.status_code == 503
    body = down.get_json()
    assert body["status"] == "not ready" and body["down"] == ["search"]
    assert own_meili.url in body["checks"]["search"]["detail"]
    assert body["checks"]["database"]["status"] == "ok"

    again = start(meili_binary, own_meili.data_dir, own_meili.master_key, port=own_meili.port)
    try:
        back = client.get("/readyz")
        assert back.status_code == 200, back.get_json()
        assert back.get_json()["checks"]["search"]["status"] == "ok"
    finally:
        again.stop()


def test_readyz_reports_an_index_not_built_yet_as_degraded_not_down(app: Flask) -> None:
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    search = response.get_json()["checks"]["search"]
    assert search["status"] == "degraded" and "reindex" in search["detail"]


def test_metrics_count_requests_by_endpoint_and_status(app: Flask, people: People) -> None:
    before = samples(app)
    member = people.member()
    question = member.ask(title="Where is the badge printer on the third floor?")
    for _ in range(3):
        assert member.get(f"/questions/{question['id']}").status_code == 200
    assert member.get("/questions/999999").status_code == 404
    after = samples(app)

    def count(endpoint: str, status: str) -> float:
        name = "commonplace_http_request_duration_seconds_count"
        labels = {"endpoint": endpoint, "method": "GET", "status": status}
        return value(after, name, **labels) - value(before, name, **labels)

    assert count("questions.get_question", "200") == 3
    assert count("questions.get_question", "404") == 1
    bucket = value(
        after,
        "commonplace_http_request_duration_seconds_bucket",
        endpoint="questions.get_question",
        method="GET",
        status="200",
        le="+Inf",
    )
    assert bucket >= 3


def test_metrics_show_the_search_backlog_and_its_age_until_the_sync_drains_it(
    app: Flask, people: People, sync
) -> None:
    people.member().ask(title="How do I book the large meeting room for a full day?")
    time.sleep(1.1)
    waiting = samples(app)
    assert value(waiting, "commonplace_outbox_backlog", outbox="search") >= 1
    assert value(waiting, "commonplace_outbox_oldest_age_seconds", outbox="search") >= 1
    sync()
    drained = samples(app)
    assert value(drained, "commonplace_outbox_backlog", outbox="search") == 0
    assert value(drained, "commonplace_outbox_oldest_age_seconds", outbox="search") == 0


def test_metrics_count_searches_the_database_answered(app: Flask, anon, own_meili: MeiliServer) -> None:
    name = "commonplace_search_fallbacks_total"
    before = value(samples(app), name)
    own_meili.stop()
    page = anon.get("/search", q="printer").get_json()
    assert page["meta"]["degraded"] is True
    assert value(samples(app), name) == before + 1


def test_metrics_count_mail_sent_and_refused(app: Flask, people: People, smtp: MailServer) -> None:
    asker, refused, answerer = people.member(), people.member(), people.member()
    smtp.refuse_for_good.add(str(refused.me()["email"]))
    for person in (asker, refused):
        question = person.ask(title="Who signs off the travel budget this quarter?")
        answerer.answer(question["id"], "The unit head signs it off, in the finance tool.")
    with app.app_context():
        done = sending.send_due(sending.current_transport())
    assert done.sent == 1
    found = samples(app)
    assert value(found, "commonplace_mail_messages_total", outcome="sent") == 1
    assert value(found, "commonplace_mail_messages_total", outcome="failed") == 1
    assert value(found, "commonplace_outbox_backlog", outbox="mail") == 0


def test_metrics_are_refused_to_addresses_not_allowed(app: Flask) -> None:
    response = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 403
    assert response.get_json()["code"] == 403
    app.extensions["metrics_networks"] = None  # as with METRICS_ALLOWED_IPS="*"
    assert samples(app, REMOTE_ADDR="203.0.113.9")


def test_a_malformed_allow_list_stops_the_app_at_start(database_url: str) -> None:
    from backend import create_app

    with pytest.raises(RuntimeError, match="METRICS_ALLOWED_IPS"):
        create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "METRICS_ALLOWED_IPS": "10.0.0/33"}
        )


def test_gunicorn_workers_figures_add_up_in_one_scrape(database_url: str, tmp_path: Path) -> None:
    """Two workers answer the requests; whichever answers the scrape reports them all."""
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COMMONPLACE_INSTANCE": str(tmp_path / "instance"),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "SECRET_KEY": "test-secret",
    }
    # Readiness asked elsewhere than /healthz: the scrape must count only the requests below.
    base, server = start_gunicorn(env, "/api/v1/health", workers=2)
    try:
        sent = 0
        with ThreadPoolExecutor(max_workers=8) as pool:
            # At once, so that both workers answer some (an idle one gets them all otherwise).
            while sent < 400 and len(list(metrics_dir.glob("histogram_*.db"))) < 2:
                answers = list(pool.map(lambda _: requests.get(f"{base}/healthz", timeout=10), range(40)))
                assert all(answer.status_code == 200 for answer in answers)
                sent += len(answers)
        assert len(list(metrics_dir.glob("histogram_*.db"))) == 2, "one worker answered everything"
        found = parsed(requests.get(f"{base}/metrics", timeout=5).text)
        labels = {"endpoint": "probes.healthz", "method": "GET", "status": "200"}
        assert value(found, "commonplace_http_request_duration_seconds_count", **labels) == sent
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_unreachable_meilisearch_at_start_is_named(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from backend import create_app
    from tests.conftest import close_app

    closed = f"http://127.0.0.1:{free_port()}"
    with caplog.at_level(logging.WARNING):
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "MEILI_URL": closed})
    close_app(app)
    assert any(
        "MEILI_URL" in record.getMessage() and closed in record.getMessage() for record in caplog.records
    )
