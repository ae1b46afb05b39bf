"""Moderator actions (dismiss, hide, restore, lock, close as duplicate, suspend, labels,
suggested edits, roles), the queue and the audit log."""

from __future__ import annotations

import pytest

from tests.backend.moderation_helpers import assert_error, flag, notifications, trusted, with_reputation

REASON = {"reason": "Please keep it about the work."}


def _actions(moderator):
    return [
        (e["action"], e["target_type"], e["target_id"])
        for e in moderator.get("/moderation/log").get_json()["items"]
    ]


def test_the_queue_lists_flagged_posts_with_their_reasons(people, member, moderator):
    q = member.ask()
    flagger = trusted(people, "Careful Reader")
    flag(flagger, "questions", q["id"], "outdated", note="The VPN client changed last month")
    queue = moderator.get("/moderation/queue").get_json()
    (item,) = queue["posts"]
    assert item["post_type"] == "question" and item["post_id"] == q["id"] and item["question_id"] == q["id"]
    assert item["title"] == q["title"] and item["author"]["id"] == member.id
    assert item["hidden"] is False and item["flag_count"] == 1
    assert [(f["reason"], f["note"]) for f in item["flags"]] == [
        ("outdated", "The VPN client changed last month")
    ]
    assert queue["suggested_edits"] == [] and queue["first_posts"] == []


def test_only_moderators_see_the_queue_and_the_log(member, anon, people):
    for path in ("/moderation/queue", "/moderation/log"):
        assert_error(anon.get(path), 401)
        assert_error(member.get(path), 403)
        assert people.admin().get(path).status_code == 200


def test_dismissing_flags_restores_the_post_and_empties_the_queue(people, member, moderator, anon):
    q = member.ask()
    for person in (trusted(people), trusted(people), trusted(people)):
        flag(person, "questions", q["id"], "spam")
    response = moderator.post(f"/questions/{q['id']}/flags/dismiss", {"reason": "Not spam: a real question."})
    assert response.status_code == 200
    assert response.get_json() == {
        "post_type": "question",
        "post_id": q["id"],
        "hidden": False,
        "held": False,
    }
    assert anon.get(f"/questions/{q['id']}").status_code == 200
    assert moderator.get("/moderation/queue").get_json()["posts"] == []
    assert _actions(moderator) == [("dismiss-flags", "question", q["id"])]
    if (notes := notifications(member)) is not None:
        assert sorted(n["data"]["action"] for n in notes) == ["hidden", "restored"]


def test_moderators_hide_and_restore_posts(people, member, moderator, anon):
    q = member.ask()
    a = people.member().answer(q["id"])
    assert moderator.post(f"/answers/{a['id']}/hide", REASON).get_json()["hidden"] is True
    assert anon.get(f"/questions/{q['id']}").get_json()["answers"] == []
    assert moderator.post(f"/answers/{a['id']}/restore", {}).get_json()["hidden"] is False
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert [x["id"] for x in thread["answers"]] == [a["id"]] and thread["answer_count"] == 1
    assert _actions(moderator) == [("restore", "answer", a["id"]), ("hide", "answer", a["id"])]
    entry = moderator.get("/moderation/log").get_json()["items"][1]
    assert (
        entry["reason"] == REASON["reason"] and entry["actor"]["id"] == moderator.id and entry["created_at"]
    )


def test_hiding_needs_a_reason(member, moderator):
    q = member.ask()
    body = assert_error(moderator.post(f"/questions/{q['id']}/hide", {}), 422)
    assert "reason" in body["errors"]
    assert _actions(moderator) == []


def test_a_locked_thread_takes_no_answers_comments_or_votes(people, member, moderator):
    q = member.ask()
    a = people.member().answer(q["id"])
    other = people.member()
    locked = moderator.post(f"/questions/{q['id']}/lock", {"reason": "The discussion got heated."})
    assert locked.get_json() == {
        "question_id": q["id"],
        "status": "open",
        "locked": True,
        "duplicate_of_id": None,
    }
    assert other.get(f"/questions/{q['id']}").get_json()["locked"] is True
    body = assert_error(
        other.post(f"/questions/{q['id']}/answers", {"body": "One more answer about this."}), 403
    )
    assert "locked" in body["message"]
    assert_error(other.post(f"/questions/{q['id']}/comments", {"body": "A late comment"}), 403)
    assert_error(other.post(f"/answers/{a['id']}/comments", {"body": "A late comment"}), 403)
    assert_error(other.vote("questions", q["id"], 1), 403)
    assert_error(other.vote("answers", a["id"], 1), 403)
    assert other.get(f"/questions/{q['id']}").get_json()["answer_count"] == 1
    assert moderator.delete(f"/questions/{q['id']}/lock").get_json()["locked"] is False
    assert other.vote("questions", q["id"], 1).status_code == 200
    assert [x[0] for x in _actions(moderator)] == ["unlock", "lock"]


