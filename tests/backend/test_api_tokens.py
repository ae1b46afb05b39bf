"""Personal API tokens: scripts and bots authenticate with Authorization: Bearer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from backend.extensions import db
from backend.models import ApiToken, User, utcnow
from tests.people import ApiClient


def bearer(app, token: str) -> ApiClient:  # type: ignore[no-untyped-def]
    """A script: no cookie, no CSRF token, only the token."""
    script = ApiClient(app)
    script.client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return script


QUESTION = {
    "title": "How do I rotate the deploy key for the staging cluster?",
    "body": "The old key expires next week and the runbook does not say how to rotate it.",
    "tags": ["ops"],
}


def test_a_read_token_reads_as_its_owner_and_may_not_write(app, member):
    response = member.post("/me/tokens", {"name": "dashboard", "scopes": ["read"]})
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert made["token"].startswith("cpt_") and made["scopes"] == ["read"]

    script = bearer(app, made["token"])
    assert script.get("/auth/me").get_json()["id"] == member.id
    refused = script.post("/questions", QUESTION, csrf=False)
    assert refused.status_code == 403
    assert "only read" in refused.get_json()["message"]
    assert member.get("/questions").get_json()["meta"]["total"] == 0


def test_a_write_token_posts_without_a_cookie_or_csrf(app, member):
    token = member.post("/me/tokens", {"name": "bot", "scopes": ["write"]}).get_json()
    assert token["scopes"] == ["read", "write"]
    script = bearer(app, token["token"])
    response = script.post("/questions", QUESTION, csrf=False)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["author"]["id"] == member.id
    # No session cookie was handed out to the script.
    assert "commonplace_session" not in response.headers.get("Set-Cookie", "")


def test_the_list_never_shows_the_token_and_revoking_stops_it(app, member):
    made = member.post("/me/tokens", {"name": "ci", "scopes": ["read"], "expires_in_days": 30}).get_json()
    listed = member.get("/me/tokens").get_json()["items"]
    assert [t["name"] for t in listed] == ["ci"]
    assert "token" not in listed[0]
    assert made["token"].startswith(listed[0]["prefix"])
    assert listed[0]["expires_at"] is not None and listed[0]["last_used_at"] is None

    script = bearer(app, made["token"])
    assert script.get("/auth/me").status_code == 200
    assert member.get("/me/tokens").get_json()["items"][0]["last_used_at"] is not None
    with app.app_context():
        assert made["token"] not in {t.token_hash for t in db.session.scalars(select(ApiToken))}

    assert member.delete(f"/me/tokens/{made['id']}").status_code == 204
    response = script.get("/auth/me")
    assert response.status_code == 401
    assert "revoked" in response.get_json()["message"]
    assert member.delete(f"/me/tokens/{made['id']}").status_code == 404


def test_expired_tampered_and_foreign_tokens_are_refused(app, people, member):
    made = member.post("/me/tokens", {"name": "old", "scopes": ["read"], "expires_in_days": 1}).get_json()
    with app.app_context():
        db.session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    expired = bearer(app, made["token"]).get("/questions")
    assert expired.status_code == 401 and "expired" in expired.get_json()["message"]

    tampered = bearer(app, made["token"][:-1] + ("A" if made["token"][-1] != "A" else "B")).get("/questions")
    assert tampered.status_code == 401

    other = people.member()
    assert other.delete(f"/me/tokens/{made['id']}").status_code == 404


def test_tokens_cannot_manage_tokens(app, member):
    made = member.post("/me/tokens", {"name": "bot", "scopes": ["write"]}).get_json()
    script = bearer(app, made["token"])
    assert script.post("/me/tokens", {"name": "more", "scopes": ["write"]}, csrf=False).status_code == 403
    assert script.get("/me/tokens").status_code == 403
    assert script.delete(f"/me/tokens/{made['id']}", csrf=False).status_code == 403


def test_moderator_actions_still_need_a_moderators_token(app, member, moderator):
    question = member.ask()
    mine = member.post("/me/tokens", {"name": "bot", "scopes": ["write"]}).get_json()["token"]
    theirs = moderator.post("/me/tokens", {"name": "mod", "scopes": ["write"]}).get_json()["token"]
    assert bearer(app, mine).post(f"/questions/{question['id']}/lock", csrf=False).status_code == 403
    assert bearer(app, theirs).get("/moderation/queue").status_code == 200
    assert bearer(app, mine).get("/moderation/queue").status_code == 403


def test_a_deactivated_owners_tokens_stop_working(app, member):
    token = member.post("/me/tokens", {"name": "bot", "scopes": ["read"]}).get_json()["token"]
    with app.app_context():
        db.session.execute(update(User).where(User.id == member.id).values(is_active=False))
        db.session.commit()
    assert bearer(app, token).get("/auth/me").status_code == 401


def test_bad_token_requests_get_clear_errors(member):
    for body, field in [
        ({"scopes": ["read"]}, "name"),
        ({"name": "x", "scopes": ["admin"]}, "scopes"),
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "x", "scopes": ["read"], "expires_in_days": 0}, "expires_in_days"),
    ]:
        response = member.post("/me/tokens", body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"], body
    assert member.get("/me/tokens").get_json()["items"] == []


def test_making_tokens_needs_a_session_and_is_rate_limited(app, anon, member):
    assert anon.post("/me/tokens", {"name": "x", "scopes": ["read"]}).status_code == 401
    app.config["TOKEN_LIMIT"] = "2 per hour"
    codes = [member.post("/me/tokens", {"name": f"t{n}", "scopes": ["read"]}).status_code for n in range(3)]
    assert codes == [201, 201, 429]
