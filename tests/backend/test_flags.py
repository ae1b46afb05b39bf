"""Flags: one per person and post, from members with enough reputation; at the threshold the
post is hidden pending review, its author is told why and can edit it back into review."""

from __future__ import annotations

from tests.backend.moderation_helpers import assert_error, flag, notifications, trusted, with_reputation


def test_three_flags_hide_a_question_from_everyone_but_its_author_and_moderators(
    people, member, moderator, anon
):
    q = member.ask(title="Why is the staging database so slow today?")
    flaggers = [trusted(people) for _ in range(3)]
    first = flag(flaggers[0], "questions", q["id"], "spam")
    assert first.status_code == 201, first.get_json()
    assert first.get_json() == {
        "post_type": "question", "post_id": q["id"], "reason": "spam", "flag_count": 1, "hidden": False
    }  # fmt: skip
    assert flag(flaggers[1], "questions", q["id"]).get_json()["hidden"] is False
    assert anon.get(f"/questions/{q['id']}").status_code == 200
    third = flag(flaggers[2], "questions", q["id"], "off-topic", note="Belongs in the IT channel")
    assert third.get_json()["hidden"] is True and third.get_json()["flag_count"] == 3

    assert anon.get(f"/questions/{q['id']}").status_code == 404
    assert anon.get(f"/questions/{q['id']}/revisions").status_code == 404
    assert q["id"] not in [i["id"] for i in anon.get("/questions").get_json()["items"]]
    assert anon.get("/questions").get_json()["meta"]["total"] == 0
    assert flaggers[0].get(f"/questions/{q['id']}").status_code == 404
    assert anon.get(f"/users/{member.id}").get_json()["question_count"] == 0
    # The author sees it, marked, and so do moderators.
    mine = member.get(f"/questions/{q['id']}").get_json()
    assert mine["hidden"] is True
    assert [i["hidden"] for i in member.get("/questions").get_json()["items"]] == [True]
    assert member.get(f"/users/{member.id}").get_json()["question_count"] == 1
    assert moderator.get(f"/questions/{q['id']}").get_json()["hidden"] is True


def test_two_flags_are_not_enough(people, member, anon):
    q = member.ask()
    for person in (trusted(people), trusted(people)):
        assert flag(person, "questions", q["id"]).get_json()["hidden"] is False
    assert anon.get(f"/questions/{q['id']}").get_json()["hidden"] is False


def test_one_spam_flag_from_a_moderator_hides_the_post(member, moderator, anon):
    q = member.ask()
    response = flag(moderator, "questions", q["id"], "spam")
    assert response.get_json()["hidden"] is True
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    log = moderator.get("/moderation/log").get_json()["items"]
    assert [(e["action"], e["target_type"], e["target_id"]) for e in log] == [("hide", "question", q["id"])]


def test_a_moderators_other_flags_count_like_anyone_elses(member, moderator, anon):
    q = member.ask()
    assert flag(moderator, "questions", q["id"], "offensive").get_json()["hidden"] is False


def test_one_flag_per_person_and_post(people, member):
    q = member.ask()
    flagger = trusted(people)
    assert flag(flagger, "questions", q["id"]).status_code == 201
    body = assert_error(flag(flagger, "questions", q["id"], "spam"), 409)
    assert "already flagged" in body["message"]
    # A different post is fine.
    a = people.member().answer(q["id"])
    assert flag(flagger, "answers", a["id"]).status_code == 201


def test_flagging_needs_reputation(member, people):
    q = member.ask()
    newcomer = people.member()
    body = assert_error(flag(newcomer, "questions", q["id"]), 403)
    assert "15 reputation" in body["message"]


def test_nobody_flags_their_own_post(people):
    author = trusted(people)
    q = author.ask()
    assert_error(flag(author, "questions", q["id"]), 403)


def test_flags_must_have_a_known_reason_and_a_short_note(people, member):
    q = member.ask()
    flagger = trusted(people)
    body = assert_error(flag(flagger, "questions", q["id"], "boring"), 422)
    assert "reason" in body["errors"]
    assert_error(flag(flagger, "questions", q["id"], note="x" * 501), 422)
    assert_error(flagger.post(f"/questions/{q['id']}/flag", {"reason": "spam", "extra": 1}), 422)
    assert_error(flag(flagger, "questions", 999999), 404)
    # Nothing was written: the flag can still be made.
    assert flag(flagger, "questions", q["id"]).status_code == 201


def test_a_hidden_answer_leaves_the_thread_and_its_answer_count(people, member, anon):
    q = member.ask()
    helper = people.member()
    a = helper.answer(q["id"])
    for person in (trusted(people), trusted(people), trusted(people)):
        flag(person, "answers", a["id"], "misinformation")
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert thread["answers"] == [] and thread["answer_count"] == 0
    assert anon.get("/questions", sort="unanswered").get_json()["meta"]["total"] == 1
    assert anon.get(f"/users/{helper.id}").get_json()["answer_count"] == 0
    (own,) = helper.get(f"/questions/{q['id']}").get_json()["answers"]
    assert own["hidden"] is True


