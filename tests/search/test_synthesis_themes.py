"""The weekly draft groups the week's questions into themes by the vectors the search sync
stored (real model, real Meilisearch sync)."""

from __future__ import annotations

from backend import weeks


def test_the_draft_groups_questions_about_the_same_thing(app, people, sync):
    asker = people.member()
    vpn = [
        asker.ask(title="How do I connect to the VPN from home?", tags=["remote-work"]),
        asker.ask(title="The VPN connection keeps dropping when I work from home", tags=["remote-work"]),
        asker.ask(title="I cannot connect my laptop to the company VPN at home", tags=["remote-work"]),
    ]
    other = asker.ask(title="Where do I submit the receipts for my travel expenses?", tags=["remote-work"])
    sync()  # encodes and stores each thread's vector
    with app.app_context():
        week = weeks.current()
    result = app.test_cli_runner().invoke(args=["synthesis", "draft", "--tag", "remote-work", "--week", week])
    assert result.exit_code == 0, result.output
    (draft,) = people.moderator().get("/tags/remote-work/syntheses").get_json()["items"]
    themes = draft["body"].split("## What people asked about")[1].split("##")[0]
    (line,) = [line for line in themes.splitlines() if line.startswith("- ")]
    assert line.startswith("- **3 questions like")
    for question in vpn:
        assert f"(/questions/{question['id']})" in line
    assert f"(/questions/{other['id']})" not in themes
