"""`flask export stackexchange DIR`: the whole site as a Stack Exchange data dump. Importing
it into an empty site gives the same threads (tags, accepted answers, scores, comments,
duplicate links); no email or password hash leaves; anonymous askers stay anonymous."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from flask import Flask
from sqlalchemy import text

from backend.backups.services import MIGRATION_ROWS
from backend.extensions import db
from tests.people import ApiClient, People

KEPT = ("alembic_version", *MIGRATION_ROWS)


def export(app: Flask, folder: Path, *options: str) -> Any:
    return app.test_cli_runner().invoke(args=["export", "stackexchange", str(folder), *options])


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    return [dict(row.attrib) for row in ElementTree.parse(folder / f"{name}.xml").getroot()]


@pytest.fixture
def site(people: People, moderator: ApiClient) -> dict[str, Any]:
    asker, helper, shy = people.member("Asha Asker"), people.member("Hugo Helper"), people.member("Sam Shy")
    first = asker.ask(
        title="How do I book a meeting room for twelve people?",
        body="The tool only lists **small** rooms.\n\n- floor 2\n- floor 3",
        tags=["facilities", "meetings"],
    )
    answer = helper.answer(first["id"], "Large rooms are booked through the *facilities* form.")
    other = people.member("Olga Other").answer(first["id"], "Ask reception, they keep a list.")
    assert asker.accept(answer["id"]).status_code == 200
    for voter in (shy, people.member()):
        voter.vote("questions", first["id"], 1)
        voter.vote("answers", answer["id"], 1)
    shy.vote("answers", other["id"], -1)
    assert (
        helper.patch(
            f"/answers/{answer['id']}",
            {"body": "Large rooms are booked through the *facilities* form, a day ahead."},
        ).status_code
        == 200
    )
    assert (
        asker.post(
            f"/questions/{first['id']}/comments", {"body": "Does it work for *video* rooms?"}
        ).status_code
        == 201
    )
    assert (
        shy.post(f"/answers/{answer['id']}/comments", {"body": "Worked for me, thanks."}).status_code == 201
    )

    secret = shy.ask(title="Is it fine to ask for a quieter desk?", tags=["wellbeing"], anonymous=True)
    assert (
        shy.post(f"/questions/{secret['id']}/comments", {"body": "I sit next to the printer."}).status_code
        == 201
    )
    helper.answer(secret["id"], "Yes: ask your manager, it happens often.")

    copy = people.member().ask(title="Booking a big meeting room", tags=["meetings"])
    assert (
        moderator.post(f"/questions/{copy['id']}/duplicate", {"duplicate_of_id": first["id"]}).status_code
        == 200
    )
    hidden = people.member().answer(copy["id"], "Buy my booking service at cheap-rooms.example!")
    assert moderator.post(f"/answers/{hidden['id']}/hide", {"reason": "Spam."}).status_code == 200
    gone = asker.ask(title="A question its asker deleted")
    assert asker.delete(f"/questions/{gone['id']}").status_code == 204
    return {"first": first, "secret": secret, "shy": shy, "copy": copy, "hidden": hidden}


def threads(client: ApiClient) -> dict[str, dict[str, Any]]:
    """Every listed thread by title, as a reader sees it (ids aside: they change)."""
    titles = {}
    listed = client.get("/questions", per_page=100).get_json()["items"]
    by_id = {q["id"]: q["title"] for q in listed}
    for summary in listed:
        thread = client.get(f"/questions/{summary['id']}").get_json()
        accepted = [a for a in thread["answers"] if a["id"] == thread["accepted_answer_id"]]
        titles[thread["title"]] = {
            "body_html": thread["body_html"],
            "tags": thread["tags"],
            "score": thread["score"],
            "status": thread["status"],
            "accepted": accepted[0]["body_html"] if accepted else None,
            "answers": sorted((a["body_html"], a["score"]) for a in thread["answers"]),
            "comments": sorted(c["body_html"] for c in thread["comments"]),
            "answer_comments": sorted(c["body_html"] for a in thread["answers"] for c in a["comments"]),
            "duplicate_of": by_id.get(thread["duplicate_of_id"]),
        }
    return titles


def empty(app: Flask) -> None:
    """Every row gone, as on a fresh install (the schema and its version rows stay)."""
    with app.app_context():
        tables = [t for t in db.metadata.sorted_tables if t.name not in KEPT]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(table.delete())


def test_an_export_imported_into_an_empty_site_gives_the_same_threads(app, anon, site, tmp_path):
    before = threads(anon)
    assert len(before) == 3
    folder = tmp_path / "dump"
    result = export(app, folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.xml" for name in ("Posts", "Users", "Tags", "Votes", "Comments", "PostHistory", "PostLinks")
    )
    empty(app)
    assert anon.get("/questions").get_json()["meta"]["total"] == 0
    result = app.test_cli_runner().invoke(args=["import", "stackexchange", str(folder), "--site", "company"])
    assert result.exit_code == 0, result.output
    assert "3 comments" in result.output and "1 duplicate links" in result.output
    after = threads(anon)
    assert after == before


def test_the_export_keeps_private_what_is_private(app, site, tmp_path):
    folder = tmp_path / "dump"
    assert export(app, folder).exit_code == 0
    users = (folder / "Users.xml").read_text()
    assert "@example.com" not in users and "scrypt" not in users and "Email" not in users
    assert "Sam Shy" in users  # a member is listed; only their anonymous posts name nobody
    posts = {int(r["Id"]): r for r in rows(folder, "Posts")}
    secret = posts[site["secret"]["id"]]
    assert "OwnerUserId" not in secret and "OwnerDisplayName" not in secret
    shy_id = str(site["shy"].id)
    comments = [c for c in rows(folder, "Comments") if c["PostId"] == str(site["secret"]["id"])]
    assert [c.get("UserId") for c in comments] == [None]
    history = [h for h in rows(folder, "PostHistory") if h["PostId"] == str(site["secret"]["id"])]
    assert history and all(h.get("UserId") != shy_id for h in history)
    assert all("UserId" not in v for v in rows(folder, "Votes"))
    # Hidden and deleted posts stay home unless asked for.
    bodies = " ".join(r.get("Body", "") for r in posts.values())
    assert "cheap-rooms" not in bodies and "deleted" not in " ".join(
        r.get("Title", "") for r in posts.values()
    )


def test_hidden_posts_are_exported_only_when_asked(app, site, tmp_path):
    folder = tmp_path / "dump"
    assert export(app, folder, "--include-hidden").exit_code == 0
    bodies = " ".join(r.get("Body", "") for r in rows(folder, "Posts"))
    assert "cheap-rooms" in bodies
    assert "A question its asker deleted" not in (folder / "Posts.xml").read_text()


def test_the_files_say_what_the_dump_format_says(app, site, tmp_path):
    folder = tmp_path / "dump"
    assert export(app, folder).exit_code == 0
    posts = rows(folder, "Posts")
    first = next(r for r in posts if r.get("Title") == site["first"]["title"])
    assert first["PostTypeId"] == "1" and first["Tags"] == "|facilities|meetings|"
    accepted = next(r for r in posts if r["Id"] == first["AcceptedAnswerId"])
    assert accepted["PostTypeId"] == "2" and accepted["ParentId"] == first["Id"]
    assert "a day ahead" in accepted["Body"] and accepted["Score"] == "2"
    links = rows(folder, "PostLinks")
    assert [(r["PostId"], r["RelatedPostId"], r["LinkTypeId"]) for r in links] == [
        (str(site["copy"]["id"]), first["Id"], "3")
    ]
    tags = {r["TagName"]: int(r["Count"]) for r in rows(folder, "Tags")}
    assert tags["meetings"] == 2 and tags["facilities"] == 1
    votes = rows(folder, "Votes")
    assert sorted(v["VoteTypeId"] for v in votes) == ["1", "2", "2", "2", "2", "3"]
    edits = [h for h in rows(folder, "PostHistory") if h["PostId"] == accepted["Id"]]
    assert [h["PostHistoryTypeId"] for h in edits] == ["2", "5"]


def test_a_folder_with_files_in_it_is_refused_without_force(app, site, tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = export(app, folder)
    assert result.exit_code != 0 and "not empty" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert export(app, folder, "--force").exit_code == 0
    assert (folder / "Posts.xml").is_file() and (folder / "notes.txt").read_text() == "mine"
    file = tmp_path / "a-file"
    file.write_text("x")
    assert export(app, file).exit_code != 0
