"""The weekly synthesis: synthesizers, the draft prepared from a week's data, editing,
publishing (followers told, an archive, an Atom feed)."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from flask import Flask
from sqlalchemy import select, update

from backend import weeks
from backend.extensions import db
from backend.models import Answer, ModerationAction, Question, SynthesisRevision, utcnow
from tests.people import ApiClient, People

TAG = "payroll"
ATOM = "{http://www.w3.org/2005/Atom}"


def draft(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["synthesis", "draft", *args])
    assert result.exit_code == 0, result.output
    return result.output


def this_week(app: Flask) -> str:
    with app.app_context():
        return weeks.current()


@pytest.fixture
def week_of_activity(app, people: People):  # type: ignore[no-untyped-def]
    """In the payroll community this week: a resolved thread, an answer marked helped, and a
    question nobody has answered for three days."""
    asker, helper, thankful = (
        people.member("Asa Asker"),
        people.member("Hal Helper"),
        people.member("Tia Thanks"),
    )
    solved = asker.ask(title="Where do I change my bank details for salary payments?", tags=[TAG])
    answer = helper.answer(
        solved["id"], "In the HR portal, under **Pay** > Bank details. It applies next month."
    )
    assert asker.accept(answer["id"]).status_code == 200
    assert thankful.put(f"/answers/{answer['id']}/helped").status_code == 200
    waiting = asker.ask(title="Why is my overtime from October missing from the payslip?", tags=[TAG])
    with app.app_context():
        db.session.execute(
            update(Question)
            .where(Question.id == waiting["id"])
            .values(created_at=utcnow() - timedelta(days=3))
        )
        db.session.commit()
    return {"solved": solved, "answer": answer, "waiting": waiting, "helper": helper, "asker": asker}


def test_moderators_appoint_and_remove_synthesizers(app, people, moderator, member):
    people.member().ask(tags=[TAG])
    bea = people.member("Bea Synth")
    response = moderator.put(f"/tags/{TAG}/synthesizers/{bea.id}")
    assert response.status_code == 200
    assert [p["display_name"] for p in response.get_json()["items"]] == ["Bea Synth"]
    assert ApiClient(app).get(f"/tags/{TAG}/synthesizers").get_json()["items"][0]["id"] == bea.id
    assert member.put(f"/tags/{TAG}/synthesizers/{member.id}").status_code == 403
    assert moderator.put(f"/tags/no-such-tag/synthesizers/{bea.id}").status_code == 404
    assert moderator.put(f"/tags/{TAG}/synthesizers/999999").status_code == 404
    assert moderator.delete(f"/tags/{TAG}/synthesizers/{bea.id}").get_json()["items"] == []
    with app.app_context():
        actions = db.session.scalars(select(ModerationAction.action).order_by(ModerationAction.id)).all()
    assert actions == ["synthesizer-appoint", "synthesizer-remove"]


def test_the_draft_holds_the_solved_thread_the_waiting_question_and_the_thanks(
    app, people, moderator, week_of_activity
):
    bea = people.member("Bea Synth")
    assert moderator.put(f"/tags/{TAG}/synthesizers/{bea.id}").status_code == 200
    week = this_week(app)
    assert draft(app, "--tag", TAG, "--week", week) == f"1 draft for {week}.\n"
    assert draft(app, "--tag", TAG, "--week", week) == f"0 drafts for {week}.\n"  # once per week

    (item,) = bea.get(f"/tags/{TAG}/syntheses").get_json()["items"]
    assert item["status"] == "draft" and item["week"] == week
    body = item["body"]
    solved, waiting = week_of_activity["solved"], week_of_activity["waiting"]
    assert f"[Where do I change my bank details for salary payments?](/r/{solved['id']})" in body
    assert "Solved by Hal Helper: In the HR portal" in body
    assert f"(/questions/{waiting['id']})" in body.split("## Still waiting for help")[1]
    assert "Welcome, Hal Helper" in body
    assert "Hal Helper's answers helped 1 person." in body
    assert "| threads resolved | 1 | 0 |" in body and "| questions asked | " in body
    assert "| median time to a first answer | under a minute | none |" in body  # answered at once
    assert f'<a href="/r/{solved["id"]}"' in item["html"]

    # Drafts are for the community's synthesizers and moderators only.
    assert ApiClient(app).get(f"/tags/{TAG}/syntheses").get_json()["items"] == []
    assert people.member().get(f"/tags/{TAG}/syntheses").get_json()["items"] == []
    assert moderator.get(f"/tags/{TAG}/syntheses").get_json()["items"][0]["id"] == item["id"]


@pytest.mark.parametrize(
    ("waited", "said"),
    [
        (timedelta(minutes=25), "25 min"),
        (timedelta(hours=3, minutes=15), "3.2 h"),
        (timedelta(days=3), "3 days"),
    ],
)
def test_the_draft_gives_the_wait_for_a_first_answer_as_a_reader_says_it(
    app, people, moderator, waited, said
):
    question = people.member("Asa Asker").ask(title="Which cost centre do conference fees go to?", tags=[TAG])
    answer = people.member("Hal Helper").answer(
        question["id"], "Training, unless your manager says otherwise."
    )
    with app.app_context():
        week = weeks.previous()
        asked_at = weeks.bounds(week)[0] + timedelta(hours=1)
        db.session.execute(update(Question).where(Question.id == question["id"]).values(created_at=asked_at))
        db.session.execute(
            update(Answer).where(Answer.id == answer["id"]).values(created_at=asked_at + waited)
        )
        db.session.commit()
    assert draft(app, "--tag", TAG, "--week", week) == f"1 draft for {week}.\n"
    (item,) = moderator.get(f"/tags/{TAG}/syntheses").get_json()["items"]
    assert f"| median time to a first answer | {said} | none |" in item["body"], item["body"]


def test_editing_and_publishing(app, people, moderator, week_of_activity):
    bea, follower, outsider = people.member("Bea Synth"), people.member("Fay Follower"), people.member()
    assert moderator.put(f"/tags/{TAG}/synthesizers/{bea.id}").status_code == 200
    assert follower.put(f"/me/tags/{TAG}/follow").status_code == 200
    draft(app, "--tag", TAG, "--week", this_week(app))
    (item,) = bea.get(f"/tags/{TAG}/syntheses").get_json()["items"]

    assert outsider.patch(f"/syntheses/{item['id']}", {"body": "Mine now"}).status_code == 403
    assert outsider.post(f"/syntheses/{item['id']}/publish").status_code == 403
    assert bea.patch(f"/syntheses/{item['id']}", {"body": ""}).status_code == 422
    edited = item["body"].replace(
        "_Add what the community learned this week", "Bank changes take a month.<script>x</script> _Add"
    )
    response = bea.patch(f"/syntheses/{item['id']}", {"body": edited})
    assert response.status_code == 200
    assert "Bank changes take a month." in response.get_json()["html"]
    assert "<script" not in response.get_json()["html"]

    published = bea.post(f"/syntheses/{item['id']}/publish")
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    again = bea.post(f"/syntheses/{item['id']}/publish")
    assert (
        again.status_code == 200 and again.get_json()["published_at"] == published.get_json()["published_at"]
    )

    told = [n for n in follower.get("/me/notifications").get_json()["items"] if n["kind"] == "synthesis"]
    assert len(told) == 1 and told[0]["data"]["tag"] == TAG
    public = ApiClient(app).get(f"/tags/{TAG}/syntheses").get_json()["items"]
    assert [s["id"] for s in public] == [item["id"]]

    # Editing after publication keeps the version before.
    assert bea.patch(f"/syntheses/{item['id']}", {"body": edited + "\nOne more thing."}).status_code == 200
    with app.app_context():
        (revision,) = db.session.scalars(select(SynthesisRevision)).all()
        assert revision.body == edited


def test_the_atom_feed_lists_published_syntheses_with_absolute_links(
    app, people, moderator, week_of_activity
):
    app.config["SITE_URL"] = "https://forum.example.org"
    draft(app, "--tag", TAG, "--week", this_week(app))
    (item,) = moderator.get(f"/tags/{TAG}/syntheses").get_json()["items"]
    empty = ApiClient(app).get(f"/tags/{TAG}/syntheses/feed")
    assert empty.status_code == 200 and empty.mimetype == "application/atom+xml"
    assert ET.fromstring(empty.data).findall(f"{ATOM}entry") == []
    assert moderator.post(f"/syntheses/{item['id']}/publish").status_code == 200
    feed = ET.fromstring(ApiClient(app).get(f"/tags/{TAG}/syntheses/feed").data)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == f"{TAG} weekly synthesis, {item['week']}"
    assert (
        entry.find(f"{ATOM}link").get("href").startswith("https://forum.example.org/tags/payroll/syntheses")
    )
    content = entry.find(f"{ATOM}content").text
    assert f'href="https://forum.example.org/r/{week_of_activity["solved"]["id"]}"' in content


def test_bad_weeks_and_quiet_weeks(app, people):
    people.member().ask(tags=[TAG])
    for bad in ("2026-53", "2026-W54", "last week"):
        result = app.test_cli_runner().invoke(args=["synthesis", "draft", "--week", bad])
        assert result.exit_code != 0 and "--week" in result.output
    result = app.test_cli_runner().invoke(args=["synthesis", "draft", "--tag", "nope"])
    assert result.exit_code != 0 and "--tag" in result.output
    assert draft(app, "--week", "2020-W10") == "0 drafts for 2020-W10.\n"
    assert ApiClient(app).get("/tags/nope/syntheses").status_code == 404
    assert people.member().patch("/syntheses/12345", {"body": "x"}).status_code == 404


def test_one_synthesis_is_shown_to_whoever_may_see_it(app, people, moderator, week_of_activity):
    draft(app, "--tag", TAG, "--week", this_week(app))
    (item,) = moderator.get(f"/tags/{TAG}/syntheses").get_json()["items"]
    assert moderator.get(f"/syntheses/{item['id']}").get_json()["tag"] == TAG
    assert ApiClient(app).get(f"/syntheses/{item['id']}").status_code == 404
    assert moderator.post(f"/syntheses/{item['id']}/publish").status_code == 200
    assert ApiClient(app).get(f"/syntheses/{item['id']}").get_json()["status"] == "published"


def test_the_worker_drafts_last_week_once_also_after_a_restart(app, people):
    from backend.models import Answer
    from backend.synthesis.schedule import WeeklyDrafts

    asker, helper = people.member(), people.member()
    question = asker.ask(tags=[TAG])
    answer = helper.answer(question["id"])
    assert asker.accept(answer["id"]).status_code == 200
    with app.app_context():
        # The thread happened a week ago.
        week_ago = utcnow() - timedelta(days=7)
        db.session.execute(
            update(Question)
            .where(Question.id == question["id"])
            .values(created_at=week_ago, resolved_at=week_ago, last_activity_at=week_ago)
        )
        db.session.execute(update(Answer).where(Answer.id == answer["id"]).values(created_at=week_ago))
        db.session.commit()
        worker = WeeklyDrafts()
        assert worker.run_if_due() == 1
        assert worker.run_if_due() == 0
        assert WeeklyDrafts().run_if_due() == 0  # a restarted worker makes no second draft
        week = weeks.previous()
    (item,) = people.moderator().get(f"/tags/{TAG}/syntheses").get_json()["items"]
    assert item["week"] == week and item["status"] == "draft"
