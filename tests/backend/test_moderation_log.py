"""The moderation log read back with filters (who, what, which target, which days), links to
each entry's target, and a suspension on the profile for moderators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from backend.extensions import db
from backend.models import ModerationAction
from tests.backend.moderation_helpers import assert_error

REASON = {"reason": "Please keep it about the work."}


def _log(moderator, **query):
    response = moderator.get("/moderation/log", **query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _entries(moderator, **query):
    return [(e["action"], e["target_type"], e["target_id"]) for e in _log(moderator, **query)["items"]]


def test_the_log_filters_by_who_what_and_which_target(people, member, moderator):
    other = people.moderator("Omar Other")
    q = member.ask()
    a = people.member().answer(q["id"])
    assert moderator.post(f"/questions/{q['id']}/lock", REASON).status_code == 200
    assert other.post(f"/answers/{a['id']}/hide", REASON).status_code == 200
    assert moderator.delete(f"/questions/{q['id']}/lock").status_code == 200
    suspension = {"days": 3, "reason": "Cooling off."}
    assert other.post(f"/users/{member.id}/suspension", suspension).status_code == 200

    by_other = [("suspend", "user", member.id), ("hide", "answer", a["id"])]
    assert _entries(moderator, actor_id=other.id) == by_other
    assert _entries(moderator, action="lock") == [("lock", "question", q["id"])]
    assert _entries(moderator, target_type="question", target_id=q["id"]) == [
        ("unlock", "question", q["id"]),
        ("lock", "question", q["id"]),
    ]
    assert _entries(moderator, actor_id=moderator.id, action="hide") == []
    page = _log(moderator, action="lock")
    assert page["meta"]["total"] == 1

    choices = _log(moderator)["choices"]
    assert [p["display_name"] for p in choices["actors"]] == sorted(
        [p["display_name"] for p in choices["actors"]], key=str.casefold
    )
    assert {p["id"] for p in choices["actors"]} == {moderator.id, other.id}
    assert choices["actions"] == ["hide", "lock", "suspend", "unlock"]
    assert choices["target_types"] == ["answer", "question", "user"]


def test_the_log_filters_by_day_inclusive(app, member, moderator):
    q = member.ask()
    for _ in range(3):
        moderator.post(f"/questions/{q['id']}/lock", REASON)
        moderator.delete(f"/questions/{q['id']}/lock")
    today = datetime.now(UTC).replace(hour=12)
    with app.app_context():
        ids = sorted(db.session.scalars(db.select(ModerationAction.id)))
        for days_ago, entry_id in zip((10, 10, 5, 5, 0, 0), ids, strict=True):
            db.session.execute(
                update(ModerationAction)
                .where(ModerationAction.id == entry_id)
                .values(created_at=today - timedelta(days=days_ago))
            )
        db.session.commit()
    day = lambda n: (today - timedelta(days=n)).date().isoformat()  # noqa: E731
    assert _log(moderator, since=day(5))["meta"]["total"] == 4
    assert _log(moderator, until=day(5))["meta"]["total"] == 4
    assert _log(moderator, since=day(5), until=day(5))["meta"]["total"] == 2
    assert _log(moderator, since=day(9), until=day(6))["meta"]["total"] == 0


def test_bad_filters_get_a_clear_error(moderator):
    for query in (
        {"since": "yesterday"},
        {"actor_id": "someone"},
        {"actor_id": 0},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"action": "x" * 41},
    ):
        body = assert_error(moderator.get("/moderation/log", **query), 422)
        assert body["errors"], query


def test_each_entry_links_to_its_target(people, member, moderator):
    q = member.ask()
    a = people.member().answer(q["id"])
    c = member.post(f"/answers/{a['id']}/comments", {"body": "Which version was this?"}).get_json()
    moderator.post(f"/questions/{q['id']}/lock", REASON)
    moderator.post(f"/answers/{a['id']}/hide", REASON)
    moderator.post(f"/comments/{c['id']}/hide", REASON)
    moderator.post(f"/users/{member.id}/suspension", {"days": 1, "reason": "Cooling off."})
    links = {(e["target_type"], e["target_url"]) for e in _log(moderator)["items"]}
    assert links == {
        ("question", f"/questions/{q['id']}"),
        ("answer", f"/questions/{q['id']}#answer-{a['id']}"),
        ("comment", f"/questions/{q['id']}#comment-{c['id']}"),
        ("user", f"/users/{member.id}"),
    }


def test_each_entry_names_its_target(people, member, moderator, admin):
    q = member.ask(title="Where is the spare projector kept?", tags=["facilities"])
    a = people.member().answer(q["id"])
    c = member.post(f"/answers/{a['id']}/comments", {"body": "Which room was this?"}).get_json()
    for done in (
        moderator.post(f"/answers/{a['id']}/hide", REASON),
        moderator.post(f"/comments/{c['id']}/hide", REASON),
        moderator.post(f"/users/{member.id}/suspension", {"days": 1, "reason": "Cooling off."}),
        moderator.put("/tags/facilities/synonyms/office"),
        moderator.post(f"/questions/{q['id']}/lock", REASON),
        admin.post("/admin/webhooks", {"url": "https://chat.example.org/hook"}),
    ):
        assert done.status_code in (200, 201), done.get_json()
    labels = {(e["target_type"], e["target_label"]) for e in _log(moderator)["items"]}
    title = "Where is the spare projector kept?"
    assert labels == {
        ("question", title),
        ("answer", title),  # its thread's
        ("comment", title),
        ("user", member.me()["display_name"]),
        ("tag", "facilities"),
        ("webhook", None),  # its address is the entry's reason
    }


def test_moderators_see_a_suspension_on_the_profile_and_nobody_else(people, member, moderator, anon):
    profile = f"/users/{member.id}"
    assert moderator.get(profile).get_json()["suspension"] is None
    moderator.post(f"/users/{member.id}/suspension", {"days": 7, "reason": "Repeated rudeness."})
    suspension = moderator.get(profile).get_json()["suspension"]
    assert suspension["reason"] == "Repeated rudeness."
    until = datetime.fromisoformat(suspension["until"])
    assert timedelta(days=6, hours=23) < until - datetime.now(UTC) <= timedelta(days=7)
    assert anon.get(profile).get_json()["suspension"] is None
    assert people.member().get(profile).get_json()["suspension"] is None
    moderator.delete(f"/users/{member.id}/suspension")
    assert moderator.get(profile).get_json()["suspension"] is None
