"""Where a thread read's time goes, signed out and signed in: CPU per request in process, and
the signed-in read's profile, on the 100k bench database.

    python -m bench.reader_costs [--size 100000] [--requests 1000] [--profile 30]

The app runs on a copy of bench/out/bench-<size>.db (as the API benchmark makes it); its WSGI
callable is called directly (no server, no client library), each request with an environ
built beforehand, and `time.process_time` counts the CPU of the requests alone:

- signed out, a thread this worker has not read (its stored rendering) and one it has;
- signed in as a member who has posted nothing, with the User-Agent they signed in with (as a
  browser sends it), on threads whose public rendering the worker has cached and on others.

Then the signed-in reads again under cProfile, the costliest calls by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.api_bench import OUT, database_for

USER_AGENT = "Mozilla/5.0 (bench reader)"
LIST_PAGE = "/api/v1/questions?sort=newest&page=1"


def _app(db: Path) -> Any:
    """The app as `make bench` serves it: rate limits on (they guard writes, but every request
    passes their hook)."""
    os.environ.setdefault("COMMONPLACE_INSTANCE", tempfile.mkdtemp(prefix="commonplace-reader-costs-"))
    from backend import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}", "VIEW_FLUSH_SECONDS": 1.0})


def _member_cookie(app: Any) -> str:
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    made = client.post(
        "/api/v1/auth/register",
        json={"email": f"reader{random.randrange(10**9)}@example.org", "password": "reader-pass-123",
              "display_name": "Reader"},
        headers={"X-CSRF-Token": token},
    )  # fmt: skip
    assert made.status_code == 201, made.get_json()
    cookie = client.get_cookie("commonplace_session")
    assert cookie is not None
    return f"commonplace_session={cookie.value}"


def _caller(app: Any) -> Callable[[dict[str, Any]], str]:
    def call(environ: dict[str, Any]) -> str:
        status: list[str] = []
        body = app.wsgi_app(environ, lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        return status[0]

    return call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--profile", type=int, default=30, help="rows of the profile to print")
    parser.add_argument("--profile-what", choices=("thread", "list"), default="thread")
    args = parser.parse_args()
    from werkzeug.test import EnvironBuilder

    source = database_for(args.size, False)
    copy = OUT / f"reader-costs-{args.size}.db"
    _remove(copy)  # and a journal an interrupted run left, which would not fit the new copy
    shutil.copyfile(source, copy)
    app = _app(copy)
    cookie = _member_cookie(app)
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    ids = [
        qid
        for (qid,) in con.execute(
            "SELECT id FROM questions WHERE NOT is_deleted AND hidden_at IS NULL ORDER BY random() LIMIT ?",
            (3 * args.requests,),
        )
    ]
    con.close()
    call = _caller(app)

    def environs(chosen: list[int] | list[str], signed_in: bool) -> list[dict[str, Any]]:
        headers = {"Cookie": cookie, "User-Agent": USER_AGENT} if signed_in else {"User-Agent": USER_AGENT}
        # From where the member signed in, with the same browser: Flask-Login checks both.
        place = {"REMOTE_ADDR": "127.0.0.1"}
        paths = [q if isinstance(q, str) else f"/api/v1/questions/{q}" for q in chosen]
        built = (
            EnvironBuilder(path=path, headers=list(headers.items()), environ_base=place) for path in paths
        )
        return [builder.get_environ() for builder in built]

    def measure(name: str, chosen: list[int] | list[str], signed_in: bool) -> None:
        built = environs(chosen, signed_in)
        started = time.process_time()
        for environ in built:
            status = call(environ)
            assert status.startswith("200"), status
        print(f"{name:<52} {(time.process_time() - started) * 1e6 / len(built):7.0f} us of CPU a request")

    first, second, third = (
        ids[: args.requests],
        ids[args.requests : 2 * args.requests],
        ids[2 * args.requests :],
    )
    print(f"{args.size} questions, {args.requests} requests each")
    from bench import bare_app

    bare = _caller(bare_app.create_app())
    bare_environs = [EnvironBuilder(path="/bare").get_environ() for _ in range(args.requests)]
    started = time.process_time()
    for environ in bare_environs:
        bare(environ)
    bare_us = (time.process_time() - started) * 1e6 / args.requests
    print(f"{'the bare-Flask ceiling app':<52} {bare_us:7.0f} us of CPU a request")
    measure("signed out, not read by this worker before", first, False)
    measure("signed out, read by this worker before", first, False)
    measure("signed in, public rendering cached by the worker", first, True)
    measure("signed in, not read by this worker before", second, True)
    lists = [LIST_PAGE] * args.requests
    measure("a list page, signed out (cached)", lists, False)
    measure("a list page, signed in (cached)", lists, True)
    profiled = environs(third if args.profile_what == "thread" else [LIST_PAGE] * len(third), True)
    for environ in profiled[: len(profiled) // 2]:
        call(environ)  # their public renderings cached, as on a busy site
    profile = cProfile.Profile()
    profile.enable()
    for environ in profiled[: len(profiled) // 2]:
        call(environ)
    profile.disable()
    print(f"\nsigned in, a {args.profile_what}, by cumulative time (cProfile adds its own overhead):")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    _remove(copy)
    return 0


def _remove(db: Path) -> None:
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
