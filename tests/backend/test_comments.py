def test_commenting_on_questions_and_answers(people, anon):
    asker, helper = people.member(), people.member()
    q = asker.ask()
    a = helper.answer(q["id"])
    on_question = helper.post(f"/questions/{q['id']}/comments", {"body": "Which version are you on?"})
    on_answer = asker.post(f"/answers/{a['id']}/comments", {"body": "That worked, *thanks*!"})
    assert on_question.status_code == 201 and on_answer.status_code == 201
    assert "<em>thanks</em>" in on_answer.get_json()["body_html"]
    thread = anon.get(f"/questions/{q['id']}").get_json()
    assert [c["body"] for c in thread["comments"]] == ["Which version are you on?"]
    assert [c["body"] for c in thread["answers"][0]["comments"]] == ["That worked, *thanks*!"]


def test_comment_authors_and_moderators_can_delete(people, moderator, anon):
    asker, other = people.member(), people.member()
    q = asker.ask()
    first = asker.post(f"/questions/{q['id']}/comments", {"body": "First comment here"}).get_json()
    second = asker.post(f"/questions/{q['id']}/comments", {"body": "Second comment here"}).get_json()
    assert other.delete(f"/comments/{first['id']}").status_code == 403
    assert asker.delete(f"/comments/{first['id']}").status_code == 204
    assert moderator.delete(f"/comments/{second['id']}").status_code == 204
    assert anon.get(f"/questions/{q['id']}").get_json()["comments"] == []
    assert asker.delete(f"/comments/{first['id']}").status_code == 404


def test_comments_have_limits(member):
    q = member.ask()
    assert member.post(f"/questions/{q['id']}/comments", {"body": "x"}).status_code == 422
    assert member.post(f"/questions/{q['id']}/comments", {"body": "y" * 601}).status_code == 422
    assert member.post("/questions/999999/comments", {"body": "Hello there"}).status_code == 404
