"""The read lane (backend/read_lane.py) answers a thread or a list page exactly as Flask's path
would, and leaves to Flask every request it cannot answer so.

Two apps serve one database, as two workers would: one with the lane, one without
(READ_LANE=0). Each request is sent to both with the same cookies, and the two answers must
be the same to the byte: status, every header in order, body. Whether the lane took the
request is checked too, so that a case meant for it cannot pass by falling through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update

from backend import create_app, read_lane
from backend.extensions import db
from backend.models import User
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient, People

# Views in batches, as served: with each view written in its own request the lane leaves
# threads to Flask.
BATCHED = {"VIEW_FLUSH_SECONDS": 3600}


@pytest.fixture
def app_config() -> dict:
    return BATCHED


@pytest.fixture
def flask_app(app: Flask, database_url: str) -> Iterator[Flask]:
    other = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **BATCHED, "READ_LANE": False}
    )
    yield other
    close_app(other)


class Both:
    """Sends each request to the app with the lane and to the app without it."""

    def __init__(self, lane_app: Flask, flask_app: Flask) -> None:
        self.lane_app, self.flask_app = lane_app, flask_app
        assert read_lane.is_open(lane_app) and not read_lane.is_open(flask_app)

    def get(self, path: str, reader: ApiClient | None = None, **headers: str) -> tuple[Any, bool]:
        """The answer (the same from both) and whether the lane gave it."""
        if reader is not None:
            headers.setdefault("Cookie", cookies_of(reader))
        before = read_lane.answered(self.lane_app)
        laned = self.lane_app.test_client(use_cookies=False).get("/api/v1" + path, headers=headers)
        taken = read_lane.answered(self.lane_app) - before
        plain = self.flask_app.test_client(use_cookies=False).get("/api/v1" + path, headers=headers)
        assert read_lane.answered(self.flask_app) == 0
        assert (laned.status, _headers(laned), laned.data) == (plain.status, _headers(plain), plain.data)
        assert taken in (0, 1)
        return laned, bool(taken)


def _headers(response: Any) -> list[tuple[str, str]]:
    """The headers, a written session cookie's value cut to its content: two apps writing the
    same session a second apart sign different timestamps."""
    return [
        (name, re.sub(r"^(commonplace_session=[^;]*)\.[^.;]*\.[^.;]*;", r"\1;", value))
        if name == "Set-Cookie"
        else (name, value)
        for name, value in response.headers
    ]


def cookies_of(person: ApiClient) -> str:
    return "; ".join(
        f"{name}={cookie.value}"
        for name in ("commonplace_session", "commonplace_viewed", "remember_token")
        if (cookie := person.client.get_cookie(name)) is not None
    )


@pytest.fixture
def both(app: Flask, flask_app: Flask) -> Both:
    return Both(app, flask_app)


@pytest.fixture
def thread(people: People) -> dict[str, Any]:
    asker = people.member("Asker")
    question = asker.ask(title="How do I rotate the staging deploy key?")
    helper = people.member("Helper")
    answer = helper.answer(question["id"], "Run the rotate task, then restart the runners.")
    helper.post(f"/questions/{question['id']}/comments", {"body": "The runbook has the task name."})
    return {"question": question, "asker": asker, "helper": helper, "answer": answer}


def test_signed_out_readers_get_the_thread_from_the_lane(both, thread):
    qid = thread["question"]["id"]
    response, taken = both.get(f"/questions/{qid}")
    assert taken and response.status_code == 200
    body = response.get_json()
    assert body["title"] == "How do I rotate the staging deploy key?" and body["my_vote"] is None
    # Each app counted the view (in its worker's batch) and set the same cookie.
    assert response.headers["Set-Cookie"].startswith(f"commonplace_viewed={qid};")
    assert body["view_count"] == 1
    again, taken = both.get(f"/questions/{qid}", Cookie=f"commonplace_viewed={qid}")
    assert taken and again.get_json()["view_count"] == 1 and "Set-Cookie" not in again.headers
    # A session cookie that does not open (forged, or signed with an old key) is no session.
    forged, taken = both.get(
        f"/questions/{qid}", Cookie=f"commonplace_session=forged; commonplace_viewed={qid}"
    )
    assert taken and forged.get_json()["my_vote"] is None


def test_members_get_the_thread_with_their_own_parts(both, thread, people):
    qid, answer = thread["question"]["id"], thread["answer"]
    reader = people.member("Reader")
    response, taken = both.get(f"/questions/{qid}", reader)
    assert taken and response.get_json()["my_vote"] == 0  # a member's "no", not signed out's null

    assert reader.vote("answers", answer["id"], 1).status_code == 200
    response, taken = both.get(f"/questions/{qid}", reader)
    assert taken
    assert [a["my_vote"] for a in response.get_json()["answers"]] == [1]

    # The answer's author: their own answer is theirs to edit.
    response, taken = both.get(f"/questions/{qid}", thread["helper"])
    assert taken
    assert [a["can_edit"] for a in response.get_json()["answers"]] == [True]


def test_the_asker_moderators_and_hidden_authors_go_through_flask(both, thread, people, moderator):
    qid = thread["question"]["id"]
    response, taken = both.get(f"/questions/{qid}", thread["asker"])
    assert not taken and response.get_json()["can_edit"] is True
    response, taken = both.get(f"/questions/{qid}", moderator)
    assert not taken and response.status_code == 200
    writer = people.member("Hidden writer")
    hidden = writer.answer(qid, "A reply the moderators will hide for being off topic.")
    assert moderator.post(f"/answers/{hidden['id']}/hide", {"reason": "Off topic."}).status_code == 200
    response, taken = both.get(f"/questions/{qid}", writer)
    assert not taken and hidden["id"] in [a["id"] for a in response.get_json()["answers"]]
    response, taken = both.get(f"/questions/{qid}", people.member("Bystander"))
    assert taken and hidden["id"] not in [a["id"] for a in response.get_json()["answers"]]


def test_missing_hidden_and_odd_addresses_go_through_flask(both, thread, moderator, anon):
    qid = thread["question"]["id"]
    for path in (
        "/questions/999999",
        "/questions/0",
        f"/questions/0{qid}",
        "/questions/99999999999999999999",
    ):
        response, taken = both.get(path)
        assert not taken and response.status_code in (200, 404), path
    assert moderator.post(f"/questions/{qid}/hide", {"reason": "Spam."}).status_code == 200
    response, taken = both.get(f"/questions/{qid}")
    assert not taken and response.status_code == 404
    # A query string Flask refuses (text that cannot be stored) is refused the same way.
    response, taken = both.get("/questions?sort=newest&tag=a%00b")
    assert not taken and response.status_code == 422


def test_sessions_that_change_or_other_ways_in_go_through_flask(both, thread, people, app, flask_app):
    qid = thread["question"]["id"]
    reader = people.member("Careful reader")
    # From another browser: Flask-Login marks the session not fresh, which writes the cookie.
    response, taken = both.get(f"/questions/{qid}", reader, **{"User-Agent": "Another browser/1.0"})
    assert not taken and response.status_code == 200
    # Presence not yet counted this week: Flask counts it and writes the session.
    with reader.client.session_transaction() as session:
        session.pop("seen_week", None)
    before = read_lane.answered(app)
    for either in (app, flask_app):  # both, so that each has counted the same views
        noted = either.test_client(use_cookies=False).get(
            f"/api/v1/questions/{qid}", headers={"Cookie": cookies_of(reader)}
        )
        assert noted.status_code == 200
        assert "commonplace_session=" in str(noted.headers.getlist("Set-Cookie"))
    assert read_lane.answered(app) == before
    # A remember-me cookie without a session, and a token: Flask signs them in.
    _, taken = both.get(f"/questions/{qid}", Cookie="remember_token=1|abc")
    assert not taken
    made = reader.post("/me/tokens", {"name": "script", "scopes": ["read"]}).get_json()
    response, taken = both.get(f"/questions/{qid}", Authorization=f"Bearer {made['token']}")
    assert not taken and response.get_json()["my_vote"] == 0


def written_session(response: Any) -> str:
    """The session cookie a response wrote, as the browser sends it back."""
    found = re.search(r"commonplace_session=([^;]+);", str(response.headers.getlist("Set-Cookie")))
    assert found is not None, response.headers
    return f"commonplace_session={found.group(1)}"


def test_sessions_once_marked_not_fresh_read_through_the_lane(both, thread, people, app):
    qid = thread["question"]["id"]
    other_browser = {"User-Agent": "Another browser/1.0"}
    reader = people.member("Travelling reader")
    first, taken = both.get(f"/questions/{qid}", reader, **other_browser)
    assert not taken  # Flask-Login marks the session not fresh, once
    again, taken = both.get(f"/questions/{qid}", Cookie=written_session(first), **other_browser)
    assert taken and again.get_json()["my_vote"] == 0 and "commonplace_session=" not in str(again.headers)
    # A signed-out visitor whose session holds only the CSRF token the page asked for (marked
    # not fresh when it was made).
    visitor = ApiClient(app)
    assert visitor.csrf
    response, taken = both.get(f"/questions/{qid}", visitor)
    assert taken and response.get_json()["my_vote"] is None
    assert "commonplace_session=" not in str(response.headers)


def test_suspended_members_read_through_the_lane(both, thread, people, moderator):
    qid = thread["question"]["id"]
    person = people.member("Suspended reader")
    assert moderator.post(f"/users/{person.id}/suspension", {"days": 3, "reason": "Rude."}).status_code == 200
    response, taken = both.get(f"/questions/{qid}", person)
    assert taken and response.status_code == 200


def test_a_session_ended_elsewhere_is_not_served(both, thread, people, app):
    qid = thread["question"]["id"]
    reader = people.member("Signed out elsewhere")
    assert both.get(f"/questions/{qid}", reader)[1]
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == reader.id).values(session_epoch=User.session_epoch + 1)
        )
        db.session.commit()
    response, taken = both.get(f"/questions/{qid}", reader)
    assert not taken and response.get_json()["my_vote"] is None  # read as signed out


def test_list_pages_come_from_the_lane_once_cached(both, thread, people):
    reader = people.member("List reader")
    for query in ("", "?sort=votes", "?sort=newest&page=1&per_page=5", "?tag=tools-and-systems"):
        for who in (None, reader):
            first, _ = both.get(f"/questions{query}", who)
            second, taken = both.get(f"/questions{query}", who)
            assert taken, (query, who)
            assert second.data == first.data and json.loads(second.data)["items"]
    # The "for you" feed and one's own list are theirs alone: Flask renders them.
    for query in ("?feed=for-you", f"?author={reader.id}"):
        both.get(f"/questions{query}", reader)
        assert not both.get(f"/questions{query}", reader)[1]


def test_anonymous_askers_get_their_own_list_pages(both, people):
    asker = people.member("Shy asker")
    asker.ask(title="Is it fine to ask who approves overtime?", anonymous=True)
    both.get("/questions")
    assert both.get("/questions")[1]
    mine, taken = both.get("/questions", asker)
    assert not taken and mine.get_json()["items"][0]["author"]["id"] == asker.id


def test_private_sites_send_signed_out_readers_to_flask(both, thread, admin, people):
    assert admin.patch("/admin/settings", {"REQUIRE_SIGN_IN": True}).status_code == 200
    qid = thread["question"]["id"]
    response, taken = both.get(f"/questions/{qid}")
    assert not taken and response.status_code == 401
    assert both.get(f"/questions/{qid}", people.member("Insider"))[1]


def test_the_lane_is_measured_as_the_thread_endpoint(both, thread, app):
    def served() -> float:
        text = app.test_client().get("/metrics").get_data(as_text=True)
        prefix = (
            "commonplace_http_request_duration_seconds_count"
            '{endpoint="questions.get_question",method="GET",status="200"}'
        )
        return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(prefix))

    before = served()
    assert both.get(f"/questions/{thread['question']['id']}")[1]
    assert served() == before + 2  # one answer from each app (this process has one registry)


def test_a_hook_the_lane_does_not_know_keeps_it_closed(database_url):
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **BATCHED})
    try:
        assert read_lane.is_open(app) and read_lane.unknown_hooks(app) == []

        @app.before_request
        def new_check() -> None:
            return None

        assert read_lane.unknown_hooks(app) == [
            "before_request: tests.backend.test_read_lane.test_a_hook_the_lane_does_not_know_keeps_it_closed"
            ".<locals>.new_check"
        ]
        read_lane.open_if_hooks_known(app)
        assert not read_lane.is_open(app)
    finally:
        close_app(app)


def test_a_member_made_moderator_elsewhere_is_read_as_one_at_once(both, thread, people, app):
    qid = thread["question"]["id"]
    reader = people.member("Soon a moderator")
    assert both.get(f"/questions/{qid}", reader)[1]  # kept by this worker from now on
    with app.app_context():
        db.session.execute(update(User).where(User.id == reader.id).values(role="moderator"))
        db.session.commit()
    response, taken = both.get(f"/questions/{qid}", reader)
    assert not taken and response.get_json()["can_edit"] is True  # moderators edit any post
