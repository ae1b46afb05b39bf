"""`flask import stackexchange DIR`: real dumps from ../shared/data round-trip; bad dumps leave nothing."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from backend.extensions import db
from backend.importing.stackexchange import import_stackexchange
from backend.models import Answer, Attribution, Question, QuestionTag, SearchOutbox, Tag, User, Vote
from tests.people import PASSWORD, ApiClient, People

# tests/backend/test_importing.py -> parents[3] is the folder holding main/ and shared/.
DUMPS = Path(__file__).resolve().parents[3] / "shared" / "data" / "stackexchange"
REPORT = re.compile(
    r"(?P<new>\d+) new \((?P<questions>\d+) questions, (?P<answers>\d+) answers, (?P<users>\d+) users, "
    r"(?P<links>\d+) duplicate links, (?P<comments>\d+) comments\); "
    r"(?P<existing>\d+) posts already imported, (?P<skipped>\d+) skipped"
)


def real_dump(site: str) -> Path:
    folder = DUMPS / site
    if not (folder / "Posts.xml.gz").is_file():
        # CI always has shared/ beside the checkout: a missing dump there is a failure.
        if os.environ.get("CI") == "true":
            pytest.fail(f"no sample dump at {folder}")
        pytest.skip(f"no sample dump at {folder}")
    return folder


def run_import(app: Flask, folder: Path, *options: str) -> Any:
    return app.test_cli_runner().invoke(args=["import", "stackexchange", str(folder), *options])


def import_ok(app: Flask, folder: Path, *options: str) -> dict[str, int]:
    result = run_import(app, folder, *options)
    assert result.exit_code == 0, result.output
    match = REPORT.search(result.output)
    assert match, result.output
    return {name: int(value) for name, value in match.groupdict().items()}


def dump_rows(path: Path) -> list[dict[str, str]]:
    """Every row of a dump file, read the same streaming way as the importer reads it."""
    found = []
    with gzip.open(path) as stream:
        for _, element in ET.iterparse(stream):
            if element.tag == "row":
                found.append(dict(element.attrib))
                element.clear()
    return found


def write_dump(folder: Path, posts: list[dict[str, Any]], name: str = "Posts.xml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["<?xml version='1.0' encoding='utf-8'?>", "<posts>"]
    for post in posts:
        attributes = {"CreationDate": "2020-01-02T03:04:05.678", "Score": "0", **post}
        lines.append("  <row " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in attributes.items()) + " />")
    lines.append("</posts>")
    (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return folder


def question(post_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "Id": post_id,
        "PostTypeId": 1,
        "Title": f"Question number {post_id} about brewing",
        "Body": f"<p>How do I brew batch {post_id} well?</p>",
        "Tags": "<brewing>",
        "OwnerUserId": 7,
        **fields,
    }


def answer(post_id: int, parent_id: int, **fields: Any) -> dict[str, Any]:
    body = f"<p>Answer {post_id}: grind finer.</p>"
    return {"Id": post_id, "PostTypeId": 2, "ParentId": parent_id, "Body": body, "OwnerUserId": 8, **fields}


def imported_id(app: Flask, site: str, source_id: int) -> int:
    with app.app_context():
        row = db.session.execute(
            select(Attribution.question_id, Attribution.answer_id).where(
                Attribution.site == site, Attribution.source_id == source_id
            )
        ).one()
        return int(row.question_id or row.answer_id)


def all_questions(client: ApiClient, **query: Any) -> list[dict[str, Any]]:
    items, page = [], 1
    while True:
        body = client.get("/questions", per_page=100, page=page, **query).get_json()
        items += body["items"]
        if len(items) >= body["meta"]["total"]:
            return items
        page += 1


# -- real dumps -------------------------------------------------------------------------


@pytest.mark.parametrize("site", ["coffee", "cardano"])
def test_a_real_dump_imports_every_question_and_answer(app, anon, site):
    folder = real_dump(site)
    types = Counter(row["PostTypeId"] for row in dump_rows(folder / "Posts.xml.gz"))
    report = import_ok(app, folder)
    assert report["questions"] + report["answers"] + report["skipped"] == types["1"] + types["2"]
    assert report["questions"] <= types["1"] and report["answers"] <= types["2"]
    listed = all_questions(anon)
    assert len(listed) == report["questions"]
    assert sum(q["answer_count"] for q in listed) == report["answers"]
    assert report["existing"] == 0 and report["users"] > 0


def test_accepted_answers_point_at_the_imported_answer(app, anon):
    folder = real_dump("cardano")
    import_ok(app, folder)
    accepted = [
        r for r in dump_rows(folder / "Posts.xml.gz") if r["PostTypeId"] == "1" and "AcceptedAnswerId" in r
    ]
    assert len(accepted) == 459
    for row in accepted[:40]:
        thread = anon.get(f"/questions/{imported_id(app, 'cardano', int(row['Id']))}").get_json()
        assert thread["status"] == ("closed" if "ClosedDate" in row else "resolved")
        winner = next(a for a in thread["answers"] if a["id"] == thread["accepted_answer_id"])
        assert winner["is_accepted"]
        assert (
            winner["attribution"]["url"] == f"https://cardano.stackexchange.com/a/{row['AcceptedAnswerId']}"
        )
    closed = sum("ClosedDate" in row for row in accepted)
    assert len(all_questions(anon, status="resolved")) == len(accepted) - closed
    on_question, on_answer = Attribution.__table__.alias(), Attribution.__table__.alias()
    with app.app_context():
        pairs = db.session.execute(
            select(on_question.c.source_id, on_answer.c.source_id)
            .join(Question, Question.id == on_question.c.question_id)
            .join(on_answer, on_answer.c.answer_id == Question.accepted_answer_id)
        )
        assert dict(pairs.all()) == {int(r["Id"]): int(r["AcceptedAnswerId"]) for r in accepted}


def test_duplicate_links_point_at_the_original_question(app):
    report = import_ok(app, real_dump("cardano"))
    # From PostLinks.xml (LinkTypeId 3) where both questions are in the dump; 2108 also links
    # to 2106, which is not, so its other (earlier) link is kept.
    expected = {329: 330, 346: 367, 1923: 865, 2108: 547, 4556: 4264}
    assert report["links"] == len(expected)
    ours = {imported_id(app, "cardano", d): imported_id(app, "cardano", o) for d, o in expected.items()}
    with app.app_context():
        links = db.session.execute(
            select(Question.id, Question.duplicate_of_id).where(Question.duplicate_of_id.is_not(None))
        )
        assert dict(links.all()) == ours


def test_imported_posts_show_their_attribution(app, anon, member):
    import_ok(app, real_dump("coffee"))
    thread = anon.get(f"/questions/{imported_id(app, 'coffee', 1)}").get_json()
    assert thread["title"] == "How should I store whole bean coffee?"
    # Coffee's 2015 dump names no licence and has no Users.xml.
    assert thread["attribution"] == {
        "site": "coffee",
        "url": "https://coffee.stackexchange.com/q/1",
        "author_name": "user4",
        "licence": "CC BY-SA 3.0",
    }
    assert thread["author"]["display_name"] == "user4"
    assert thread["answers"] and all(
        a["attribution"]["url"].startswith("https://coffee.stackexchange.com/a/") for a in thread["answers"]
    )
    native = member.ask()
    assert anon.get(f"/questions/{native['id']}").get_json()["attribution"] is None
    # Lists credit the source too.
    by_asker = anon.get("/questions", author=thread["author"]["id"], per_page=100).get_json()["items"]
    assert {q["id"]: q["attribution"] for q in by_asker}[thread["id"]] == thread["attribution"]
    newest = anon.get("/questions", sort="newest").get_json()["items"][0]
    assert newest["id"] == native["id"] and newest["attribution"] is None


def test_authors_get_their_names_from_users_xml_and_the_licence_from_the_post(app, anon):
    import_ok(app, real_dump("cardano"))
    thread = anon.get(f"/questions/{imported_id(app, 'cardano', 1)}").get_json()
    users = {r["Id"]: r["DisplayName"] for r in dump_rows(real_dump("cardano") / "Users.xml.gz")}
    assert thread["author"]["display_name"] == users["17"]
    assert thread["attribution"]["author_name"] == users["17"]
    assert thread["attribution"]["licence"] == "CC BY-SA 4.0"


def test_imported_authors_cannot_sign_in(app):
    import_ok(app, real_dump("coffee"))
    with app.app_context():
        placeholders = db.session.execute(select(User.email, User.password_hash)).all()
    assert placeholders and all(password_hash is None for _, password_hash in placeholders)
    assert all(email.endswith("@imported.invalid") for email, _ in placeholders)
    someone = ApiClient(app)
    for password in (PASSWORD, "None"):
        response = someone.post(
            "/auth/login", {"email": "se-coffee-4@imported.invalid", "password": password}
        )
        assert response.status_code == 401


def test_importing_the_same_dump_again_adds_nothing(app, anon):
    folder = real_dump("coffee")
    first = import_ok(app, folder)
    listed = all_questions(anon)
    tags = anon.get("/tags", per_page=100).get_json()
    with app.app_context():
        users = db.session.scalar(select(func.count(User.id)))
        reputations = db.session.execute(select(User.id, User.reputation).order_by(User.id)).all()
    again = import_ok(app, folder)
    assert again["new"] == 0 and "0 new" in run_import(app, folder).output
    assert again["existing"] == first["questions"] + first["answers"]
    assert all_questions(anon) == listed
    assert anon.get("/tags", per_page=100).get_json() == tags
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == users
        assert db.session.execute(select(User.id, User.reputation).order_by(User.id)).all() == reputations


def test_reputation_recompute_finds_nothing_to_fix_after_an_import(app):
    import_ok(app, real_dump("cardano"))
    import_ok(app, real_dump("coffee"))
    result = app.test_cli_runner().invoke(args=["reputation", "recompute", "--check"])
    assert result.exit_code == 0, result.output
    assert "0 reputations differ" in result.output
    with app.app_context():
        # Acceptances only: the dumps' votes are anonymous and stay a score.
        assert db.session.scalar(select(func.count(Vote.id))) == 0
        assert db.session.scalar(select(func.max(User.reputation))) > 0


def test_counters_and_listing_copies_are_exact_after_an_import(app, member):
    member.answer(member.ask(tags=["brewing"])["id"])
    import_ok(app, real_dump("cardano"))
    with app.app_context():
        answers = (
            select(func.count(Answer.id))
            .where(Answer.question_id == Question.id, Answer.is_deleted.is_(False))
            .scalar_subquery()
        )
        assert db.session.scalar(select(func.count()).where(Question.answer_count != answers)) == 0
        listed = (
            select(func.count())
            .where(QuestionTag.tag_id == Tag.id, QuestionTag.is_deleted.is_(False))
            .scalar_subquery()
        )
        assert db.session.scalar(select(func.count()).where(Tag.question_count != listed)) == 0
        copies = db.session.execute(select(QuestionTag, Question).join(Question)).all()
        for copy, q in copies:
            assert (copy.status, copy.score, copy.answer_count) == (q.status.value, q.score, q.answer_count)
            assert (copy.created_at, copy.last_activity_at, copy.is_deleted) == (
                q.created_at,
                q.last_activity_at,
                q.is_deleted,
            )
        tags_per_question = Counter(copy.question_id for copy, _ in copies)
        assert max(tags_per_question.values()) <= 5
        assert len(tags_per_question) == db.session.scalar(select(func.count(Question.id)))


def test_every_imported_question_is_queued_for_search(app):
    report = import_ok(app, real_dump("coffee"))
    with app.app_context():
        queued = set(db.session.scalars(select(SearchOutbox.question_id)))
        imported = set(
            db.session.scalars(select(Attribution.question_id).where(Attribution.question_id.is_not(None)))
        )
    assert queued == imported and len(imported) == report["questions"]


# -- small dumps written by the tests -----------------------------------------------------


def test_hostile_html_in_a_body_is_sanitized(app, anon, tmp_path):
    folder = write_dump(
        tmp_path / "tiny",
        [
            question(
                1,
                Title="Why does &lt;b&gt; &amp;   my   grinder jam?",
                Body='<p>Hello<script>alert("x")</script><img src=x onerror="alert(1)"></p>'
                '<a href="javascript:alert(2)" onclick="x()">link</a>'
                '<a href="https://example.org/" rel="opener">kept</a> see https://example.com/',
            ),
            answer(2, 1, Body='<p onmouseover="steal()">Try <iframe src="//evil"></iframe>this.</p>'),
        ],
    )
    import_ok(app, folder)
    thread = anon.get(f"/questions/{imported_id(app, 'tiny', 1)}").get_json()
    assert thread["title"] == "Why does <b> & my grinder jam?"
    html = (
        thread["body_html"]
        + thread["body"]
        + thread["answers"][0]["body_html"]
        + thread["answers"][0]["body"]
    )
    for hostile in ("<script", "onerror", "<img", "javascript:", "onclick", "onmouseover", "<iframe"):
        assert hostile not in html
    assert "Hello" in thread["body_html"] and "Try" in thread["answers"][0]["body_html"]
    # Links the post made keep only our rel; addresses in its text stay text, as on the source site.
    assert '<a href="https://example.org/" rel="nofollow noopener ugc">kept</a>' in thread["body_html"]
    assert "see https://example.com/" in thread["body_html"]


def test_tags_are_cleaned_to_our_rules_with_the_site_as_a_fallback(app, anon, tmp_path):
    folder = write_dump(
        tmp_path / "dump",
        [
            question(1, Tags="|C#|Foo Bar|bad_tag!|a|b|c|"),
            question(2, Tags="<???>"),
            question(3, Tags="<Espresso><espresso>"),
        ],
    )
    import_ok(app, folder, "--site", "Home.Barista.stackexchange.com")
    threads = [anon.get(f"/questions/{imported_id(app, 'home.barista', n)}").get_json() for n in (1, 2, 3)]
    assert [t["tags"] for t in threads] == [
        ["a", "b", "bad-tag", "c#", "foo-bar"],
        ["home.barista"],
        ["espresso"],
    ]
    assert threads[0]["attribution"]["url"] == "https://home.barista.stackexchange.com/q/1"


def test_a_closed_question_stays_closed_even_with_an_accepted_answer(app, anon, tmp_path):
    folder = write_dump(
        tmp_path / "tiny",
        [
            question(1, AcceptedAnswerId=2, ClosedDate="2020-02-01T00:00:00.000"),
            answer(2, 1),
            question(3, AcceptedAnswerId=4),
            answer(4, 3),
        ],
    )
    import_ok(app, folder)
    closed = anon.get(f"/questions/{imported_id(app, 'tiny', 1)}").get_json()
    assert closed["status"] == "closed" and closed["accepted_answer_id"] == imported_id(app, "tiny", 2)
    resolved = anon.get(f"/questions/{imported_id(app, 'tiny', 3)}").get_json()
    assert resolved["status"] == "resolved" and resolved["answers"][0]["is_accepted"]


def test_empty_posts_and_answers_without_their_question_are_skipped(app, anon, tmp_path):
    folder = write_dump(
        tmp_path / "tiny",
        [
            question(1, Body="<p>   </p><img src='x.png'>"),
            answer(2, 1),
            question(3),
            answer(4, 99),
            answer(5, 3, Body="<img src=x>"),
            answer(6, 3),
            {"Id": 7, "PostTypeId": 4, "Body": "<p>A tag excerpt.</p>"},
            question(8, Body='<p>&nbsp;</p><a title="a>b" href="https://example.org/"></a>'),
            question(9, Body="<p>&amp;</p>"),
        ],
    )
    report = import_ok(app, folder)
    assert (report["questions"], report["answers"], report["skipped"]) == (2, 1, 5)
    assert sorted(q["answer_count"] for q in all_questions(anon)) == [0, 1]


def test_a_post_listed_twice_is_imported_once(app, anon, tmp_path):
    folder = write_dump(tmp_path / "tiny", [question(1), answer(2, 1), answer(2, 1)])
    report = import_ok(app, folder)
    assert (report["questions"], report["answers"], report["skipped"]) == (1, 1, 1)
    assert all_questions(anon)[0]["answer_count"] == 1


def test_a_later_dump_adds_answers_to_questions_an_earlier_one_brought(app, anon, tmp_path):
    first = [question(1), answer(2, 1), question(3), question(4, AcceptedAnswerId=5), answer(5, 4)]
    import_ok(app, write_dump(tmp_path / "v1" / "tiny", first))
    later = [*first, answer(6, 1, CreationDate="2021-05-06T07:08:09.000"), answer(7, 3)]
    report = import_ok(app, write_dump(tmp_path / "v2" / "tiny", later))
    assert (report["answers"], report["existing"]) == (2, 5)
    ids = {source: imported_id(app, "tiny", source) for source in (1, 3, 4)}
    listed = {q["id"]: q for q in all_questions(anon)}
    assert [listed[ids[n]]["answer_count"] for n in (1, 3, 4)] == [2, 1, 1]
    assert ids[3] not in {q["id"] for q in all_questions(anon, sort="unanswered")}
    # The tag's listing copies too.
    assert ids[3] not in {q["id"] for q in all_questions(anon, sort="unanswered", tag="brewing")}
    in_tag = {q["id"]: q["answer_count"] for q in all_questions(anon, tag="brewing")}
    assert [in_tag[ids[n]] for n in (1, 3, 4)] == [2, 1, 1]
    # The acceptance the first dump brought stays, and the answered questions list as answered.
    assert anon.get(f"/questions/{ids[4]}").get_json()["status"] == "resolved"
    assert [len(anon.get(f"/questions/{ids[n]}").get_json()["answers"]) for n in (1, 3)] == [2, 1]
    with app.app_context():
        firsts = {
            row.id: row.first_answer_at
            for row in db.session.execute(select(Question.id, Question.first_answer_at))
        }
    assert all(firsts[ids[n]] is not None for n in (1, 3, 4))


def test_a_post_listed_again_batches_later_is_imported_once(app, anon, tmp_path):
    rows = [question(n) for n in range(1, 1201)] + [question(7, Title="The same id again")]
    report = import_ok(app, write_dump(tmp_path / "tiny", rows), "--jobs", "2")
    assert (report["questions"], report["skipped"]) == (1200, 1)
    assert anon.get(f"/questions/{imported_id(app, 'tiny', 7)}").get_json()["title"] == (
        "Question number 7 about brewing"
    )


def test_posts_cleaned_in_several_processes_equal_those_cleaned_in_one(app, anon, tmp_path):
    folder = tmp_path / "cardano"
    shutil.copytree(real_dump("cardano"), folder)
    post_ids = [int(r["Id"]) for r in dump_rows(folder / "Posts.xml.gz")]
    remarks = ["See https://example.org/docs, it *helps*.", "<script>alert(1)</script> `code` & more"]
    write_dump(
        folder,
        [
            {"Id": n, "PostId": post_id, "Text": f"{remarks[n % 2]} ({n})", "UserId": 17}
            for n, post_id in enumerate(post_ids[:1200], start=1)
        ],
        "Comments.xml",
    )
    one = import_ok(app, folder, "--site", "one", "--jobs", "1")
    assert import_ok(app, folder, "--site", "two", "--jobs", "2") == one
    assert one["comments"] > 1000  # more than a batch of comments: they were cleaned in processes too
    questions = [int(r["Id"]) for r in dump_rows(folder / "Posts.xml.gz") if r["PostTypeId"] == "1"]
    for source_id in questions[:: len(questions) // 60]:
        one_thread, two_thread = (
            _content(anon.get(f"/questions/{imported_id(app, site, source_id)}").get_json())
            for site in ("one", "two")
        )
        assert one_thread["body_html"] and one_thread == two_thread


def test_a_cleaning_process_that_dies_leaves_nothing_imported(app, anon, tmp_path):
    paragraph = "<p>" + "Grind finer, then taste again. " * 80 + "</p>"
    folder = write_dump(tmp_path / "big", [question(n, Body=paragraph) for n in range(1, 3001)])
    killed: list[int] = []

    def kill_a_cleaner() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for pid in _forked_children():
                os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
                killed.append(pid)
                return
            time.sleep(0.005)

    killer = threading.Thread(target=kill_a_cleaner)
    killer.start()
    result = run_import(app, folder, "--jobs", "2")
    killer.join()
    assert killed, "no cleaning process was started"
    assert result.exit_code == 1
    assert "A process cleaning posts stopped before it was done" in result.output
    assert "Nothing was imported." in result.output
    assert all_questions(anon) == []


def test_an_import_gives_back_the_page_cache_it_took(app, database_url, tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's connections have no page cache of their own (SQLite only)")
    folder = write_dump(tmp_path / "small", [question(1), answer(2, 1)])
    with app.app_context():
        connection = db.session.connection()
        before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        import_stackexchange(folder)
        # The connection goes back to the pool as every other one is.
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar_one() == before
        db.session.rollback()


def test_an_import_compresses_long_texts_with_lz4_until_it_commits(app, database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite does not compress what it stores (PostgreSQL only)")
    long_body = "<p>" + " ".join(f"step {n}: taste, then grind finer." for n in range(400)) + "</p>"
    folder = write_dump(tmp_path / "long", [question(1, Body=long_body)])
    with app.app_context():
        import_stackexchange(folder)
        db.session.commit()
        stored = db.session.execute(
            text("SELECT pg_column_compression(body_html), pg_column_compression(body_source) FROM questions")
        ).one()
        assert tuple(stored) == ("lz4", "lz4")
        # Only the import's transaction: later writes get the server's own choice.
        assert db.session.scalar(text("SHOW default_toast_compression")) == "pglz"
        db.session.rollback()


def _forked_children() -> list[int]:
    """This process's children that are forks of it (same command line): the cleaners."""
    me = os.getpid()
    mine = Path(f"/proc/{me}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == me and (entry / "cmdline").read_bytes() == mine:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _content(thread: dict[str, Any]) -> dict[str, Any]:
    """What an import writes of a thread, less the ids and the site's name."""

    def comments(post: dict[str, Any]) -> list[str]:
        return [c["body_html"] for c in post["comments"]]

    return {
        **{key: thread[key] for key in ("title", "body_html", "body", "status", "score", "tags")},
        "comments": comments(thread),
        "answers": [(a["body_html"], a["score"], a["is_accepted"], comments(a)) for a in thread["answers"]],
    }


def test_scores_views_dates_and_licences_come_from_the_dump(app, anon, tmp_path):
    folder = write_dump(
        tmp_path / "tiny",
        [
            question(
                1,
                Score=42,
                ViewCount=1234,
                CreationDate="2010-06-01T10:00:00.000",
                LastActivityDate="2019-01-01T12:30:00.000",
            ),
            answer(2, 1, Score=-3, CreationDate="2015-01-01T00:00:00.000"),
            answer(3, 1, CreationDate="2019-01-01T12:30:00.000", ContentLicense="CC BY-SA 4.0"),
        ],
    )
    import_ok(app, folder)
    thread = anon.get(f"/questions/{imported_id(app, 'tiny', 1)}").get_json()
    assert (thread["score"], thread["answer_count"]) == (42, 2)
    assert thread["view_count"] in (1234, 1235)
    assert thread["created_at"].startswith("2010-06-01T10:00:00")
    assert thread["last_activity_at"].startswith("2019-01-01T12:30:00")
    assert thread["attribution"]["licence"] == "CC BY-SA 2.5"
    licences = {a["score"]: a["attribution"]["licence"] for a in thread["answers"]}
    assert licences == {-3: "CC BY-SA 3.0", 0: "CC BY-SA 4.0"}


# -- bad input --------------------------------------------------------------------------


def _truncated_posts(folder: Path) -> None:
    xml = gzip.decompress((real_dump("coffee") / "Posts.xml.gz").read_bytes())
    folder.mkdir()
    (folder / "Posts.xml").write_bytes(xml[: len(xml) * 2 // 3])


def _garbage_gzip(folder: Path) -> None:
    folder.mkdir()
    (folder / "Posts.xml.gz").write_bytes(b"\x1f\x8b\x08\x00 this is not gzip data at all")


def _truncated_links(folder: Path) -> None:
    source = real_dump("cardano")
    folder.mkdir()
    shutil.copyfile(source / "Posts.xml.gz", folder / "Posts.xml.gz")
    links = gzip.decompress((source / "PostLinks.xml.gz").read_bytes())
    (folder / "PostLinks.xml").write_bytes(links[: len(links) // 2])


def _post_without_id(folder: Path) -> None:
    write_dump(folder, [question(1), answer(2, 1), {"PostTypeId": 1, "Title": "No id", "Body": "<p>Hm</p>"}])


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (_truncated_posts, "Posts.xml"),
        (_garbage_gzip, "Posts.xml.gz"),
        (_truncated_links, "PostLinks.xml"),
        (_post_without_id, "Posts.xml: row ?"),
    ],
)
def test_a_malformed_dump_is_rejected_and_nothing_is_kept(app, anon, tmp_path, make, named):
    make(tmp_path / "broken")
    result = run_import(app, tmp_path / "broken")
    assert result.exit_code != 0
    assert named in result.output and "Nothing was imported" in result.output
    assert anon.get("/questions").get_json()["meta"]["total"] == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
        assert db.session.scalar(select(func.count(Tag.id))) == 0


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_a_folder_that_is_not_a_dump_is_rejected(app, anon, tmp_path, where):
    folder = tmp_path / where
    if where == "empty":
        folder.mkdir()
    result = run_import(app, folder)
    assert result.exit_code != 0
    assert ("does not exist" if where == "missing" else "No Posts.xml or Posts.xml.gz") in result.output
    assert anon.get("/questions").get_json()["meta"]["total"] == 0


def test_an_account_that_can_sign_in_is_never_given_imported_posts(app, anon, people: People, tmp_path):
    # Registration refuses this domain now; an account made before that rule still exists.
    with app.app_context():
        db.session.add(User(email="se-tiny-7@imported.invalid", display_name="Squatter", password_hash="x"))
        db.session.commit()
    result = run_import(app, write_dump(tmp_path / "tiny", [question(1)]))
    assert result.exit_code != 0 and "se-tiny-7@imported.invalid" in result.output
    assert anon.get("/questions").get_json()["meta"]["total"] == 0


def test_reference_cards_of_imported_threads_credit_their_source(app, anon, tmp_path):
    folder = tmp_path / "brewing"
    folder.mkdir()
    write_dump(folder, [question(1, AcceptedAnswerId=2), answer(2, 1)])
    import_ok(app, folder)
    question_id = imported_id(app, "brewing", 1)
    card = anon.get(f"/references/{question_id}").get_json()
    assert card["question_attribution"]["url"] == "https://brewing.stackexchange.com/q/1"
    assert card["answer_attribution"]["url"] == "https://brewing.stackexchange.com/a/2"
    thread = anon.get(f"/questions/{question_id}").get_json()
    assert thread["duplicate_of_id"] is None


def test_list_rows_of_imported_threads_credit_their_source(app, anon, member, tmp_path):
    folder = tmp_path / "brewing"
    folder.mkdir()
    write_dump(folder, [question(1)])
    import_ok(app, folder)
    native = member.ask()
    rows = {row["id"]: row for row in anon.get("/questions").get_json()["items"]}
    imported = rows[imported_id(app, "brewing", 1)]
    assert imported["attribution"]["url"] == "https://brewing.stackexchange.com/q/1"
    assert imported["attribution"]["licence"].startswith("CC BY-SA")
    assert rows[native["id"]]["attribution"] is None
