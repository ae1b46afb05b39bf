"""`flask users`: the first admin of a new install, and roles, from the command line."""

from __future__ import annotations

from flask import Flask

from tests.people import ApiClient, People

PASSWORD = "a long admin password"


def run(app: Flask, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=list(args), input=input)


def sign_in(app: Flask, email: str, password: str) -> ApiClient:
    person = ApiClient(app)
    response = person.post("/auth/login", {"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return person


def test_the_first_admin_is_made_from_the_command_line(app: Flask) -> None:
    hint = run(app, "seed", "--first-run")
    assert "No admin yet" in hint.output and "users create" in hint.output
    app.config["ALLOWED_EMAIL_DOMAINS"] = ["example.com"]  # the operator is not held to it
    made = run(
        app, "users", "create", "--email", "Ops@Example.org", "--display-name", "Olga Ops",
        "--role", "admin", "--password-stdin", input=PASSWORD + "\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "Created ops@example.org (admin)." in made.output
    admin = sign_in(app, "ops@example.org", PASSWORD)
    assert admin.me()["role"] == "admin"
    assert admin.get("/admin/settings").status_code == 200
    assert "No admin yet" not in run(app, "seed", "--first-run").output


def test_a_prompted_password_is_asked_twice(app: Flask) -> None:
    made = run(
        app, "users", "create", "--email", "mo@example.org", "--display-name", "Mo Mod",
        "--role", "moderator", input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert sign_in(app, "mo@example.org", PASSWORD).me()["role"] == "moderator"


def test_bad_input_is_refused_and_nothing_is_created(app: Flask, people: People) -> None:
    taken = people.member(email="taken@example.org")
    for args, message in (
        (["--email", "not-an-email", "--display-name", "Al"], "email:"),
        (["--email", "short@example.org", "--display-name", "Al"], "password:"),
        (["--email", "taken@example.org", "--display-name", "Al"], "already exists"),
        (["--email", "x@example.org", "--display-name", "A"], "display_name:"),
    ):
        password = "short" if args[1].startswith("short") else PASSWORD
        result = run(app, "users", "create", *args, "--password-stdin", input=password + "\n")
        assert result.exit_code == 1 and message in result.output, result.output
    assert run(app, "users", "create", "--email", "r@example.org", "--display-name", "Ro",
               "--role", "king", "--password-stdin", input=PASSWORD).exit_code == 2  # fmt: skip
    assert taken.me()["role"] == "member"
    response = ApiClient(app).post("/auth/login", {"email": "short@example.org", "password": "short"})
    assert response.status_code == 401


def test_set_role(app: Flask, people: People) -> None:
    person = people.member(email="pat@example.org")
    result = run(app, "users", "set-role", "PAT@example.org", "moderator")
    assert result.exit_code == 0 and "pat@example.org is now moderator." in result.output
    assert person.me()["role"] == "moderator"
    missing = run(app, "users", "set-role", "nobody@example.org", "admin")
    assert missing.exit_code == 1 and "No account with the email nobody@example.org" in missing.output
