"""Threads are stored as signed-out readers see them, in the transaction of every write that
changes them: a worker that has never read a thread serves it from one stored row, and what it
serves is exactly what rendering the thread from the database gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, insert, select, update

from backend import create_app
from backend.extensions import db
from backend.models import RenderedThread, User
from backend.questions import services
from backend.questions.rendered_threads import FORMAT, pack, unpack
from backend.questions.schemas import THREAD_SCHEMA
from tests.backend.test_member_cache import on
from tests.backend.test_thread_cache import selects
from tests.conftest import TEST_CONFIG, close_app
from tests.people import ApiClient


@contextmanager
def another_worker(app: Flask) -> Iterator[Flask]:
    """A second app on the same database: a worker that has cached nothing."""
    worker = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    try:
        yield worker
    finally:
        close_app(worker)


def without_views(thread: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in thread.items() if key != "view_count"}


def stored_read(app: Flask, question_id: int) -> dict[str, Any]:
    """A new worker's first read of the thread: its stored row, and nothing through SQLAlchemy."""
    with another_worker(app) as worker:
        # Its site settings (read by every request, at most once a second) are loaded already.
        assert ApiClient(worker).get("/auth/options").status_code == 200
        with selects(worker) as run:
            response = ApiClient(worker).get(f"/questions/{question_id}")
    assert response.status_code == 200, response.get_json()
    assert run == [], "the thread was rendered from the database, not read from its stored row"
    return without_views(response.get_json())


def rendered_read(app: Flask, question_id: int) -> dict[str, Any]:
    """The thread rendered from the database: its stored rendering is set aside meanwhile."""
    table = RenderedThread.__table__
    with app.app_context():
        kept = db.session.execute(select(table).where(table.c.question_id == question_id)).mappings().all()
        db.session.execute(delete(table).where(table.c.question_id == question_id))
        db.session.commit()
    with another_worker(app) as worker:
        response = ApiClient(worker).get(f"/questions/{question_id}")
    with app.app_context():
        if kept:
            db.session.execute(insert(table), [dict(row) for row in kept])
            db.session.commit()
    assert response.status_code == 200, response.get_json()
    return without_views(response.get_json())


def stored_rows(app: Flask) -> dict[int, int]:
    """question id -> the thread version it was stored at."""
    with app.app_context():
        return dict(
            db.session.execute(select(RenderedThread.question_id, RenderedThread.thread_version)).all()
        )


def test_every_write_to_a_thread_stores_exactly_what_rendering_it_gives(app, people):
    asker, helper, other, voter, moderator = (
        people.member(),
        people.member(),
        people.member(),
        people.member(),
        people.moderator(),
    )
    q = asker.ask(tags=["onboarding", "tools"])
    writes = {
        "answer": lambda: helper.answer(q["id"]),
        "second answer": lambda: other.answer(q["id"], "Restart the agent, then clear its cache folder."),
        "comment on the question": lambda: voter.post(
            f"/questions/{q['id']}/comments", {"body": "Which version do you run?"}
        ),
        "comment on an answer": lambda: asker.post(
            f"/answers/{answers()[0]['id']}/comments", {"body": "That did it, thanks a lot."}
        ),
        "vote on the question": lambda: voter.vote("questions", q["id"], 1),
        "vote on an answer": lambda: voter.vote("answers", answers()[1]["id"], 1),
        "accept": lambda: asker.accept(answers()[1]["id"]),
        "helped": lambda: voter.put(f"/answers/{answers()[0]['id']}/helped"),
        "edit the question": lambda: asker.patch(
            f"/questions/{q['id']}", {"title": "How do I reset the build agent cache?", "tags": ["tools"]}
        ),
        "edit an answer": lambda: helper.patch(
            f"/answers/{by(helper)['id']}", {"body": "Stop the agent first, then delete the cache folder."}
        ),
        "label an answer": lambda: moderator.put(
            f"/answers/{answers()[0]['id']}/label", {"label": "outdated", "note": "The agent changed in v3."}
        ),
        "withdraw the accept": lambda: asker.delete(f"/answers/{answers()[0]['id']}/accept"),
        "hide an answer": lambda: moderator.post(
            f"/answers/{answers()[0]['id']}/hide", {"reason": "Off topic"}
        ),
        "lock": lambda: moderator.post(f"/questions/{q['id']}/lock", {"reason": "Answered in full"}),
        "delete a comment": lambda: voter.delete(f"/comments/{q_comments()[0]['id']}"),
    }

    def answers() -> list[dict[str, Any]]:
        return rendered_read(app, q["id"])["answers"]

    def by(person: ApiClient) -> dict[str, Any]:
        return next(a for a in answers() if a["author"]["id"] == person.id)

    def q_comments() -> list[dict[str, Any]]:
        return rendered_read(app, q["id"])["comments"]

    for name, write in writes.items():
        response = write()
        assert getattr(response, "status_code", 201) < 300, (name, response.get_json())
        stored = stored_read(app, q["id"])
        assert stored == rendered_read(app, q["id"]), name
    assert stored["locked"] is True and len(stored["answers"]) == 1 and stored["comments"] == []


