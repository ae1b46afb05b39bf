"""Site settings: admins read and change the site's thresholds, sign-up domains and rate limits
at run time (GET/PATCH /admin/settings); the config's values stay the defaults."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, insert, select

from backend import create_app
from backend.extensions import db
from backend.models import SiteSetting, User
from backend.settings import services, site_setting
from backend.settings.definitions import SETTINGS
from tests.backend.moderation_helpers import assert_error, flag, trusted
from tests.conftest import TEST_CONFIG, close_app
from tests.guards import db_snapshot
from tests.people import PASSWORD, ApiClient, People

BACKEND = Path(__file__).resolve().parents[2] / "backend"


@pytest.fixture
def app_config() -> dict:
    # The production threshold back, so that lowering it shows (conftest relaxes it to 0).
    return {"DOWNVOTE_MIN_REPUTATION": 15}


@pytest.fixture
def admin(people: People) -> ApiClient:
    return people.admin("Ada Admin")


def settings_of(admin: ApiClient) -> dict[str, dict[str, Any]]:
    response = admin.get("/admin/settings")
    assert response.status_code == 200, response.get_json()
    return {item["name"]: item for item in response.get_json()}


def change(admin: ApiClient, **values: Any) -> dict[str, dict[str, Any]]:
    response = admin.patch("/admin/settings", values)
    assert response.status_code == 200, response.get_json()
    return {item["name"]: item for item in response.get_json()}


def setting_changes(moderator: ApiClient) -> list[str]:
    """The audit log's settings rows, newest first."""
    items = moderator.get("/moderation/log", per_page=100).get_json()["items"]
    return [item["reason"] for item in items if item["action"] == "change-setting"]


# -- reading ------------------------------------------------------------------------------


def test_admins_see_every_setting_with_its_value_default_and_description(app: Flask, admin: ApiClient):
    settings = settings_of(admin)
    assert list(settings) == list(SETTINGS)
    threshold = settings["FLAG_THRESHOLD"]
    assert threshold == {
        "name": "FLAG_THRESHOLD",
        "type": "integer",
        "description": SETTINGS["FLAG_THRESHOLD"].description,
        "minimum": 1,
        "maximum": 1000,
        "value": 3,
        "default": 3,
        "overridden": False,
        "updated_at": None,
        "updated_by": None,
    }
    assert settings["POST_LIMIT"]["value"] == app.config["POST_LIMIT"]
    assert settings["PREMODERATION"]["type"] == "boolean"
    assert settings["ALLOWED_EMAIL_DOMAINS"]["value"] == []
    assert all(item["description"] for item in settings.values())


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("member", 403), ("moderator", 403)])
def test_only_admins_may_see_the_settings(people: People, who: str, status: int):
    person = {
        "anonymous": lambda: ApiClient(people.app),
        "member": people.member,
        "moderator": people.moderator,
    }[who]()
    assert_error(person.get("/admin/settings"), status)


def test_the_config_stays_the_default_until_an_admin_overrides_it(app: Flask, admin: ApiClient):
    app.config["FLAG_THRESHOLD"] = 5  # as if the environment said FLAG_THRESHOLD=5
    assert settings_of(admin)["FLAG_THRESHOLD"]["value"] == 5
    settings = change(admin, FLAG_THRESHOLD=2)
    assert (settings["FLAG_THRESHOLD"]["value"], settings["FLAG_THRESHOLD"]["default"]) == (2, 5)


# -- changing -----------------------------------------------------------------------------


def test_an_admin_overrides_settings_and_is_named_as_their_last_editor(admin: ApiClient):
    settings = change(
        admin,
        FLAG_THRESHOLD=1,
        PREMODERATION=True,
        VOTE_LIMIT=" 5 per minute; 50 per day ",
        ALLOWED_EMAIL_DOMAINS=["Example.org", "example.org", "corp.example.com"],
    )
    assert settings["FLAG_THRESHOLD"]["value"] == 1 and settings["FLAG_THRESHOLD"]["overridden"]
    assert settings["PREMODERATION"]["value"] is True
    assert settings["VOTE_LIMIT"]["value"] == "5 per minute; 50 per day"
    assert settings["ALLOWED_EMAIL_DOMAINS"]["value"] == ["example.org", "corp.example.com"]
    assert settings["FLAG_THRESHOLD"]["updated_by"]["display_name"] == "Ada Admin"
    assert settings["FLAG_THRESHOLD"]["updated_at"]
    assert not settings["FLAG_MIN_REPUTATION"]["overridden"]
    assert settings_of(admin) == settings


