"""Admins find people, change roles, deactivate, reactivate and delete accounts."""

from __future__ import annotations

from sqlalchemy import select

from backend.extensions import db
from backend.models import ModerationAction
from tests.people import PASSWORD, ApiClient


def test_admins_find_people_by_name_or_email(people, admin):
    people.member("Grace Hopper", email="grace@navy.example")
    people.member("Alan Turing", email="alan@bletchley.example")
    found = admin.get("/admin/users", q="hopper").get_json()
    assert [p["display_name"] for p in found["items"]] == ["Grace Hopper"]
    assert found["items"][0]["email"] == "grace@navy.example" and found["items"][0]["sso"] is False
    assert [p["display_name"] for p in admin.get("/admin/users", q="BLETCHLEY").get_json()["items"]] == [
        "Alan Turing"
    ]
    assert admin.get("/admin/users", q="%").get_json()["meta"]["total"] == 0
    assert admin.get("/admin/users").get_json()["meta"]["total"] == 3


def test_only_admins_see_people(anon, member, moderator):
    assert anon.get("/admin/users").status_code == 401
    assert member.get("/admin/users").status_code == 403
    assert moderator.get("/admin/users").status_code == 403


def test_deactivating_ends_sessions_and_reactivating_lets_them_back(app, people, admin):
    person = people.member(email="dee@example.com")
    response = admin.patch(f"/admin/users/{person.id}", {"is_active": False})
    assert response.status_code == 200 and response.get_json()["is_active"] is False
    assert person.get("/auth/me").status_code == 401
    login = {"email": "dee@example.com", "password": PASSWORD}
    assert ApiClient(app).post("/auth/login", login).status_code == 403
    assert admin.patch(f"/admin/users/{person.id}", {"is_active": True}).status_code == 200
    assert ApiClient(app).post("/auth/login", login).status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(ModerationAction.action).order_by(ModerationAction.id)).all()
    assert actions == ["account-deactivate", "account-reactivate"]


def test_roles_change_but_the_last_admin_stays(people, admin):
    person = people.member()
    assert admin.patch(f"/admin/users/{person.id}", {"role": "admin"}).get_json()["role"] == "admin"
    assert person.get("/admin/users").status_code == 200
    assert person.patch(f"/admin/users/{admin.id}", {"role": "member"}).status_code == 200
    refused = person.patch(f"/admin/users/{person.id}", {"role": "member"})
    assert refused.status_code == 409 and "only admin" in refused.get_json()["message"]
    assert person.patch(f"/admin/users/{person.id}", {"is_active": False}).status_code == 409
    assert person.patch(f"/admin/users/{person.id}", {"role": "owner"}).status_code == 422
    assert person.patch(f"/admin/users/{person.id}", {}).status_code == 422


def test_admins_delete_accounts_as_their_owners_would(people, admin, anon):
    person = people.member("Erin")
    question = person.ask()
    assert admin.delete(f"/admin/users/{person.id}").status_code == 204
    assert anon.get(f"/questions/{question['id']}").get_json()["author"]["display_name"] == "former member"
    assert admin.get(f"/admin/users/{person.id}").status_code in (404, 405)
    assert admin.delete(f"/admin/users/{person.id}").status_code == 404
    assert admin.delete(f"/admin/users/{admin.id}").status_code == 409