def test_a_locked_thread_keeps_its_posts_and_its_accepted_answer_as_they_were(people, member, moderator):
    q = member.ask()
    helper = people.member()
    first, second = helper.answer(q["id"]), people.member().answer(q["id"])
    assert member.accept(first["id"]).status_code == 200
    moderator.post(f"/questions/{q['id']}/lock", {"reason": "Settled; kept as the reference."})

    edits = [
        member.patch(f"/questions/{q['id']}", {"body": "Rewritten after the lock, which is not allowed."}),
        helper.patch(f"/answers/{first['id']}", {"body": "Rewritten after the lock, which is not allowed."}),
        member.accept(second["id"]),
        member.delete(f"/answers/{first['id']}/accept"),
    ]
    for response in edits:
        assert "locked" in assert_error(response, 403)["message"]
    # A member without the privilege to edit would suggest an edit: refused as well.
    suggestion = people.member().patch(f"/answers/{first['id']}", {"body": "A suggestion after the lock."})
    assert "locked" in assert_error(suggestion, 403)["message"]
    thread = member.get(f"/questions/{q['id']}").get_json()
    assert thread["body"] == q["body"]
    assert thread["accepted_answer_id"] == first["id"]

    # Moderators still can.
    assert (
        moderator.patch(
            f"/answers/{first['id']}", {"body": "Tidied by a moderator after the lock."}
        ).status_code
        == 200
    )
    assert moderator.accept(second["id"]).status_code == 200
    moderator.delete(f"/questions/{q['id']}/lock")
    assert member.accept(first["id"]).status_code == 200


def test_closing_as_a_duplicate_links_to_the_original(people, member, moderator, anon):
    original = people.member().ask(title="How do I request a new laptop?")
    q = member.ask(title="Where do I ask for a new laptop?")
    response = moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": original["id"]})
    assert response.status_code == 200, response.get_json()
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["status"] == "closed" and thread["duplicate_of_id"] == original["id"]
    assert anon.get("/questions", status="closed").get_json()["meta"]["total"] == 1
    assert _actions(moderator) == [("close-duplicate", "question", q["id"])]
    if (notes := notifications(member)) is not None:
        assert [n["data"]["action"] for n in notes] == ["closed-duplicate"]