def test_reputations_earned_elsewhere_show_on_a_stored_thread(app, people):
    asker, helper, commenter, voter = people.member(), people.member(), people.member(), people.member()
    q = asker.ask()
    helper.answer(q["id"])
    commenter.post(f"/questions/{q['id']}/comments", {"body": "Which version are you running?"})
    thread = stored_read(app, q["id"])
    assert [thread["author"]["reputation"], thread["answers"][0]["author"]["reputation"]] == [0, 0]
    voter.vote("questions", asker.ask()["id"], 1)
    voter.vote("answers", helper.answer(people.member().ask()["id"])["id"], 1)
    voter.vote("answers", commenter.answer(people.member().ask()["id"])["id"], 1)
    with another_worker(app) as worker:
        thread = ApiClient(worker).get(f"/questions/{q['id']}").get_json()
    assert thread["author"]["reputation"] == 5
    assert thread["answers"][0]["author"]["reputation"] == 10
    assert thread["comments"][0]["author"]["reputation"] == 10


def test_views_are_counted_on_a_stored_thread(app, people):
    q = people.member().ask()
    with another_worker(app) as worker:
        assert [
            ApiClient(worker).get(f"/questions/{q['id']}").get_json()["view_count"] for _ in range(3)
        ] == [
            1,
            2,
            3,
        ]


def test_anonymous_askers_stay_hidden_in_a_stored_thread(app, people):
    asker = people.member("Quiet Asker")
    q = asker.ask(anonymous=True)
    thread = stored_read(app, q["id"])
    assert thread["author"] is None and thread["anonymous"] is True
    with app.app_context():
        document = unpack(db.session.scalar(select(RenderedThread.document)))[0].decode()
    assert "Quiet Asker" not in document and '"author":{' not in document


@pytest.mark.parametrize("removal", ["hide", "delete"])
def test_hidden_and_deleted_threads_have_no_stored_rendering(app, people, removal):
    asker, moderator = people.member(), people.moderator()
    q = asker.ask()
    assert q["id"] in stored_rows(app)
    if removal == "hide":
        response = moderator.post(f"/questions/{q['id']}/hide", {"reason": "Spam"})
    else:
        response = asker.delete(f"/questions/{q['id']}")
    assert response.status_code in (200, 204)
    assert q["id"] not in stored_rows(app)
    with another_worker(app) as worker:
        assert ApiClient(worker).get(f"/questions/{q['id']}").status_code == 404
    if removal == "hide":
        moderator.post(f"/questions/{q['id']}/restore", {})
        assert stored_read(app, q["id"])["title"] == q["title"]


def test_a_failed_write_stores_nothing(app, people):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    before = stored_rows(app)
    assert helper.post(f"/questions/{q['id']}/answers", {"body": "too short"}).status_code == 422
    assert helper.vote("questions", 10**9, 1).status_code == 404
    assert stored_rows(app) == before


def test_a_rendering_in_another_format_or_version_is_not_served(app, people):
    q = people.member().ask()
    with app.app_context():
        db.session.execute(
            update(RenderedThread).values(format="older", document=pack(b'{"title": "stale"}', ()))
        )
        db.session.commit()
    with another_worker(app) as worker, selects(worker) as run:
        assert ApiClient(worker).get(f"/questions/{q['id']}").get_json()["title"] == q["title"]
    assert run != []  # rendered from the database instead
    with app.app_context():
        db.session.execute(update(RenderedThread).values(format=FORMAT, thread_version=-1))
        db.session.commit()
    with another_worker(app) as worker:
        assert ApiClient(worker).get(f"/questions/{q['id']}").get_json()["title"] == q["title"]


