"""Community health: a point per week (asked, answered, resolved, waits, active members against
members seen, new contributors), where help is needed and who helped, for moderators on the
whole site and for a community's synthesizers on theirs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from backend import weeks
from backend.extensions import db
from backend.models import SITE, FirstPost, MemberWeek, Question
from tests.people import ApiClient, People

TAG = "payroll"


def this_week(app: Flask) -> str:
    with app.app_context():
        return weeks.current()


def set_times(app: Flask, question_id: int, asked_hours: float, **hours: float) -> None:
    """Date a question (and its first answer, its acceptance) in hours after this week's Monday."""
    with app.app_context():
        start, _ = weeks.bounds(weeks.current())
        at = {name: start + timedelta(hours=h) for name, h in hours.items()}
        db.session.execute(
            update(Question)
            .where(Question.id == question_id)
            .values(created_at=start + timedelta(hours=asked_hours), **at)
        )
        db.session.commit()


@pytest.fixture
def week(app: Flask, people: People) -> dict[str, Any]:
    """This week in payroll: three questions (one answered after 2 h and accepted after 4 h, one
    answered after 10 h, one unanswered), a vote, a helped mark, and a member who only reads."""
    asker, helper, voter, reader = (
        people.member("Asa Asker"),
        people.member("Hal Helper"),
        people.member("Val Voter"),
        people.member("Rea Reader"),
    )
    first = asker.ask(title="Where do I change my bank details for salary payments?", tags=[TAG])
    second = asker.ask(title="Why is my overtime from October missing from the payslip?", tags=[TAG])
    waiting = asker.ask(title="Who approves a correction of last year's tax statement?", tags=[TAG, "tax"])
    answer = helper.answer(first["id"], "In the HR portal, under **Pay** > Bank details.")
    helper.answer(second["id"], "Overtime is paid a month later: it will be on November's payslip.")
    assert asker.accept(answer["id"]).status_code == 200
    assert voter.vote("answers", answer["id"], 1).status_code == 200
    assert voter.put(f"/answers/{answer['id']}/helped").status_code == 200
    assert reader.get(f"/questions/{first['id']}").status_code == 200
    set_times(app, first["id"], 1, first_answer_at=3, resolved_at=5)
    set_times(app, second["id"], 1, first_answer_at=11)
    set_times(app, waiting["id"], 2)
    return {"asker": asker, "helper": helper, "voter": voter, "reader": reader, "waiting": waiting}


def health(person: ApiClient, **query: Any) -> dict[str, Any]:
    response = person.get("/community-health", **query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_week_of_activity_in_its_point(app, moderator, week):
    body = health(moderator, weeks=4)
    assert body["weeks"] == 4 and body["tag"] is None
    assert [p["week"] for p in body["points"]][-1] == this_week(app) == body["last_week"]
    assert len(body["points"]) == 4
    now = body["points"][-1]
    assert (now["asked"], now["answered"], now["resolved"]) == (3, 2, 1)
    assert (now["answered_share"], now["resolved_share"]) == (0.667, 0.333)
    # Nearest rank over 2 h and 10 h: the median is the first, the 90th percentile the second.
    assert now["first_answer_hours"] == {"median": 2.0, "p90": 10.0}
    assert now["accepted_answer_hours"] == {"median": 4.0, "p90": 4.0}
    # Asker, helper and voter took part; everyone signed in this week was seen (the reader and
    # the moderator too).
    assert now["active_members"] == 3
    assert now["members_seen"] == 5
    assert now["active_share"] == 0.6
    assert now["new_contributors"] == 2  # a vote is taking part, not contributing a post
    assert body["reference_active_share"] == 0.1
    earlier = body["points"][0]
    assert (earlier["asked"], earlier["answered_share"], earlier["first_answer_hours"]["median"]) == (
        0,
        None,
        None,
    )
    assert body["help_needed"][:2] == [{"tag": TAG, "unanswered": 1}, {"tag": "tax", "unanswered": 1}]
    [top] = body["top_helpers"]
    assert (top["display_name"], top["accepted"], top["helped"]) == ("Hal Helper", 1, 1)


def test_a_community_is_counted_apart_and_its_synthesizer_sees_it(app, people, moderator, week):
    week["asker"].ask(title="Where is the canteen menu for next week published?", tags=["canteen"])
    sam = people.member("Sam Synth")
    assert moderator.put(f"/tags/{TAG}/synthesizers/{sam.id}").status_code == 200
    body = health(sam, weeks=12, tag=TAG)
    assert body["tag"] == TAG and len(body["points"]) == 12
    now = body["points"][-1]
    assert (now["asked"], now["answered"], now["resolved"]) == (3, 2, 1)
    assert now["active_members"] == 3
    # Seen in a community: who took part in it, and its followers seen on the site.
    assert now["members_seen"] == 3
    assert week["reader"].put(f"/me/tags/{TAG}/follow").status_code in (200, 201)
    assert health(sam, weeks=12, tag=TAG)["points"][-1]["members_seen"] == 4
    assert health(moderator, weeks=4)["points"][-1]["asked"] == 4
    canteen = health(moderator, weeks=4, tag="canteen")["points"][-1]
    assert (canteen["asked"], canteen["active_members"], canteen["new_contributors"]) == (1, 1, 1)


def test_who_may_see_it(app, people, moderator, member, week):
    sam = people.member("Sam Synth")
    assert moderator.put(f"/tags/{TAG}/synthesizers/{sam.id}").status_code == 200
    assert sam.get("/community-health").status_code == 403  # the whole site: moderators only
    assert sam.get("/community-health", tag="tax").status_code == 403  # not their community
    assert member.get("/community-health", tag=TAG).status_code == 403
    assert ApiClient(app).get("/community-health").status_code == 401


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"weeks": 5}, 422, "weeks"),
        ({"weeks": "year"}, 422, "weeks"),
        ({"until": "2026-W60"}, 422, "until"),
        ({"until": "last week"}, 422, "until"),
        ({"tag": "no-such-tag"}, 404, None),
    ],
)
def test_bad_input_is_refused_by_field(moderator, query, status, field):
    response = moderator.get("/community-health", **query)
    assert response.status_code == status
    body = response.get_json()
    assert body["code"] == status and body["message"]
    if field:
        assert field in body["errors"]