def test_null_resets_a_setting_to_its_default(admin: ApiClient):
    change(admin, FLAG_THRESHOLD=1, POST_LIMIT="2 per minute")
    settings = change(admin, FLAG_THRESHOLD=None)
    assert settings["FLAG_THRESHOLD"]["value"] == 3
    assert settings["FLAG_THRESHOLD"]["overridden"] is False
    assert settings["POST_LIMIT"]["value"] == "2 per minute"  # untouched


def test_an_override_equal_to_the_default_is_kept_when_the_default_moves(app: Flask, admin: ApiClient):
    change(admin, FLAG_THRESHOLD=3)
    app.config["FLAG_THRESHOLD"] = 4
    settings = settings_of(admin)
    assert (settings["FLAG_THRESHOLD"]["value"], settings["FLAG_THRESHOLD"]["overridden"]) == (3, True)


def test_each_change_writes_one_audit_row_with_the_old_and_new_value(admin: ApiClient, moderator: ApiClient):
    change(admin, FLAG_THRESHOLD=1, POST_LIMIT="5 per minute")
    # The same value again and a reset of a setting never overridden are not changes.
    change(admin, FLAG_THRESHOLD=1, FLAG_MIN_REPUTATION=None, PREMODERATION=True)
    change(admin, FLAG_THRESHOLD=None)
    change(admin)
    assert setting_changes(moderator) == [
        "FLAG_THRESHOLD: 1 -> 3 (default)",
        "PREMODERATION: false (default) -> true",
        'POST_LIMIT: "10000 per minute" (default) -> "5 per minute"',
        "FLAG_THRESHOLD: 3 (default) -> 1",
    ]
    (entry, *_) = moderator.get("/moderation/log").get_json()["items"]
    assert entry["actor"]["display_name"] == "Ada Admin"
    assert entry["target_type"] == "setting"
    assert (entry["action"], entry["reason"]) == ("change-setting", "FLAG_THRESHOLD: 1 -> 3 (default)")


def test_a_long_change_is_cut_to_fit_the_audit_log(admin: ApiClient, moderator: ApiClient):
    domains = [f"department-{n}.example.com" for n in range(40)]
    change(admin, ALLOWED_EMAIL_DOMAINS=domains)
    (reason,) = setting_changes(moderator)
    assert reason.startswith('ALLOWED_EMAIL_DOMAINS: [] (default) -> ["department-0.example.com"')
    assert len(reason) == 500 and reason.endswith("…")
    assert settings_of(admin)["ALLOWED_EMAIL_DOMAINS"]["value"] == domains


# -- refusing -----------------------------------------------------------------------------

INVALID: list[tuple[str, Any]] = [
    ("FLAG_THRESHOLD", "2"),
    ("FLAG_THRESHOLD", True),
    ("FLAG_THRESHOLD", 2.5),
    ("FLAG_THRESHOLD", 2.0),
    ("FLAG_THRESHOLD", 0),
    ("FLAG_THRESHOLD", 1001),
    ("FLAG_MIN_REPUTATION", -1),
    ("DOWNVOTE_MIN_REPUTATION", 10**30),
    ("NEW_MEMBER_QUESTIONS_PER_DAY", 0),
    ("LABEL_MIN_REPUTATION", [500]),
    ("PREMODERATION", 1),
    ("PREMODERATION", "true"),
    ("POST_LIMIT", ""),
    ("POST_LIMIT", "lots"),
    ("POST_LIMIT", "5 per fortnight"),
    ("POST_LIMIT", "5 per minute;"),
    ("POST_LIMIT", "0 per minute"),
    ("POST_LIMIT", "5000000 per minute"),
    ("POST_LIMIT", "5 per 2 years"),
    ("POST_LIMIT", "5 per minute; " * 20),
    ("VOTE_LIMIT", 5),
    ("ALLOWED_EMAIL_DOMAINS", "example.com"),
    ("ALLOWED_EMAIL_DOMAINS", ["example.com", "not a domain"]),
    ("ALLOWED_EMAIL_DOMAINS", ["@example.com"]),
    ("ALLOWED_EMAIL_DOMAINS", [7]),
    ("ALLOWED_EMAIL_DOMAINS", [f"d{n}.example.com" for n in range(101)]),
    ("NO_SUCH_SETTING", 1),
    ("flag_threshold", 1),
    ("SECRET_KEY", "mine now"),
]


