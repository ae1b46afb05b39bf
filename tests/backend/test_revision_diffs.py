"""Revisions of answers (like questions'), each showing what changed from the one before,
word by word, as escaped HTML with <del> and <ins>."""

from __future__ import annotations

from backend.text_diff import word_diff
from tests.people import ApiClient, People

FIRST = "Restart the VPN client, then sign in again with your badge number."
SECOND = "Restart the VPN client, then sign in again with your employee number."
THIRD = "Restart the VPN client twice, then sign in again with your employee number <script>x</script>."


def test_an_answers_revisions_show_each_change(people: People, anon: ApiClient):
    asker, helper = people.member(), people.member("Hal Helper")
    question = asker.ask(title="Why does the VPN drop every hour at the office?")
    answer = helper.answer(question["id"], FIRST)
    assert helper.patch(f"/answers/{answer['id']}", {"body": SECOND}).status_code == 200
    assert helper.patch(f"/answers/{answer['id']}", {"body": THIRD}).status_code == 200

    response = anon.get(f"/answers/{answer['id']}/revisions")
    assert response.status_code == 200
    newest, middle, first = response.get_json()["items"]
    assert [newest["body"], middle["body"], first["body"]] == [THIRD, SECOND, FIRST]
    assert middle["diff_html"] == word_diff(FIRST, SECOND)
    assert "<del>badge</del><ins>employee</ins>" in middle["diff_html"]
    assert "<ins> twice</ins>" in newest["diff_html"]
    # Every word is escaped: only the diff's own tags are markup.
    assert "&lt;script&gt;" in newest["diff_html"] and "<script>" not in newest["diff_html"]
    assert first["diff_html"] is None
    assert newest["editor"]["display_name"] == "Hal Helper"


def test_a_questions_revisions_show_title_and_body_changes(people: People, anon: ApiClient):
    asker, body = people.member(), "Which tool books rooms for guests?"
    question = asker.ask(title="How do I book a room for visitors?", body=body)
    edited = {"title": "How do I book a meeting room for visitors?", "body": body}
    assert asker.patch(f"/questions/{question['id']}", edited).status_code == 200
    newest, first = anon.get(f"/questions/{question['id']}/revisions").get_json()
    assert newest["title_diff_html"] == "How do I book a <ins>meeting </ins>room for visitors?"
    assert newest["diff_html"] == body  # the body did not change
    assert first["diff_html"] is None and first["title_diff_html"] is None


def test_a_hidden_or_missing_answer_has_no_revisions_to_show(people: People, moderator: ApiClient):
    asker, helper, other = people.member(), people.member(), people.member()
    question = asker.ask(title="Where is the printer on the third floor?")
    answer = helper.answer(question["id"], "Next to the kitchen, behind the blue door.")
    hidden = moderator.post(f"/answers/{answer['id']}/hide", {"reason": "Wrong floor, please check."})
    assert hidden.status_code == 200
    assert other.get(f"/answers/{answer['id']}/revisions").status_code == 404
    assert helper.get(f"/answers/{answer['id']}/revisions").status_code == 200  # its author
    assert moderator.get(f"/answers/{answer['id']}/revisions").status_code == 200
    missing = other.get("/answers/999999/revisions")
    assert missing.status_code == 404 and missing.get_json()["code"] == 404


def test_the_author_or_a_moderator_rolls_an_answer_back(people: People, moderator: ApiClient):
    asker, helper, other = people.member(), people.member(), people.member()
    question = asker.ask(title="Why does the VPN drop every hour at the office?")
    answer = helper.answer(question["id"], FIRST)
    assert helper.patch(f"/answers/{answer['id']}", {"body": SECOND}).status_code == 200
    _, first = helper.get(f"/answers/{answer['id']}/revisions").get_json()["items"]

    rollback = f"/answers/{answer['id']}/revisions/{first['id']}/rollback"
    refused = other.post(rollback)
    assert refused.status_code == 403 and refused.get_json()["code"] == 403
    restored = helper.post(rollback)
    assert restored.status_code == 200 and restored.get_json()["body"] == FIRST
    newest, *_ = items = helper.get(f"/answers/{answer['id']}/revisions").get_json()["items"]
    assert len(items) == 3 and newest["body"] == FIRST
    assert "<del>employee</del><ins>badge</ins>" in newest["diff_html"]
    assert moderator.post(rollback).status_code == 200  # already there: no new revision
    assert len(helper.get(f"/answers/{answer['id']}/revisions").get_json()["items"]) == 3


def test_a_question_rolls_back_title_body_and_tags(people: People, moderator: ApiClient):
    asker = people.member()
    question = asker.ask(title="How do I book a room for visitors?", tags=["onboarding"])
    edit = {"title": "Booking rooms for visitors", "tags": ["facilities"]}
    assert asker.patch(f"/questions/{question['id']}", edit).status_code == 200
    first = asker.get(f"/questions/{question['id']}/revisions").get_json()[-1]
    back = moderator.post(f"/questions/{question['id']}/revisions/{first['id']}/rollback")
    assert back.status_code == 200
    assert back.get_json()["title"] == "How do I book a room for visitors?"
    assert back.get_json()["tags"] == ["onboarding"]


def test_a_revision_of_another_post_is_not_found(people: People):
    asker, helper = people.member(), people.member()
    one = asker.ask(title="Where is the printer on the third floor?")
    two = asker.ask(title="Who orders new badges for visitors?")
    answer = helper.answer(one["id"], "Next to the kitchen, behind the blue door.")
    of_two = asker.get(f"/questions/{two['id']}/revisions").get_json()[-1]
    assert asker.post(f"/questions/{one['id']}/revisions/{of_two['id']}/rollback").status_code == 404
    assert helper.post(f"/answers/{answer['id']}/revisions/{of_two['id']}/rollback").status_code == 404
    assert asker.post(f"/questions/{one['id']}/revisions/999999/rollback").status_code == 404
