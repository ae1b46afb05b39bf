"""Editing comments: their author for the first minutes (COMMENT_EDIT_MINUTES, a site
setting), moderators any time; the earlier texts are kept and shown to the author and
moderators, with what each edit changed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from backend.extensions import db
from backend.models import Comment, utcnow
from tests.backend.moderation_helpers import assert_error


def _comment(person, question_id, body="Which version are you on?"):
    response = person.post(f"/questions/{question_id}/comments", {"body": body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _posted_ago(app, comment_id, minutes):
    with app.app_context():
        db.session.execute(
            update(Comment)
            .where(Comment.id == comment_id)
            .values(created_at=utcnow() - timedelta(minutes=minutes))
        )
        db.session.commit()


def test_the_author_fixes_a_comment_and_everyone_reads_the_new_text(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    c = _comment(helper, q["id"], "Which verison are you on?")
    assert c["can_edit"] is True and c["updated_at"] == c["created_at"]
    response = helper.patch(f"/comments/{c['id']}", {"body": "Which *version* are you on?"})
    assert response.status_code == 200, response.get_json()
    edited = response.get_json()
    assert edited["body"] == "Which *version* are you on?" and "<em>version</em>" in edited["body_html"]
    assert edited["updated_at"] > edited["created_at"]
    assert edited["author"]["id"] == helper.id
    (shown,) = anon.get(f"/questions/{q['id']}").get_json()["comments"]
    assert shown["body"] == "Which *version* are you on?" and shown["updated_at"] == edited["updated_at"]
    assert shown["can_edit"] is False


def test_the_earlier_texts_are_kept_for_the_author_and_moderators(people, moderator, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    c = _comment(helper, q["id"], "Try restarting the laptop.")
    assert helper.get(f"/comments/{c['id']}/revisions").get_json() == {"items": []}
    helper.patch(f"/comments/{c['id']}", {"body": "Try restarting the VPN client."})
    moderator.patch(f"/comments/{c['id']}", {"body": "Try restarting the VPN client first."})
    for reader in (helper, moderator):
        items = reader.get(f"/comments/{c['id']}/revisions").get_json()["items"]
        assert [r["body"] for r in items] == [
            "Try restarting the VPN client first.",
            "Try restarting the VPN client.",
            "Try restarting the laptop.",
        ]
        assert [r["editor"]["id"] for r in items] == [moderator.id, helper.id, helper.id]
        assert items[1]["diff_html"] == "Try restarting the <del>laptop</del><ins>VPN client</ins>."
        assert items[2]["diff_html"] is None
    assert_error(asker.get(f"/comments/{c['id']}/revisions"), 403)
    assert_error(anon.get(f"/comments/{c['id']}/revisions"), 401)


def test_the_author_may_edit_only_within_the_window(app, people, admin):
    asker = people.member()
    q = asker.ask()
    c = _comment(asker, q["id"])
    _posted_ago(app, c["id"], 6)
    body = assert_error(asker.patch(f"/comments/{c['id']}", {"body": "Too late to change this"}), 403)
    assert "5 minutes" in body["message"]
    thread = asker.get(f"/questions/{q['id']}").get_json()
    assert thread["comments"][0]["can_edit"] is False and thread["comments"][0]["can_delete"] is True
    assert thread["comments"][0]["body"] == "Which version are you on?"

    assert admin.patch("/admin/settings", {"COMMENT_EDIT_MINUTES": 10}).status_code == 200
    assert asker.get(f"/questions/{q['id']}").get_json()["comments"][0]["can_edit"] is True
    assert asker.patch(f"/comments/{c['id']}", {"body": "Still in time now"}).status_code == 200
    assert admin.patch("/admin/settings", {"COMMENT_EDIT_MINUTES": 0}).status_code == 200
    body = assert_error(asker.patch(f"/comments/{c['id']}", {"body": "Not on this site"}), 403)
    assert "cannot be edited" in body["message"]


def test_moderators_edit_any_comment_any_time_and_others_never(app, people, moderator):
    asker, other = people.member(), people.member()
    q = asker.ask()
    c = _comment(asker, q["id"], "Call me on 0123 456 789 about it.")
    assert_error(other.patch(f"/comments/{c['id']}", {"body": "Someone else's words"}), 403)
    _posted_ago(app, c["id"], 60 * 24 * 30)
    assert moderator.get(f"/questions/{q['id']}").get_json()["comments"][0]["can_edit"] is True
    response = moderator.patch(f"/comments/{c['id']}", {"body": "Call me about it (number removed)."})
    assert response.status_code == 200 and response.get_json()["can_edit"] is True


def test_bad_edits_change_nothing(people, moderator):
    asker = people.member()
    q = asker.ask()
    c = _comment(asker, q["id"])
    for bad in ({"body": "x"}, {"body": "y" * 601}, {}, {"body": 5}):
        assert_error(asker.patch(f"/comments/{c['id']}", bad), 422)
    assert_error(asker.patch("/comments/999999", {"body": "Nothing here to edit"}), 404)
    assert asker.delete(f"/comments/{c['id']}").status_code == 204
    assert_error(asker.patch(f"/comments/{c['id']}", {"body": "A deleted comment"}), 404)
    assert asker.get(f"/questions/{q['id']}").get_json()["comments"] == []


def test_a_locked_thread_keeps_its_comments_as_they_are_except_for_moderators(people, moderator):
    asker = people.member()
    q = asker.ask()
    c = _comment(asker, q["id"])
    assert moderator.post(f"/questions/{q['id']}/lock", {"reason": "Heated."}).status_code == 200
    assert_error(asker.patch(f"/comments/{c['id']}", {"body": "Changed after the lock"}), 403)
    assert moderator.patch(f"/comments/{c['id']}", {"body": "Tidied by a moderator"}).status_code == 200


def test_an_edited_hidden_comment_comes_back_to_the_moderators(people, moderator):
    asker = people.member()
    q = asker.ask()
    c = _comment(asker, q["id"], "Something a moderator hid.")
    assert moderator.post(f"/comments/{c['id']}/hide", {"reason": "Rude."}).status_code == 200
    assert moderator.get("/moderation/queue").get_json()["posts"] == []
    assert asker.patch(f"/comments/{c['id']}", {"body": "Said more kindly now."}).status_code == 200
    (item,) = moderator.get("/moderation/queue").get_json()["posts"]
    assert item["post_type"] == "comment" and item["post_id"] == c["id"] and item["edited_since_hidden"]