@pytest.mark.parametrize(("name", "value"), INVALID, ids=[f"{n}={v!r}"[:60] for n, v in INVALID])
def test_a_bad_value_is_refused_and_nothing_is_written(app: Flask, admin: ApiClient, name: str, value: Any):
    before = db_snapshot(app)
    # A valid change alongside: it is not written either.
    response = admin.patch("/admin/settings", {"INVITE_LIMIT": "3 per minute", name: value})
    body = assert_error(response, 422)
    assert list(body["errors"]) == [name], body
    assert all(isinstance(message, str) and message for message in body["errors"][name])
    assert db_snapshot(app) == before
    assert settings_of(admin)["INVITE_LIMIT"]["overridden"] is False


def test_every_bad_value_is_reported_at_once(admin: ApiClient):
    response = admin.patch("/admin/settings", {"FLAG_THRESHOLD": 0, "POST_LIMIT": "lots", "NOPE": 1})
    assert set(assert_error(response, 422)["errors"]) == {"FLAG_THRESHOLD", "POST_LIMIT", "NOPE"}


@pytest.mark.parametrize(
    "body", ['[{"FLAG_THRESHOLD": 1}]', '"FLAG_THRESHOLD=1"', "1", "null", '{"FLAG_THRESHOLD": 1']
)
def test_a_body_that_is_not_a_json_object_is_refused(app: Flask, admin: ApiClient, body: str):
    before = db_snapshot(app)
    response = admin.client.patch(
        "/api/v1/admin/settings",
        data=body,
        content_type="application/json",
        headers={"X-CSRF-Token": admin.csrf()},
    )
    assert response.status_code in (400, 422), response.get_json()
    assert_error(response, response.status_code)
    assert db_snapshot(app) == before


def test_non_admins_learn_nothing_from_a_bad_body(people: People):
    for person in (people.member(), people.moderator()):
        assert_error(person.patch("/admin/settings", {"NO_SUCH_SETTING": 1}), 403)


def test_a_stored_value_that_no_longer_fits_falls_back_to_the_default(app: Flask, admin: ApiClient, member):
    with app.app_context():
        db.session.execute(
            insert(SiteSetting).values(name="FLAG_THRESHOLD", value='"often"', updated_by_id=admin.id)
        )
        db.session.execute(
            insert(SiteSetting).values(name="POST_LIMIT", value="not json", updated_by_id=admin.id)
        )
        db.session.commit()
    app.extensions["site_settings"].forget()
    settings = settings_of(admin)
    assert (settings["FLAG_THRESHOLD"]["value"], settings["FLAG_THRESHOLD"]["overridden"]) == (3, False)
    assert member.ask()["id"]  # the posting limit still works
    # An admin can set it again.
    assert change(admin, FLAG_THRESHOLD=2)["FLAG_THRESHOLD"]["value"] == 2


# -- the settings change what the site does ------------------------------------------------


def test_lowering_the_downvote_threshold_lets_new_members_vote_down(people: People, admin: ApiClient):
    q = people.member().ask()
    voter = people.member()
    assert "15 reputation" in assert_error(voter.vote("questions", q["id"], -1), 403)["message"]
    change(admin, DOWNVOTE_MIN_REPUTATION=0)
    assert voter.vote("questions", q["id"], -1).get_json() == {"score": -1, "my_vote": -1}
    change(admin, DOWNVOTE_MIN_REPUTATION=20)
    message = assert_error(people.member().vote("questions", q["id"], -1), 403)["message"]
    assert "20 reputation" in message