def test_a_question_cannot_be_a_duplicate_of_itself_or_of_nothing(member, moderator):
    q = member.ask()
    assert (
        "duplicate_of_id"
        in assert_error(moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": q["id"]}), 422)[
            "errors"
        ]
    )
    assert_error(moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": 999999}), 422)
    assert_error(moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": "x"}), 422)
    assert member.get(f"/questions/{q['id']}").get_json()["status"] == "open"
    assert _actions(moderator) == []


def test_a_moderator_reopens_a_question_closed_as_a_duplicate(people, member, moderator, anon):
    original = people.member().ask(title="How do I request a new laptop?")
    q = member.ask(title="How do I request a new laptop charger?")
    moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": original["id"]})
    response = moderator.delete(f"/questions/{q['id']}/duplicate")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "question_id": q["id"],
        "status": "open",
        "locked": False,
        "duplicate_of_id": None,
    }
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["status"] == "open" and thread["duplicate_of_id"] is None
    assert anon.get("/questions", status="closed").get_json()["meta"]["total"] == 0
    assert anon.get("/questions", status="open").get_json()["meta"]["total"] == 2
    assert _actions(moderator) == [
        ("reopen-duplicate", "question", q["id"]),
        ("close-duplicate", "question", q["id"]),
    ]
    if (notes := notifications(member)) is not None:
        assert [n["data"]["action"] for n in notes] == ["reopened", "closed-duplicate"]
        assert notes[0]["actor"] is None and notes[0]["question"]["id"] == q["id"]


def test_a_reopened_duplicate_with_an_accepted_answer_is_resolved_again(people, member, moderator, anon):
    original = people.member().ask()
    q = member.ask()
    member.accept(people.member().answer(q["id"])["id"])
    moderator.post(f"/questions/{q['id']}/duplicate", {"duplicate_of_id": original["id"]})
    assert anon.get(f"/questions/{q['id']}").get_json()["status"] == "closed"
    assert moderator.delete(f"/questions/{q['id']}/duplicate").get_json()["status"] == "resolved"
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["status"] == "resolved" and thread["accepted_answer_id"] is not None
    assert anon.get("/questions", status="resolved").get_json()["meta"]["total"] == 1


def test_only_a_duplicate_can_be_reopened(people, member, moderator):
    q = member.ask()
    body = assert_error(moderator.delete(f"/questions/{q['id']}/duplicate"), 409)
    assert "not closed as a duplicate" in body["message"]
    assert_error(moderator.delete("/questions/999999/duplicate"), 404)
    assert member.get(f"/questions/{q['id']}").get_json()["status"] == "open"
    assert _actions(moderator) == []


def test_suspended_members_cannot_sign_in_or_write_until_it_ends(people, moderator, anon):
    person = people.member(email="suspended@example.com")
    q = person.ask()
    response = moderator.post(
        f"/users/{person.id}/suspension", {"days": 7, "reason": "Repeated personal remarks."}
    )
    assert response.status_code == 200 and response.get_json()["suspended_until"]
    body = assert_error(person.post(f"/questions/{q['id']}/comments", {"body": "Still here?"}), 403)
    assert "suspended" in body["message"] and "personal remarks" in body["message"]
    assert person.get(f"/questions/{q['id']}").status_code == 200  # reading is fine
    visitor = type(person)(person.app)
    login = visitor.post(
        "/auth/login", {"email": "suspended@example.com", "password": "correct horse battery"}
    )
    assert "suspended" in assert_error(login, 403)["message"]
    assert moderator.delete(f"/users/{person.id}/suspension").get_json()["suspended_until"] is None
    assert (
        visitor.post(
            "/auth/login", {"email": "suspended@example.com", "password": "correct horse battery"}
        ).status_code
        == 200
    )
    assert person.post(f"/questions/{q['id']}/comments", {"body": "Back again."}).status_code == 201
    assert [x[0] for x in _actions(moderator)] == ["unsuspend", "suspend"]


@pytest.mark.parametrize(("days", "said"), [(1, "1 day: "), (7, "7 days: ")])
def test_the_log_gives_a_suspensions_length(member, moderator, days, said):
    assert (
        moderator.post(f"/users/{member.id}/suspension", {"days": days, "reason": "Spam."}).status_code == 200
    )
    (entry,) = moderator.get("/moderation/log").get_json()["items"]
    assert entry["reason"] == said + "Spam.", entry


def test_suspensions_need_a_period_and_a_reason(member, moderator, people):
    assert set(assert_error(moderator.post(f"/users/{member.id}/suspension", {}), 422)["errors"]) == {
        "days",
        "reason",
    }
    assert_error(moderator.post(f"/users/{member.id}/suspension", {"days": 0, "reason": "x"}), 422)
    assert_error(moderator.post(f"/users/{moderator.id}/suspension", {"days": 1, "reason": "x"}), 403)
    assert_error(
        moderator.post(f"/users/{people.moderator().id}/suspension", {"days": 1, "reason": "x"}), 403
    )
    assert_error(moderator.post("/users/999999/suspension", {"days": 1, "reason": "x"}), 404)


def test_soft_labels_keep_the_answer_visible_on_the_thread_and_the_reference_card(people, member, anon):
    q = member.ask()
    helper = people.member()
    a = helper.answer(q["id"])
    member.accept(a["id"])
    labeller = with_reputation(member.app, people.member(), 500)
    response = labeller.put(
        f"/answers/{a['id']}/label", {"label": "outdated", "note": "The form moved to the HR portal."}
    )
    assert response.get_json() == {
        "answer_id": a["id"],
        "label": "outdated",
        "label_note": "The form moved to the HR portal.",
    }
    (shown,) = anon.get(f"/questions/{q['id']}").get_json()["answers"]
    assert shown["label"] == "outdated" and shown["label_note"] == "The form moved to the HR portal."
    card = anon.get(f"/references/{q['id']}").get_json()
    assert (
        card["answer_label"] == "outdated" and card["answer_label_note"] == "The form moved to the HR portal."
    )
    if (notes := notifications(helper)) is not None:
        assert [n["data"]["action"] for n in notes] == ["labelled"]
    assert labeller.delete(f"/answers/{a['id']}/label").get_json()["label"] is None
    assert anon.get(f"/references/{q['id']}").get_json()["answer_label"] is None
    assert_error(labeller.delete(f"/answers/{a['id']}/label"), 409)


def test_labelling_needs_trust_and_a_known_label(people, member):
    q = member.ask()
    a = people.member().answer(q["id"])
    almost = with_reputation(member.app, people.member(), 499)
    assert (
        "500 reputation"
        in assert_error(almost.put(f"/answers/{a['id']}/label", {"label": "outdated", "note": "Old."}), 403)[
            "message"
        ]
    )
    trusted_member = with_reputation(member.app, people.member(), 500)
    assert (
        "label"
        in assert_error(
            trusted_member.put(f"/answers/{a['id']}/label", {"label": "wrong", "note": "Old."}), 422
        )["errors"]
    )
    assert (
        "note"
        in assert_error(trusted_member.put(f"/answers/{a['id']}/label", {"label": "outdated"}), 422)["errors"]
    )


def test_an_edit_without_the_privilege_is_a_suggestion_the_author_approves(people, member, moderator, anon):
    q = member.ask(title="How do I book the big meeting room?")
    editor = people.member("Helpful Editor")
    response = editor.patch(f"/questions/{q['id']}", {"title": "How do I book the large meeting room?"})
    assert response.status_code == 202, response.get_json()
    suggestion = response.get_json()
    assert suggestion["status"] == "pending" and suggestion["question_id"] == q["id"]
    assert anon.get(f"/questions/{q['id']}").get_json()["title"] == "How do I book the big meeting room?"
    (queued,) = moderator.get("/moderation/queue").get_json()["suggested_edits"]
    assert queued["id"] == suggestion["id"] and queued["editor"]["id"] == editor.id
    assert queued["title"] == "How do I book the large meeting room?"

    assert_error(editor.post(f"/suggested-edits/{suggestion['id']}/approve", {}), 403)
    approved = member.post(f"/suggested-edits/{suggestion['id']}/approve", {})
    assert approved.get_json()["status"] == "approved"
    assert anon.get(f"/questions/{q['id']}").get_json()["title"] == "How do I book the large meeting room?"
    revisions = anon.get(f"/questions/{q['id']}/revisions").get_json()
    assert revisions[0]["editor"]["id"] == editor.id
    assert_error(member.post(f"/suggested-edits/{suggestion['id']}/reject", {}), 409)
    assert moderator.get("/moderation/queue").get_json()["suggested_edits"] == []
    assert _actions(moderator) == [("approve-edit", "suggested_edit", suggestion["id"])]


def test_a_moderator_rejects_a_suggested_answer_edit(people, member, moderator, anon):
    q = member.ask()
    helper = people.member()
    a = helper.answer(q["id"], "Restart the laptop, then open the VPN client again.")
    response = member.patch(f"/answers/{a['id']}", {"body": "Something quite different and unhelpful here."})
    assert response.status_code == 202
    rejected = moderator.post(
        f"/suggested-edits/{response.get_json()['id']}/reject", {"reason": "Changes the meaning."}
    )
    assert rejected.get_json()["status"] == "rejected"
    assert anon.get(f"/questions/{q['id']}").get_json()["answers"][0]["body"] == a["body"]
    assert_error(moderator.post("/suggested-edits/999999/approve", {}), 404)


def test_members_with_enough_reputation_edit_others_posts_directly(people, member):
    q = member.ask()
    editor = with_reputation(member.app, people.member(), 1000)
    response = editor.patch(f"/questions/{q['id']}", {"title": "A clearer title written by someone else"})
    assert (
        response.status_code == 200
        and response.get_json()["title"] == "A clearer title written by someone else"
    )


def test_admins_promote_and_demote_moderators(people, member, moderator, anon):
    admin = people.admin()
    assert admin.patch(f"/users/{member.id}", {"role": "moderator"}).get_json()["role"] == "moderator"
    assert member.get("/moderation/queue").status_code == 200
    assert anon.get(f"/users/{member.id}").get_json()["role"] == "moderator"
    assert admin.patch(f"/users/{member.id}", {"role": "member"}).get_json()["role"] == "member"
    assert_error(member.get("/moderation/queue"), 403)
    assert_error(moderator.patch(f"/users/{member.id}", {"role": "moderator"}), 403)
    assert_error(admin.patch(f"/users/{member.id}", {"role": "admin"}), 422)
    assert_error(admin.patch(f"/users/{people.admin().id}", {"role": "member"}), 403)
    assert [x[0] for x in _actions(admin)] == ["demote", "promote"]


def test_sign_up_can_be_restricted_to_email_domains(app, anon):
    app.config["ALLOWED_EMAIL_DOMAINS"] = ["example.org"]
    account = {
        "email": "someone@elsewhere.com",
        "password": "correct horse battery",
        "display_name": "Some One",
    }
    body = assert_error(anon.post("/auth/register", account), 422)
    assert "example.org" in body["errors"]["email"][0]
    response = anon.post("/auth/register", {**account, "email": "Someone@Example.org"})
    assert response.status_code == 201, response.get_json()


def test_premoderation_holds_the_first_posts_of_new_members_in_the_queue(app, people, moderator):
    """More in test_premoderation.py."""
    newcomer = people.member()
    newcomer.ask()  # before pre-moderation: published, and it counts as an approved post
    assert moderator.get("/moderation/queue").get_json()["first_posts"] == []
    app.config["PREMODERATION"] = True
    assert newcomer.ask()["hidden"] is False
    q = people.member().ask()
    first = moderator.get("/moderation/queue").get_json()["first_posts"]
    assert [(p["post_type"], p["post_id"], p["hidden"]) for p in first] == [("question", q["id"], True)]


def test_a_hidden_question_leaves_its_tags_counts_and_lists(member, moderator, anon):
    q = member.ask(tags=["payroll"])
    assert anon.get("/tags/payroll").get_json()["question_count"] == 1
    moderator.post(f"/questions/{q['id']}/hide", REASON)
    assert anon.get("/tags/payroll").get_json()["question_count"] == 0
    assert anon.get("/questions", tag="payroll").get_json()["meta"]["total"] == 0
    assert moderator.get("/questions", tag="payroll").get_json()["meta"]["total"] == 1
    moderator.post(f"/questions/{q['id']}/restore", {})
    assert anon.get("/tags/payroll").get_json()["question_count"] == 1
    assert anon.get("/questions", tag="payroll").get_json()["meta"]["total"] == 1
    moderator.post(f"/questions/{q['id']}/hide", REASON)
    assert member.delete(f"/questions/{q['id']}").status_code == 204
    assert anon.get("/tags/payroll").get_json()["question_count"] == 0


MODERATOR_ONLY = [
    ("post", "/questions/{q}/hide"),
    ("post", "/questions/{q}/restore"),
    ("post", "/questions/{q}/flags/dismiss"),
    ("post", "/answers/{a}/hide"),
    ("post", "/comments/{c}/restore"),
    ("post", "/questions/{q}/lock"),
    ("delete", "/questions/{q}/lock"),
    ("post", "/questions/{q}/duplicate"),
    ("delete", "/questions/{q}/duplicate"),
    ("post", "/users/{u}/suspension"),
    ("delete", "/users/{u}/suspension"),
    ("patch", "/users/{u}"),
    ("patch", "/tags/equipment"),
    ("get", "/moderation/queue"),
    ("get", "/moderation/log"),
]


@pytest.mark.parametrize(("method", "path"), MODERATOR_ONLY)
def test_a_member_is_refused_before_a_moderators_request_is_checked(people, member, method, path):
    """A malformed request (no reason, unknown fields) from a member is 403, not 422: members
    learn that they may not, not what a moderator would have to send."""
    q = people.member().ask(tags=["equipment"])
    a = people.member().answer(q["id"])
    c = people.member().post(f"/answers/{a['id']}/comments", {"body": "A comment."}).get_json()
    url = path.format(q=q["id"], a=a["id"], c=c["id"], u=people.member().id)
    if method == "get":
        response = member.get(url, page="not a number")
    else:
        response = getattr(member, method)(url, json={"unknown": True})
    assert assert_error(response, 403)["errors"] == {}