def test_a_past_span_ends_with_the_week_asked_for(app, moderator, week):
    last = weeks.name(weeks.parse(this_week(app)) - timedelta(days=7))
    body = health(moderator, weeks=52, until=last)
    assert len(body["points"]) == 52 and body["last_week"] == last
    assert sum(p["asked"] for p in body["points"]) == 0
    assert body["help_needed"] == [] and body["top_helpers"] == []


def test_a_rebuild_counts_what_the_writes_counted(app, moderator, week):
    def counts() -> tuple[int, int, int]:
        with app.app_context():
            active = db.session.scalar(select(func.count()).where(MemberWeek.acted.is_(True)))
            sites = db.session.scalar(select(func.count()).where(MemberWeek.tag_id == SITE))
            posts = db.session.scalar(select(func.count()).select_from(FirstPost))
            return int(active or 0), int(sites or 0), int(posts or 0)

    before = health(moderator, weeks=4)["points"][-1]
    written = counts()
    result = app.test_cli_runner().invoke(args=["community-health", "rebuild"])
    assert result.exit_code == 0, result.output
    assert counts() == written
    after = health(moderator, weeks=4)["points"][-1]
    assert after == before


def last_week(app: Flask) -> str:
    return weeks.name(weeks.parse(this_week(app)) - timedelta(days=7))


def test_a_finished_weeks_waits_follow_what_happens_to_its_questions_later(app, people, moderator):
    """A finished week's percentiles are kept, and ranked again when its questions change."""
    asker, helper = people.member(), people.member()
    quick = asker.ask(title="How do I book a meeting room for visitors?", tags=[TAG])
    slow = asker.ask(title="Where is the form for a parking permit?", tags=[TAG])
    answer = helper.answer(quick["id"], "Use the room finder in the calendar, under Places.")
    set_times(app, quick["id"], -167, first_answer_at=-165)  # last Monday 01:00, answered at 03:00
    set_times(app, slow["id"], -166)

    def point() -> dict[str, Any]:
        return health(moderator, weeks=4, until=last_week(app))["points"][-1]

    first = point()
    assert (first["asked"], first["answered"]) == (2, 1)
    assert first["first_answer_hours"] == {"median": 2.0, "p90": 2.0}
    assert point() == first  # kept, and the same

    helper.answer(slow["id"], "At the front desk, next to the visitor badges.")  # a late answer, now
    late = point()
    assert late["answered"] == 2 and late["first_answer_hours"]["p90"] >= 166

    assert asker.accept(answer["id"]).status_code == 200
    accepted = point()
    assert accepted["resolved"] == 1 and accepted["accepted_answer_hours"]["median"] >= 167
    set_times(app, quick["id"], -167, first_answer_at=-165, resolved_at=-157)  # as if accepted sooner
    assert point()["accepted_answer_hours"] == {"median": 10.0, "p90": 10.0}

    assert asker.delete(f"/questions/{slow['id']}").status_code in (200, 204)
    gone = point()
    assert (gone["asked"], gone["answered"]) == (1, 1)
    assert gone["first_answer_hours"] == {"median": 2.0, "p90": 2.0}
    # Each community's figures are kept apart from the site's.
    assert health(moderator, weeks=4, until=last_week(app), tag=TAG)["points"][-1]["asked"] == 1


def test_a_finished_weeks_members_are_counted_once_and_again_after_a_rebuild(app, people, moderator):
    readers = [people.member() for _ in range(3)]
    with app.app_context():
        monday = weeks.parse(last_week(app))
        for reader in readers[:2]:
            db.session.add(MemberWeek(tag_id=SITE, week=monday, user_id=reader.id, acted=False))
        db.session.commit()

    def seen() -> int:
        return int(health(moderator, weeks=4, until=last_week(app))["points"][-1]["members_seen"])

    assert seen() == 2
    with app.app_context():  # written beside the app: a finished week is not counted again
        db.session.add(MemberWeek(tag_id=SITE, week=monday, user_id=readers[2].id, acted=False))
        db.session.commit()
    assert seen() == 2
    result = app.test_cli_runner().invoke(args=["community-health", "rebuild"])
    assert result.exit_code == 0, result.output
    assert seen() == 3