def test_a_rate_limit_set_by_an_admin_applies_at_once(people: People, admin: ApiClient, member: ApiClient):
    q = member.ask()
    change(admin, POST_LIMIT="2 per minute")
    member.answer(q["id"])
    assert member.post(f"/questions/{q['id']}/comments", {"body": "A second post."}).status_code == 201
    response = member.post(f"/questions/{q['id']}/comments", {"body": "A third post."})
    assert assert_error(response, 429)["status"] == "Too Many Requests"
    change(admin, POST_LIMIT=None)  # back to the (test) default
    assert member.post(f"/questions/{q['id']}/comments", {"body": "A third post."}).status_code == 201


def test_with_a_flag_threshold_of_one_a_single_flag_hides_a_post(people: People, admin, member, anon):
    q = member.ask()
    change(admin, FLAG_THRESHOLD=1)
    result = flag(trusted(people), "questions", q["id"]).get_json()
    assert (result["flag_count"], result["hidden"]) == (1, True)
    assert anon.get(f"/questions/{q['id']}").status_code == 404


def test_an_admin_restricts_sign_up_to_email_domains_and_opens_it_again(app: Flask, admin, anon):
    account = {"email": "someone@elsewhere.com", "password": PASSWORD, "display_name": "Some One"}
    change(admin, ALLOWED_EMAIL_DOMAINS=["example.org"])
    body = assert_error(anon.post("/auth/register", account), 422)
    assert "example.org" in body["errors"]["email"][0]
    # The environment restricts sign-up, but an admin's empty list opens it to anyone.
    app.config["ALLOWED_EMAIL_DOMAINS"] = ["example.net"]
    change(admin, ALLOWED_EMAIL_DOMAINS=[])
    assert anon.post("/auth/register", account).status_code == 201


def test_premoderation_turned_on_by_an_admin_sends_new_members_posts_to_the_queue(
    people: People, admin, moderator
):
    assert moderator.get("/moderation/queue").get_json()["first_posts"] == []
    change(admin, PREMODERATION=True)
    q = people.member().ask()
    first = moderator.get("/moderation/queue").get_json()["first_posts"]
    assert ("question", q["id"]) in [(p["post_type"], p["post_id"]) for p in first]


def test_trusted_members_edit_directly_once_the_threshold_is_theirs(people: People, admin, member, anon):
    q = member.ask()
    editor = people.member()
    title = {"title": "A clearer title for the build cache question"}
    assert editor.patch(f"/questions/{q['id']}", title).status_code == 202  # a suggestion
    change(admin, EDIT_OTHERS_MIN_REPUTATION=0)
    assert editor.patch(f"/questions/{q['id']}", title).status_code == 200
    assert anon.get(f"/questions/{q['id']}").get_json()["title"] == title["title"]


def test_no_code_reads_a_site_setting_from_the_config_directly():
    """Every reader goes through site_setting(), or admins' changes would not reach it."""
    names = "|".join(SETTINGS)
    direct = re.compile(rf"""config(?:\[|\.get\()\s*["']({names})["']""")
    offenders = [
        f"{path.relative_to(BACKEND)}: {match.group(0)}"
        for path in BACKEND.rglob("*.py")
        if path.name != "config.py" and "settings" not in path.parts
        for match in direct.finditer(path.read_text())
    ]
    assert offenders == []


# -- several processes ---------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def other_app(app: Flask, database_url: str, app_config: dict) -> Iterator[Flask]:
    """Another worker process: its own app (and settings cache) on the same database."""
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **app_config})
    yield other
    close_app(other)


