"""Shaping communities: create before the first question, a Markdown description with
revisions, synonyms, merging, renaming; the refusals change nothing."""

from __future__ import annotations

from typing import Any

from backend.extensions import db
from backend.models import SearchOutbox
from tests.backend.moderation_helpers import assert_error, with_reputation
from tests.people import ApiClient, People


def _tag(client: ApiClient, name: str) -> dict[str, Any]:
    response = client.get(f"/tags/{name}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _log(moderator: ApiClient) -> list[tuple[str, str | None]]:
    return [(e["action"], e["reason"]) for e in moderator.get("/moderation/log").get_json()["items"]]


def _titles(client: ApiClient, tag: str) -> list[str]:
    return sorted(q["title"] for q in client.get("/questions", tag=tag).get_json()["items"])


def test_a_moderator_creates_a_community_before_its_first_question(moderator, member, anon):
    response = moderator.post(
        "/tags", {"name": "Data-Privacy", "description": "Handling **personal data** at work."}
    )
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["name"] == "data-privacy" and created["question_count"] == 0
    assert "<strong>personal data</strong>" in created["description_html"]
    assert created["excerpt"] == "Handling personal data at work."
    assert _tag(anon, "data-privacy")["description"] == "Handling **personal data** at work."
    assert "data-privacy" in [t["name"] for t in anon.get("/tags").get_json()["items"]]
    assert _log(moderator) == [("create-tag", "data-privacy")]
    # Following works at once, before any question.
    assert member.put("/me/tags/data-privacy/follow").status_code == 200


def test_creating_a_tag_is_for_moderators_and_refuses_bad_or_taken_names(moderator, member, anon):
    assert_error(anon.post("/tags", {"name": "onboarding"}), 401)
    assert_error(member.post("/tags", {"name": "onboarding"}), 403)
    bad_bodies = (
        {"name": "two words"},
        {"name": ""},
        {},
        {"name": "x" * 36},
        {"name": "ok", "description": 5},
    )
    for bad in bad_bodies:
        assert_error(moderator.post("/tags", bad), 422)
    assert moderator.post("/tags", {"name": "onboarding"}).status_code == 201
    body = assert_error(moderator.post("/tags", {"name": "Onboarding"}), 409)
    assert "already exists" in body["message"]
    assert moderator.put("/tags/onboarding/synonyms/new-starters").status_code == 200
    body = assert_error(moderator.post("/tags", {"name": "new-starters"}), 409)
    assert "synonym" in body["message"]
    assert [t["name"] for t in moderator.get("/tags").get_json()["items"]] == ["onboarding"]


def test_the_description_is_markdown_with_revisions_editable_by_trusted_members(
    app, people: People, moderator, anon
):
    moderator.post("/tags", {"name": "expenses", "description": "Claiming costs back."})
    member = people.member()
    assert_error(member.patch("/tags/expenses", {"description": "Spam spam"}), 403)
    trusted = with_reputation(app, people.member("Tess Trusted"), 1000)
    text = "Claiming costs back.\n\n- Travel\n- Meals <script>alert(1)</script>"
    response = trusted.patch("/tags/expenses", {"description": text})
    assert response.status_code == 200, response.get_json()
    html = response.get_json()["description_html"]
    assert "<li>Travel</li>" in html and "<script" not in html
    moderator.patch("/tags/expenses", {"description": "Claiming costs back, with receipts."})
    items = anon.get("/tags/expenses/revisions").get_json()["items"]
    assert [r["body"] for r in items] == [
        "Claiming costs back, with receipts.",
        text,
        "Claiming costs back.",
    ]
    assert [r["editor"] and r["editor"]["display_name"] for r in items][1:] == ["Tess Trusted", None]
    assert items[0]["diff_html"].startswith("Claiming costs back<ins>, with receipts</ins>.")
    assert_error(anon.get("/tags/nowhere/revisions"), 404)
    assert_error(moderator.patch("/tags/expenses", {"description": "y" * 5001}), 422)


def test_asking_listing_following_and_muting_with_a_synonym_use_the_main_tag(people: People, moderator, anon):
    asker, reader = people.member(), people.member()
    asker.ask(title="How do I reset my VPN token?", tags=["vpn"])
    assert moderator.put("/tags/vpn/synonyms/remote-access").status_code == 200
    asked = asker.ask(title="The remote access client hangs on start", tags=["remote-access", "laptops"])
    assert asked["tags"] == ["laptops", "vpn"]
    assert (
        _titles(anon, "remote-access")
        == _titles(anon, "vpn")
        == [
            "How do I reset my VPN token?",
            "The remote access client hangs on start",
        ]
    )
    shown = _tag(anon, "remote-access")
    assert shown["name"] == "vpn" and shown["synonyms"] == ["remote-access"] and shown["question_count"] == 2
    assert "remote-access" not in [t["name"] for t in anon.get("/tags").get_json()["items"]]
    assert reader.put("/me/tags/remote-access/follow").status_code == 200
    stances = reader.get("/me/tags").get_json()
    assert "vpn" in str(stances) and "remote-access" not in str(stances)
    # Both names in one question are one tag.
    both = asker.ask(title="VPN and remote access, same thing?", tags=["vpn", "remote-access"])
    assert both["tags"] == ["vpn"]


def test_synonym_rules_refuse_cycles_and_tags_with_questions(people: People, moderator):
    asker = people.member()
    asker.ask(tags=["payroll"])
    asker.ask(tags=["salary"])
    assert moderator.put("/tags/payroll/synonyms/pay").status_code == 200
    assert moderator.put("/tags/payroll/synonyms/pay").status_code == 200  # PUT again: no change
    cases = [
        ("/tags/payroll/synonyms/payroll", "itself"),
        ("/tags/pay/synonyms/payroll", "synonym of"),  # a cycle
        ("/tags/salary/synonyms/pay", "already a synonym"),
        ("/tags/payroll/synonyms/salary", "merge"),  # salary has a question of its own
    ]
    for path, phrase in cases:
        body = assert_error(moderator.put(path), 409)
        assert phrase in body["message"], (path, body)
    assert _tag(moderator, "payroll")["synonyms"] == ["pay"]
    assert _tag(moderator, "salary")["synonyms"] == []
    assert_error(moderator.put("/tags/nowhere/synonyms/pay2"), 404)
    assert_error(moderator.put("/tags/payroll/synonyms/two%20words"), 422)
    assert_error(people.member().put("/tags/payroll/synonyms/wages"), 403)

    assert_error(moderator.delete("/tags/salary/synonyms/pay"), 404)
    assert moderator.delete("/tags/payroll/synonyms/pay").status_code == 204
    assert _tag(moderator, "payroll")["synonyms"] == []
    assert_error(moderator.get("/tags/pay"), 404)


def test_an_empty_tag_becomes_a_synonym_and_its_followers_move(people: People, moderator):
    moderator.post("/tags", {"name": "wfh"})
    follower = people.member()
    assert follower.put("/me/tags/wfh/follow").status_code == 200
    people.member().ask(tags=["remote-work"])
    assert moderator.put("/tags/remote-work/synonyms/wfh").status_code == 200
    assert "remote-work" in str(follower.get("/me/tags").get_json())


def test_merging_moves_questions_followers_and_synonyms_logged_once(app, people: People, moderator, anon):
    asker, fan, muter = people.member(), people.member(), people.member()
    only_a = asker.ask(title="Only in hardware", tags=["hardware"])
    both = asker.ask(title="In hardware and laptops", tags=["hardware", "laptops"])
    asker.ask(title="Only in laptops", tags=["laptops"])
    moderator.put("/tags/hardware/synonyms/kit")
    fan.put("/me/tags/hardware/follow")
    muter.put("/me/tags/hardware/mute")
    muter.put("/me/tags/laptops/follow")  # their stance on the target wins
    with app.app_context():
        before = db.session.query(SearchOutbox).count()

    response = moderator.post("/tags/hardware/merge", {"into": "laptops"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["moved"] == 2 and response.get_json()["tag"]["question_count"] == 3

    assert _titles(anon, "laptops") == ["In hardware and laptops", "Only in hardware", "Only in laptops"]
    assert _titles(anon, "hardware") == _titles(anon, "laptops")  # the old name is a synonym now
    assert sorted(_tag(anon, "laptops")["synonyms"]) == ["hardware", "kit"]
    assert anon.get(f"/questions/{both['id']}").get_json()["tags"] == ["laptops"]
    assert anon.get(f"/questions/{only_a['id']}").get_json()["tags"] == ["laptops"]
    assert "laptops" in str(fan.get("/me/tags").get_json())
    stances = muter.get("/me/tags").get_json()
    assert "hardware" not in str(stances)
    assert [e for e in _log(moderator) if e[0] == "merge-tag"] == [
        ("merge-tag", "hardware merged into laptops: 2 questions")
    ]
    with app.app_context():
        assert db.session.query(SearchOutbox).count() - before == 2
    assert "hardware" not in [t["name"] for t in anon.get("/tags").get_json()["items"]]


def test_merges_that_make_no_sense_are_refused_and_change_nothing(people: People, moderator):
    asker = people.member()
    asker.ask(tags=["printing"])
    asker.ask(tags=["printers"])
    moderator.put("/tags/printing/synonyms/print")
    moderator.put("/tags/printers/synonyms/printer")
    cases = [
        ({"into": "printing"}, "itself"),
        ({"into": "print"}, "synonym of"),  # into one of its own synonyms
        ({"into": "printer"}, "merge into “printers”"),  # into another tag's synonym
    ]
    for body, phrase in cases:
        error = assert_error(moderator.post("/tags/printing/merge", body), 409)
        assert phrase in error["message"], (body, error)
    assert_error(moderator.post("/tags/print/merge", {"into": "printers"}), 409)  # a synonym itself
    assert_error(moderator.post("/tags/printing/merge", {"into": "nowhere"}), 404)
    assert_error(moderator.post("/tags/printing/merge", {}), 422)
    assert_error(people.member().post("/tags/printing/merge", {"into": "printers"}), 403)
    assert _tag(moderator, "printing")["question_count"] == 1
    assert _tag(moderator, "printers")["question_count"] == 1
    assert [e for e in _log(moderator) if e[0] == "merge-tag"] == []


def test_renaming_keeps_the_old_name_as_a_synonym(people: People, moderator, anon):
    asker = people.member()
    q = asker.ask(tags=["hr"])
    asker.ask(tags=["benefits"])
    response = moderator.post("/tags/hr/rename", {"name": "People-Team"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "people-team"
    assert anon.get(f"/questions/{q['id']}").get_json()["tags"] == ["people-team"]
    assert _tag(anon, "hr")["name"] == "people-team"
    assert _tag(anon, "people-team")["synonyms"] == ["hr"]
    body = assert_error(moderator.post("/tags/people-team/rename", {"name": "benefits"}), 409)
    assert "already exists" in body["message"]
    assert_error(moderator.post("/tags/people-team/rename", {"name": "hr"}), 409)
    assert_error(moderator.post("/tags/people-team/rename", {"name": "no spaces"}), 422)
    assert _tag(anon, "people-team")["question_count"] == 1
    assert ("rename-tag", "hr → people-team") in _log(moderator)


def test_autocomplete_offers_the_main_tag_for_a_synonym(people: People, moderator, anon):
    people.member().ask(tags=["data-privacy"])
    people.member().ask(tags=["databases"])
    assert moderator.put("/tags/data-privacy/synonyms/gdpr").status_code == 200
    assert [t["name"] for t in anon.get("/tags", q="gdp").get_json()["items"]] == ["data-privacy"]
    assert [t["name"] for t in anon.get("/tags", q="data", sort="name").get_json()["items"]] == [
        "data-privacy",
        "databases",
    ]
    assert anon.get("/tags", q="gdpr").get_json()["meta"]["total"] == 1


def test_a_merge_of_one_question_is_logged_in_the_singular(people: People, moderator):
    people.member().ask(title="Only in printers", tags=["printers"])
    people.member().ask(title="Only in peripherals", tags=["peripherals"])
    assert moderator.post("/tags/printers/merge", {"into": "peripherals"}).get_json()["moved"] == 1
    assert ("merge-tag", "printers merged into peripherals: 1 question") in _log(moderator)
