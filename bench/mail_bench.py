"""Mail at scale: a weekly digest round, the outbox's cost to an answer, and how soon the
mail for an answer reaches a real SMTP server.

    python -m bench.mail_bench --part digest [--members 10000] [--questions 2000]
    python -m bench.mail_bench --part answers [--answers 400]
    python -m bench.mail_bench --part latency [--answers 100]

- digest: a fresh database (SQLite, or DATABASE_URL) with MEMBERS people following 3 tags
  each (one in five also mutes one), a week of QUESTIONS new questions in 60 tags (some
  answered, resolved, thanked) and older accepted answers (expertise), then one weekly
  round, `digests.queue_due`, timed, with every SQL statement counted per batch of
  recipients; the same round again (dry run) at other batch sizes shows the count per batch
  does not grow with the batch.
- answers: POST /questions/{id}/answers through the app (Flask test client, one process),
  alternating between askers with activity mail on (an outbox row written) and off (none),
  each answer to a question of its own; the medians side by side, from one run.
- latency: the API served as `make run` serves it (gunicorn) and `flask mail worker` beside
  it, sending to an aiosmtpd server in this process; each answer's mail is timed from the
  moment its request returned to its arrival at the SMTP server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.api_bench import OUT
from bench.load import gunicorn
from bench.search_bench import percentiles

ROOT = Path(__file__).resolve().parent.parent
TAGS = 60


@contextmanager
def fresh_app(database_url: str | None) -> Iterator[Any]:
    """An app on a new, migrated database (SQLite in a temporary folder unless given)."""
    with tempfile.TemporaryDirectory(prefix="commonplace-mail-bench-") as tmp:
        os.environ["COMMONPLACE_INSTANCE"] = str(Path(tmp) / "instance")
        from flask_migrate import upgrade

        from backend import create_app
        from backend.extensions import db

        url = database_url or f"sqlite:///{Path(tmp) / 'mail.db'}"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "RATELIMIT_ENABLED": False,
                "SECRET_KEY": secrets.token_hex(16),
                "NEW_MEMBER_QUESTIONS_PER_DAY": 100000,
                "NEW_MEMBER_ANSWERS_PER_DAY": 100000,
                "MAIL_DIR": str(Path(tmp) / "mail"),
            }
        )
        with app.app_context():
            if url.startswith("postgresql"):
                from sqlalchemy import text

                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
        yield app


# -- 1. a weekly digest round ------------------------------------------------------------


def populate(members: int, questions: int, seed: int = 7) -> dict[str, int]:
    """Members, their follows and mutes, a week of questions and older expertise, in bulk."""
    from sqlalchemy import bindparam, insert, update

    from backend.extensions import db
    from backend.models import Answer, HelpedMark, Question, QuestionTag, Tag, TagPreference, User, utcnow

    rng = random.Random(seed)
    now = utcnow()
    week_ago = now - timedelta(days=7)
    db.session.execute(
        insert(Tag), [{"id": t, "name": f"community-{t}", "created_at": now} for t in range(1, TAGS + 1)]
    )
    db.session.execute(
        insert(User),
        [
            {
                "id": u,
                "email": f"member{u}@bench.example",
                "display_name": f"Member {u}",
                "password_hash": "bench",
                "created_at": now - timedelta(days=60),
                "digest_sent_at": week_ago - timedelta(minutes=1),
            }
            for u in range(1, members + 1)
        ],
    )
    prefs = []
    for u in range(1, members + 1):
        chosen = rng.sample(range(1, TAGS + 1), 4)
        prefs += [{"user_id": u, "tag_id": t, "stance": "follow", "created_at": now} for t in chosen[:3]]
        if rng.random() < 0.2:
            prefs.append({"user_id": u, "tag_id": chosen[3], "stance": "mute", "created_at": now})
    db.session.execute(insert(TagPreference), prefs)

    rows, tags, answers = [], [], []
    answer_id = 0
    old = questions // 4  # resolved a month ago: who has answered well where
    for q in range(1, questions + old + 1):
        created = (
            now - timedelta(days=30)
            if q > questions
            else week_ago + timedelta(seconds=rng.uniform(60, 7 * 86400 - 60))
        )
        answered = q > questions or rng.random() < 0.4
        accepted = None
        count = 0
        if answered:
            count = rng.randint(1, 3)
            for _ in range(count):
                answer_id += 1
                answers.append(
                    {
                        "id": answer_id,
                        "question_id": q,
                        "author_id": rng.randint(1, members),
                        "body_source": "An answer.",
                        "body_html": "<p>An answer.</p>",
                        "created_at": created + timedelta(hours=1),
                        "updated_at": created + timedelta(hours=1),
                    }
                )
            if q > questions or rng.random() < 0.4:
                accepted = answer_id
        rows.append(
            {
                "id": q,
                "title": f"How do we handle case {q} in the weekly routine?",
                "body_source": "A question.",
                "body_html": "<p>A question.</p>",
                "author_id": rng.randint(1, members),
                "status": "resolved" if accepted else "open",
                "accepted_answer_id": None,
                "resolved_at": created + timedelta(hours=2) if accepted else None,
                "answer_count": count,
                "created_at": created,
                "updated_at": created,
                "last_activity_at": created,
            }
        )
        for t in rng.sample(range(1, TAGS + 1), rng.randint(1, 3)):
            tags.append(
                {
                    "question_id": q,
                    "tag_id": t,
                    "status": "resolved" if accepted else "open",
                    "created_at": created,
                    "last_activity_at": created,
                    "answer_count": count,
                }
            )
        if accepted:
            rows[-1]["accepted_answer_id"] = accepted
    # Questions first, then their answers, then which answer each accepted (the two tables
    # point at each other).
    accepted_ids = {row["id"]: row.pop("accepted_answer_id") for row in rows}
    db.session.execute(insert(Question), rows)
    db.session.execute(insert(Answer), answers)
    db.session.connection().execute(
        update(Question.__table__)
        .where(Question.__table__.c.id == bindparam("qid"))
        .values(accepted_answer_id=bindparam("aid")),
        [{"qid": q, "aid": a} for q, a in accepted_ids.items() if a],
    )
    db.session.execute(insert(QuestionTag), tags)
    marks = {(rng.randint(1, members), rng.randint(1, answer_id)) for _ in range(questions // 2)}
    db.session.execute(
        insert(HelpedMark),
        [
            {"user_id": u, "answer_id": a, "created_at": now - timedelta(hours=rng.uniform(1, 100))}
            for u, a in marks
        ],
    )
    db.session.commit()
    return {
        "members": members,
        "questions": questions,
        "older_resolved": old,
        "answers": answer_id,
        "follows": len(prefs),
    }


@contextmanager
def counted() -> Iterator[list[str]]:
    """Every SQL statement run inside, in order."""
    from sqlalchemy import event

    from backend.extensions import db

    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def measure_digest(args: argparse.Namespace) -> dict[str, Any]:
    from backend.mail import digests
    from backend.models import DigestFrequency, utcnow

    with fresh_app(args.database_url) as app, app.app_context():
        started = time.perf_counter()
        data = populate(args.members, args.questions)
        print(f"  populated in {time.perf_counter() - started:.1f} s: {data}", flush=True)
        report: dict[str, Any] = {"data": data, "engine": app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0]}
        now = utcnow()
        with counted() as statements:
            started = time.perf_counter()
            done = digests.queue_due(DigestFrequency.WEEKLY, now, batch=args.batch)
            took = time.perf_counter() - started
        batches = -(-done.people // args.batch)
        report["round"] = {
            "seconds": round(took, 2),
            "people": done.people,
            "queued": done.queued,
            "nothing_new": done.nothing_new,
            "batch": args.batch,
            "batches": batches,
            "statements": len(statements),
            "statements_per_batch": round(len(statements) / max(batches, 1), 1),
        }
        print(f"  round: {json.dumps(report['round'])}", flush=True)
        report["per_batch_size"] = {}
        for size in (100, 250, 1000):
            with counted() as statements:
                dry = digests.queue_due(DigestFrequency.WEEKLY, now, force=True, dry_run=True, batch=size)
            batches = -(-dry.people // size)
            report["per_batch_size"][size] = {
                "batches": batches,
                "statements": len(statements),
                "statements_per_batch": round(len(statements) / batches, 1),
            }
        print(f"  dry runs by batch size: {json.dumps(report['per_batch_size'])}", flush=True)
        return report


# -- 2. the outbox's cost to an answer ---------------------------------------------------


def measure_answers(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import update

    from backend.extensions import db
    from backend.models import MailOutbox, User

    with fresh_app(args.database_url) as app:
        clients = {}
        for name in ("mail-on", "mail-off", "answerer"):
            client = app.test_client()
            token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
            created = client.post(
                "/api/v1/auth/register",
                json={"email": f"{name}@bench.example", "password": "bench password 1", "display_name": name},
                headers={"X-CSRF-Token": token},
            )
            assert created.status_code == 201, created.get_json()
            clients[name] = (
                client,
                client.get("/api/v1/auth/csrf").get_json()["csrf_token"],
                created.get_json()["id"],
            )
        with app.app_context():
            db.session.execute(
                update(User).where(User.id == clients["mail-off"][2]).values(email_activity=False)
            )
            db.session.commit()

        def post(who: str, path: str, body: dict[str, Any]) -> tuple[Any, float]:
            client, token, _ = clients[who]
            started = time.perf_counter()
            response = client.post(path, json=body, headers={"X-CSRF-Token": token})
            took = (time.perf_counter() - started) * 1000
            assert response.status_code == 201, response.get_json()
            return response.get_json(), took

        questions: dict[str, list[int]] = {"mail-on": [], "mail-off": []}
        for n in range(args.answers // 2 + 20):
            for who in questions:
                body = {
                    "title": f"How do I file expense claim number {n}?",
                    "body": "Which form do I use for this claim?",
                    "tags": ["bench"],
                }
                questions[who].append(post(who, "/api/v1/questions", body)[0]["id"])
        samples: dict[str, list[float]] = {"mail-on": [], "mail-off": []}
        for n in range(args.answers // 2 + 20):
            order = ["mail-on", "mail-off"] if n % 2 else ["mail-off", "mail-on"]
            for who in order:
                _, took = post(
                    "answerer",
                    f"/api/v1/questions/{questions[who][n]}/answers",
                    {"body": "Use the blue form on the finance page."},
                )
                if n >= 20:  # the first ones warm up both paths
                    samples[who].append(took)
        with app.app_context():
            rows = db.session.query(MailOutbox).count()
        on, off = statistics.median(samples["mail-on"]), statistics.median(samples["mail-off"])
        report = {
            "answers_each": len(samples["mail-on"]),
            "median_ms_mail_on": round(on, 2),
            "median_ms_mail_off": round(off, 2),
            "ratio": round(on / off, 3),
            "outbox_rows": rows,
            "on": percentiles(samples["mail-on"]),
            "off": percentiles(samples["mail-off"]),
        }
        print(f"  answers: {json.dumps(report)}", flush=True)
        return report


# -- 3. from the answer to the SMTP server ------------------------------------------------


class _Inbox:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            for address in envelope.rcpt_tos:
                self.arrived[address] = time.perf_counter()
        return "250 OK"


def measure_latency(args: argparse.Namespace) -> dict[str, Any]:
    import requests
    from aiosmtpd.controller import Controller

    from bench.load import _free_port

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory(prefix="commonplace-mail-latency-") as tmp:
            env = {
                **os.environ,
                "DATABASE_URL": args.database_url or f"sqlite:///{Path(tmp) / 'mail.db'}",
                "COMMONPLACE_INSTANCE": str(Path(tmp) / "instance"),
                "SECRET_KEY": secrets.token_hex(16),
                "SMTP_URL": f"smtp://127.0.0.1:{port}",
                "RATELIMIT_ENABLED": "0",
                "NEW_MEMBER_QUESTIONS_PER_DAY": "100000",
                "NEW_MEMBER_ANSWERS_PER_DAY": "100000",
                "SEMANTIC_SEARCH": "0",
            }
            flask = [sys.executable, "-m", "flask", "--app", "backend"]
            subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
            worker = subprocess.Popen(
                [*flask, "mail", "worker"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
            )
            try:
                with gunicorn("backend:create_app()", "/api/v1/questions", env, threads=4) as base:
                    return _time_answers(base, inbox, args.answers, requests)
            finally:
                worker.terminate()
                worker.wait(timeout=30)
    finally:
        controller.stop()


def _time_answers(base: str, inbox: _Inbox, answers: int, requests: Any) -> dict[str, Any]:
    def person(name: str) -> Any:
        http = requests.Session()
        http.headers["X-CSRF-Token"] = http.get(f"{base}/api/v1/auth/csrf").json()["csrf_token"]
        email = f"{name}@bench.example"
        created = http.post(
            f"{base}/api/v1/auth/register",
            json={"email": email, "password": "bench password 1", "display_name": name},
        )
        created.raise_for_status()
        http.headers["X-CSRF-Token"] = http.get(f"{base}/api/v1/auth/csrf").json()["csrf_token"]
        return http, email

    answerer, _ = person("answerer")
    asked = []
    for n in range(answers):
        http, email = person(f"asker{n}")
        q = http.post(
            f"{base}/api/v1/questions",
            json={
                "title": f"Where is the form for request {n}?",
                "body": "I cannot find it on the intranet at all.",
                "tags": ["bench"],
            },
        )
        if q.status_code != 201:
            raise RuntimeError(q.text)
        asked.append((q.json()["id"], email))
    returned: dict[str, float] = {}
    for question_id, email in asked:
        response = answerer.post(
            f"{base}/api/v1/questions/{question_id}/answers",
            json={"body": "It is on the intranet, under Forms."},
        )
        response.raise_for_status()
        returned[email] = time.perf_counter()
        time.sleep(0.05)  # one person answering after another, not a flood
    deadline = time.monotonic() + 60
    while len(inbox.arrived) < len(returned) and time.monotonic() < deadline:
        time.sleep(0.05)
    samples = [(inbox.arrived[email] - at) * 1000 for email, at in returned.items() if email in inbox.arrived]
    report = {"answers": len(returned), "arrived": len(samples), **percentiles(samples)}
    print(f"  latency: {json.dumps(report)}", flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mail_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["digest", "answers", "latency"], action="append")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--answers", type=int, default=400)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args(argv)
    parts = args.part or ["digest", "answers", "latency"]
    OUT.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"command": " ".join(["python -m bench.mail_bench", *sys.argv[1:]])}
    measures = {"digest": measure_digest, "answers": measure_answers, "latency": measure_latency}
    for part in parts:
        print(f"== {part}", flush=True)
        report[part] = measures[part](args)
    report["load_1m_after"] = os.getloadavg()[0]
    name = "-".join(parts)
    (OUT / f"mail-results-{name}.json").write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