def test_the_render_command_stores_what_is_missing_or_stale(app, people):
    asker, moderator = people.member(), people.moderator()
    questions = [asker.ask() for _ in range(5)]
    hidden = asker.ask()
    moderator.post(f"/questions/{hidden['id']}/hide", {"reason": "Spam"})
    with app.app_context():
        db.session.execute(delete(RenderedThread).where(RenderedThread.question_id == questions[0]["id"]))
        db.session.execute(
            update(RenderedThread)
            .where(RenderedThread.question_id == questions[1]["id"])
            .values(format="older")
        )
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["threads", "render", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "2 rendered and stored" in result.output
    assert set(stored_rows(app)) == {q["id"] for q in questions}
    assert stored_read(app, questions[1]["id"])["title"] == questions[1]["title"]
    again = runner.invoke(args=["threads", "render"])
    assert "0 rendered and stored" in again.output


def rendered_for(app: Flask, question_id: int, person: ApiClient) -> dict[str, Any]:
    """The thread rendered from the database for this person (the presenter every read used)."""
    with app.app_context():
        reader = db.session.get(User, person.id)
        return without_views(THREAD_SCHEMA.dump(services.get_thread(question_id, reader)))


def test_members_get_the_stored_thread_with_their_own_votes_and_permissions(app, people):
    asker, anonymous_asker, helper, voter, commenter, bystander, moderator = (
        people.member(),
        people.member(),
        people.member(),
        people.member(),
        people.member(),
        people.member(),
        people.moderator(),
    )
    hidden_commenter = people.member()
    threads = [asker.ask(), anonymous_asker.ask(anonymous=True)]
    for q, own in zip(threads, (asker, anonymous_asker), strict=True):
        first = helper.answer(q["id"])
        second = own.answer(q["id"], "Answering my own question: the cache lives in /var/cache.")
        own.post(f"/answers/{first['id']}/comments", {"body": "Did you restart the agent after?"})
        commenter.post(f"/questions/{q['id']}/comments", {"body": "Which version are you running?"})
        commenter.post(f"/answers/{second['id']}/comments", {"body": "This matches what I saw."})
        hidden = hidden_commenter.post(f"/questions/{q['id']}/comments", {"body": "Buy cheap watches here."})
        moderator.post(f"/comments/{hidden.get_json()['id']}/hide", {"reason": "Spam"})
        voter.vote("questions", q["id"], 1)
        voter.vote("answers", first["id"], -1)
        voter.put(f"/answers/{second['id']}/helped")
    readers = [helper, voter, commenter, bystander, asker, anonymous_asker, moderator, hidden_commenter]
    for q, own in zip(threads, (asker, anonymous_asker), strict=True):
        for reader in readers:
            with selects(app) as run:
                served = reader.get(f"/questions/{q['id']}").get_json()
            assert without_views(served) == rendered_for(app, q["id"], reader), (q["id"], reader.id)
            rendered = any("body_source" in statement for statement in run)
            sees_more = reader in (own, moderator, hidden_commenter)
            assert rendered == sees_more, (q["id"], reader.id)
    mine = voter.get(f"/questions/{threads[1]['id']}").get_json()
    assert mine["my_vote"] == 1 and mine["author"] is None
    assert [a["my_vote"] for a in mine["answers"]] == [0, -1] or [a["my_vote"] for a in mine["answers"]] == [
        -1,
        0,
    ]
    assert sorted(a["helped_by_me"] for a in mine["answers"]) == [False, True]
    answers = helper.get(f"/questions/{threads[0]['id']}").get_json()["answers"]
    assert [a["can_edit"] for a in answers if a["author"]["id"] == helper.id] == [True]
    comments = commenter.get(f"/questions/{threads[0]['id']}").get_json()["comments"]
    assert [c["can_delete"] for c in comments] == [True]
    assert "Buy cheap watches" in str(hidden_commenter.get(f"/questions/{threads[0]['id']}").get_json())


def test_a_member_is_served_right_from_a_rendering_stored_with_misplaced_slots(app, people):
    asker, helper, bystander = people.member(), people.member(), people.member()
    q = asker.ask()
    helper.answer(q["id"])
    helper.post(f"/questions/{q['id']}/comments", {"body": "Which version are you running?"})
    with app.app_context():
        body, found = unpack(db.session.scalar(select(RenderedThread.document)))
        assert len(found) == 3  # the question's vote, the answer's vote and its "helped"
        misplaced = tuple(at + 1 for at in found)
        db.session.execute(update(RenderedThread).values(document=pack(body, misplaced)))
        db.session.commit()
    with another_worker(app) as worker:
        served = on(worker, bystander).get(f"/questions/{q['id']}").get_json()
    assert without_views(served) == rendered_for(app, q["id"], bystander)
    assert served["my_vote"] == 0 and [a["helped_by_me"] for a in served["answers"]] == [False]