def signed_in_at(app: Flask, person: ApiClient) -> ApiClient:
    """The same person, signed in on another process."""
    there = ApiClient(app)
    assert person.user is not None
    response = there.post("/auth/login", {"email": person.user["email"], "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return there


def _downvote(voter: ApiClient, question_id: int) -> int:
    return int(voter.vote("questions", question_id, -1).status_code)


def test_another_process_sees_a_change_within_its_check_interval(
    app: Flask, other_app: Flask, people: People, admin: ApiClient
):
    clock = Clock()
    other_app.extensions["site_settings"].clock = clock
    q = people.member().ask()
    voter = signed_in_at(other_app, people.member())
    assert _downvote(voter, q["id"]) == 403  # the other process has loaded its settings
    change(admin, DOWNVOTE_MIN_REPUTATION=0)
    assert _downvote(people.member(), q["id"]) == 200  # the process that made the change: at once
    clock.now += other_app.config["SITE_SETTINGS_CHECK_SECONDS"] / 2
    assert _downvote(voter, q["id"]) == 403  # still within the interval
    clock.now += other_app.config["SITE_SETTINGS_CHECK_SECONDS"]
    assert _downvote(voter, q["id"]) == 200


def test_with_no_check_interval_another_process_sees_a_change_on_its_next_request(
    app: Flask, other_app: Flask, people: People, admin: ApiClient
):
    other_app.extensions["site_settings"].check_seconds = 0
    q = people.member().ask()
    voter, later = signed_in_at(other_app, people.member()), signed_in_at(other_app, people.member())
    assert _downvote(voter, q["id"]) == 403
    change(admin, DOWNVOTE_MIN_REPUTATION=0)
    assert _downvote(voter, q["id"]) == 200
    change(admin, DOWNVOTE_MIN_REPUTATION=None)
    assert _downvote(later, q["id"]) == 403


# -- what a read costs ---------------------------------------------------------------------


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """Every query the app sends from now on."""
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):  # SQLite's explicit BEGIN is no query
            sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def _read_in_new_contexts(app: Flask, times: int) -> None:
    for _ in range(times):
        with app.app_context():  # as each request has its own
            site_setting("FLAG_THRESHOLD")
            site_setting("POST_LIMIT")


def test_reading_settings_costs_no_query_until_the_check_interval_has_passed(
    app: Flask, admin: ApiClient, statements: list[str]
):
    change(admin, FLAG_THRESHOLD=2)
    clock = Clock()
    app.extensions["site_settings"].clock = clock
    app.extensions["site_settings"].forget()
    statements.clear()
    _read_in_new_contexts(app, 1)
    assert len(statements) == 2  # the version, then the overrides
    statements.clear()
    _read_in_new_contexts(app, 100)
    assert statements == []
    clock.now += app.config["SITE_SETTINGS_CHECK_SECONDS"]
    _read_in_new_contexts(app, 100)
    assert len(statements) == 1 and "site_settings_version" in statements[0]  # unchanged: kept
    with app.app_context():
        assert site_setting("FLAG_THRESHOLD") == 2


def test_the_overrides_are_read_once_per_request(app: Flask, statements: list[str]):
    app.extensions["site_settings"].check_seconds = 0
    with app.app_context():
        statements.clear()
        values = [site_setting(name) for name in SETTINGS for _ in range(3)]
    assert len(statements) == 2  # the version, then the overrides
    assert values[0] == app.config["FLAG_MIN_REPUTATION"]


def test_an_unknown_name_is_a_programming_error(app: Flask):
    with app.app_context(), pytest.raises(KeyError):
        site_setting("FLAG_TRESHOLD")


def test_a_change_not_yet_committed_is_seen_by_its_own_transaction_only(app: Flask, admin: ApiClient):
    with app.test_request_context("/api/v1/admin/settings", method="PATCH"):
        ada = db.session.get(User, admin.id)
        assert ada is not None
        services.update_settings(ada, {"FLAG_THRESHOLD": 1})
        assert site_setting("FLAG_THRESHOLD") == 1
        db.session.rollback()
    with app.app_context():
        assert site_setting("FLAG_THRESHOLD") == 3
        assert db.session.scalar(select(SiteSetting.id)) is None


def test_settings_are_read_in_the_requests_own_transaction(app: Flask):
    """A connection of their own could wait for the pool while the request holds SQLite's write
    lock that the pool's other users wait for (tests/backend/test_concurrency.py)."""
    app.extensions["site_settings"].check_seconds = 0
    checkouts: list[Any] = []

    def count(*args: Any) -> None:
        checkouts.append(args)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "checkout", count)
        try:
            db.session.execute(select(SiteSetting.id))  # the request's transaction has begun
            assert site_setting("FLAG_THRESHOLD") == 3
        finally:
            event.remove(engine, "checkout", count)
    assert len(checkouts) == 1
