"""Rate limits on posting, voting and flagging: 429 with the error body and Retry-After."""

from __future__ import annotations

from flask_limiter.util import get_qualified_name

from backend.extensions import limiter
from tests.backend.moderation_helpers import assert_error, flag, trusted


def assert_limited(response):
    body = assert_error(response, 429)
    assert body["status"] == "Too Many Requests"
    assert int(response.headers["Retry-After"]) > 0


def test_posting_is_limited_per_person_across_questions_answers_and_comments(app, people, member, anon):
    app.config["POST_LIMIT"] = "3 per minute"
    q = member.ask()
    member.answer(q["id"])
    assert member.post(f"/questions/{q['id']}/comments", {"body": "A third post."}).status_code == 201
    assert_limited(member.post(f"/questions/{q['id']}/comments", {"body": "A fourth post."}))
    assert_limited(member.post(f"/questions/{q['id']}/answers", {"body": "A fourth post, as an answer."}))
    assert len(anon.get(f"/questions/{q['id']}").get_json()["comments"]) == 1
    # Someone else is not affected.
    assert people.member().answer(q["id"])["id"]


def test_voting_is_limited(app, people, member):
    app.config["VOTE_LIMIT"] = "2 per minute"
    q = member.ask()
    voter = people.member()
    assert voter.vote("questions", q["id"], 1).status_code == 200
    assert voter.vote("questions", q["id"], 0).status_code == 200
    assert_limited(voter.vote("questions", q["id"], 1))
    assert member.get(f"/questions/{q['id']}").get_json()["score"] == 0


def test_flagging_is_limited(app, people, member):
    app.config["FLAG_LIMIT"] = "1 per minute"
    flagger = trusted(people)
    first, second = member.ask(), member.ask()
    assert flag(flagger, "questions", first["id"]).status_code == 201
    assert_limited(flag(flagger, "questions", second["id"]))


def test_only_writes_carry_rate_limits(app):
    """Reads skip the limiter altogether (backend/extensions.py): a limit on a GET would never apply."""
    limited = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            name = get_qualified_name(app.view_functions[rule.endpoint])
            limited[rule.rule, frozenset(rule.methods or ())] = limiter.limit_manager.decorated_limits(name)
    assert limited[("/api/v1/questions", frozenset({"POST", "OPTIONS"}))]  # the check can see limits
    assert [route for (route, methods), limits in limited.items() if limits and "GET" in methods] == []
