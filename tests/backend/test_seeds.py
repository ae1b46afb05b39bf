from pathlib import Path

from tests.people import ApiClient


def test_seeding_creates_communities_a_facilitator_and_a_resolved_welcome_thread(app, anon):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    tags = {t["name"]: t for t in anon.get("/tags", per_page=100).get_json()["items"]}
    for community in ("onboarding", "tools-and-systems", "customer-support", "ways-of-working"):
        assert tags[community]["description"]
    resolved = anon.get("/questions", status="resolved").get_json()["items"]
    assert len(resolved) == 1 and "Start here" in resolved[0]["title"]
    welcome = anon.get(f"/questions/{resolved[0]['id']}").get_json()
    assert welcome["answers"][0]["is_accepted"]
    for word in ("ask", "answer", "accept", "follow", "flag"):
        assert word in welcome["answers"][0]["body"].lower()
    assert 5 <= anon.get("/questions", status="open").get_json()["meta"]["total"] <= 10


def test_the_facilitator_can_sign_in_as_a_moderator(app):
    app.test_cli_runner().invoke(args=["seed"])
    password = (Path(app.instance_path) / "facilitator_password").read_text().strip()
    facilitator = ApiClient(app)
    response = facilitator.post(
        "/auth/login", {"email": "facilitator@commonplace.local", "password": password}
    )
    assert response.status_code == 200
    assert response.get_json()["role"] == "moderator"


def test_seeding_twice_changes_nothing(app, anon):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    before = anon.get("/questions", per_page=100).get_json()
    again = runner.invoke(args=["seed"])
    assert "0 questions added" in again.output
    assert anon.get("/questions", per_page=100).get_json() == before


def test_first_run_seeding_seeds_an_empty_community(app, anon):
    result = app.test_cli_runner().invoke(args=["seed", "--first-run"])
    assert result.exit_code == 0, result.output
    assert anon.get("/questions").get_json()["meta"]["total"] > 0


def test_first_run_seeding_skips_a_community_that_already_has_people(app, people, anon):
    people.member()
    result = app.test_cli_runner().invoke(args=["seed", "--first-run"])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output
    assert anon.get("/questions").get_json()["meta"]["total"] == 0
