from sqlalchemy import select

from backend.extensions import db
from backend.models import User
from tests.people import PASSWORD, ApiClient


def register(client: ApiClient, email="ada@example.com", password=PASSWORD, display_name="Ada"):
    return client.post("/auth/register", {"email": email, "password": password, "display_name": display_name})


def test_registering_signs_the_person_in(anon):
    response = register(anon)
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "ada@example.com"
    assert body["role"] == "member"
    assert "password" not in body and "password_hash" not in body
    assert anon.get("/auth/me").get_json()["id"] == body["id"]


def test_passwords_are_stored_as_scrypt_hashes(app, anon):
    register(anon)
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.email == "ada@example.com"))
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored


def test_email_is_case_insensitive_and_unique(anon, app):
    assert register(anon, email="Ada@Example.com").status_code == 201
    other = ApiClient(app)
    response = register(other, email="ADA@example.COM")
    assert response.status_code == 409
    assert "email" in response.get_json()["errors"]


def test_short_passwords_are_rejected(anon):
    response = register(anon, password="seven77")
    assert response.status_code == 422
    assert "password" in response.get_json()["errors"]


def test_invalid_email_is_rejected(anon):
    response = register(anon, email="not-an-email")
    assert response.status_code == 422
    assert "email" in response.get_json()["errors"]


def test_login_and_logout(app, anon):
    register(anon)
    person = ApiClient(app)
    response = person.post("/auth/login", {"email": "ADA@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert person.get("/auth/me").status_code == 200
    assert person.post("/auth/logout").status_code == 204
    me = person.get("/auth/me")
    assert me.status_code == 401
    assert me.get_json()["code"] == 401


def test_wrong_password_and_unknown_email_get_the_same_answer(app, anon):
    register(anon)
    person = ApiClient(app)
    wrong = person.post("/auth/login", {"email": "ada@example.com", "password": "wrong password"})
    unknown = person.post("/auth/login", {"email": "nobody@example.com", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json()["message"] == unknown.get_json()["message"]


def test_me_needs_a_session(anon):
    assert anon.get("/auth/me").status_code == 401


def test_failed_logins_are_throttled_per_account(app, anon):
    register(anon)
    attacker = ApiClient(app)
    statuses = [
        attacker.post("/auth/login", {"email": "ada@example.com", "password": f"guess {i}"}).status_code
        for i in range(6)
    ]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    blocked = attacker.post("/auth/login", {"email": "ada@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    body = blocked.get_json()
    assert body["code"] == 429 and body["status"] == "Too Many Requests"
    assert int(blocked.headers["Retry-After"]) > 0


def test_failed_logins_are_throttled_per_address(app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    client = ApiClient(app)
    statuses = [
        client.post("/auth/login", {"email": f"p{i}@example.com", "password": "whatever1"}).status_code
        for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_successful_logins_do_not_count_against_the_limit(app, anon):
    register(anon)
    person = ApiClient(app)
    for _ in range(8):
        assert (
            person.post("/auth/login", {"email": "ada@example.com", "password": PASSWORD}).status_code == 200
        )


def test_placeholder_accounts_cannot_log_in(app, anon):
    with app.app_context():
        db.session.add(User(email="imported@example.com", display_name="Imported", password_hash=None))
        db.session.commit()
    response = anon.post("/auth/login", {"email": "imported@example.com", "password": PASSWORD})
    assert response.status_code == 401


def test_deactivated_accounts_cannot_log_in_and_lose_their_session(app, anon):
    register(anon)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ada@example.com"))
        user.is_active = False
        db.session.commit()
    assert anon.get("/auth/me").status_code == 401
    response = ApiClient(app).post("/auth/login", {"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 403


def test_the_imported_authors_domain_cannot_be_registered(anon):
    response = register(anon, email="se-coffee-4@Imported.Invalid")
    assert response.status_code == 422
    assert "email" in response.get_json()["errors"]