def test_a_hidden_comment_disappears_for_others(people, member, anon):
    q = member.ask()
    commenter = people.member()
    c = commenter.post(f"/questions/{q['id']}/comments", {"body": "This is a rude remark."}).get_json()
    for person in (trusted(people), trusted(people), trusted(people)):
        flag(person, "comments", c["id"])
    assert anon.get(f"/questions/{q['id']}").get_json()["comments"] == []
    (own,) = commenter.get(f"/questions/{q['id']}").get_json()["comments"]
    assert own["hidden"] is True


def test_the_author_is_told_why_kindly(people, member):
    q = member.ask()
    for person in (trusted(people), trusted(people), trusted(people)):
        flag(person, "questions", q["id"], "off-topic")
    notes = notifications(member)
    if notes is None:
        return  # no in-app notifications on this install
    (note,) = notes
    assert note["actor"] is None
    assert note["data"]["action"] == "hidden"
    assert "off-topic" in note["data"]["reason"] and "edit" in note["data"]["reason"]


def test_an_author_edit_sends_a_hidden_post_back_for_review(people, member, moderator, anon):
    q = member.ask()
    for person in (trusted(people), trusted(people), trusted(people)):
        flag(person, "questions", q["id"])
    assert [p["post_id"] for p in moderator.get("/moderation/queue").get_json()["posts"]] == [q["id"]]
    # The moderator reviews it and keeps it hidden: it leaves the queue.
    assert moderator.post(f"/questions/{q['id']}/hide", {"reason": "Personal remarks."}).status_code == 200
    assert moderator.get("/moderation/queue").get_json()["posts"] == []
    # The author edits it: still hidden, back in the queue.
    edited = member.patch(
        f"/questions/{q['id']}", {"body": "I rewrote this without the remarks about people."}
    )
    assert edited.status_code == 200 and edited.get_json()["hidden"] is True
    assert anon.get(f"/questions/{q['id']}").status_code == 404
    (item,) = moderator.get("/moderation/queue").get_json()["posts"]
    assert item["post_id"] == q["id"] and item["hidden"] is True and item["edited_since_hidden"] is True


def test_nobody_answers_comments_on_or_votes_on_a_post_hidden_from_them(people, member, moderator):
    q = member.ask()
    a = people.member().answer(q["id"])
    moderator.post(f"/answers/{a['id']}/hide", {"reason": "Personal data in the answer."})
    other = people.member()
    assert_error(other.vote("answers", a["id"], 1), 404)
    assert_error(other.post(f"/answers/{a['id']}/comments", {"body": "Is this still true?"}), 404)
    assert_error(member.accept(a["id"]), 404)  # the asker cannot accept what they cannot see
    moderator.post(f"/questions/{q['id']}/hide", {"reason": "Personal data in the question."})
    assert_error(
        other.post(f"/questions/{q['id']}/answers", {"body": "An answer to a hidden question."}), 404
    )
    assert_error(other.vote("questions", q["id"], 1), 404)
    assert_error(other.post(f"/questions/{q['id']}/comments", {"body": "A comment."}), 404)
    # Its author still may (the edit path is how a hidden post comes back).
    assert (
        member.post(f"/questions/{q['id']}/comments", {"body": "I removed the phone number."}).status_code
        == 201
    )


def test_nobody_edits_or_suggests_an_edit_to_a_post_hidden_from_them(people, member, moderator):
    q = member.ask()
    helper = people.member()
    a = helper.answer(q["id"])
    moderator.post(f"/answers/{a['id']}/hide", {"reason": "Personal data in the answer."})
    newcomer = people.member()  # without the privilege: an edit would be a suggestion
    privileged = with_reputation(member.app, people.member(), 1000)  # would edit directly
    for person in (newcomer, privileged):
        assert_error(person.patch(f"/answers/{a['id']}", {"body": "A better answer, I promise."}), 404)
    moderator.post(f"/questions/{q['id']}/hide", {"reason": "Personal data in the question."})
    for person in (newcomer, privileged):
        assert_error(person.patch(f"/questions/{q['id']}", {"title": "A clearer title for this one"}), 404)
    assert moderator.get("/moderation/queue").get_json()["suggested_edits"] == []
    # Its author still may (the edit sends it back for review).
    assert (
        member.patch(f"/questions/{q['id']}", {"title": "A title without a phone number"}).status_code == 200
    )


def test_nobody_edits_or_suggests_an_edit_to_an_answer_in_a_question_hidden_from_them(
    people, member, moderator
):
    q = member.ask()
    helper = people.member()
    a = helper.answer(q["id"])
    moderator.post(f"/questions/{q['id']}/hide", {"reason": "Personal data in the question."})
    for person in (people.member(), with_reputation(member.app, people.member(), 1000)):
        assert_error(person.patch(f"/answers/{a['id']}", {"body": "A better answer, I promise."}), 404)
    assert moderator.get("/moderation/queue").get_json()["suggested_edits"] == []
    # The thread is gone for its answerer too, as on every other path; moderators still edit.
    assert_error(helper.patch(f"/answers/{a['id']}", {"body": "My own answer, clearer now."}), 404)
    assert moderator.patch(f"/answers/{a['id']}", {"body": "Edited by a moderator."}).status_code == 200
