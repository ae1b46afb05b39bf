"""Core API under load: question lists and threads against a bare-Flask ceiling, at two sizes.

    python -m bench.api_bench --sizes 10000,100000 --duration 10 --connections 8

Per size: generate (or reuse) bench/out/bench-<size>.db, serve a bare Flask app and
then the real app with the same gunicorn settings (2 sync workers), one after the
other, and drive each endpoint with wrk. Results go to bench/out/results-<size>.json;
the ratios against the targets to bench/out/ratios.json and bench/out/summary.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.generate import render_threads
from bench.load import ROOT, WORKERS, gunicorn, gunicorn_command, rotating_paths_script, wrk
from bench.report import ratios, summary_markdown

OUT = ROOT / "bench" / "out"
SORTS = ("newest", "active", "votes", "unanswered")
PER_PAGE = 20
DEEP_PAGE = 500
DETAIL_IDS = 1000  # "detail": few enough that every worker's thread cache holds them all
UNCACHED_IDS = 20000  # "detail, uncached": more than one run requests, so almost every read is a
# thread its worker has not cached (read from its stored rendering)
SIGNED_IN = ", signed in"  # the endpoint read with a member's session cookie
# The requests also measured signed in (issue 19: signed-in lists and threads).
SIGNED_IN_TWINS = ("list newest p1", "tag newest p1", "detail", "detail, uncached")
READER = {"email": "bench-reader@example.org", "password": "bench-reader-pass", "display_name": "Reader"}
# The signed-in reader's browser: the same at sign-in and under load, as a person's is
# (Flask-Login marks a session whose browser changed as not fresh, which re-signs its cookie).
READER_AGENT = "Mozilla/5.0 (Commonplace bench reader)"
DETAIL_WARMUP = 6.0  # seconds: every worker renders each of the DETAIL_IDS threads at least once


@dataclass
class Endpoint:
    name: str
    path: str  # for "detail", a sample path; wrk rotates over `paths`
    page: int | None = None
    note: str = ""
    paths: list[str] | None = None
    warmup: float | None = None  # seconds, when the run's --warmup is not enough
    signed_in: bool = False  # sends the session cookie of a member who has posted nothing


def _schema_is_current(db: Path) -> bool:
    """Whether the cached database is at the migrations' head (the schema moves under us)."""
    from alembic.script import ScriptDirectory

    from backend import MIGRATIONS_DIR

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (version,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    finally:
        con.close()
    return bool(version == ScriptDirectory(MIGRATIONS_DIR).get_current_head())


def database_for(size: int, regenerate: bool) -> Path:
    db = OUT / f"bench-{size}.db"
    if regenerate or not db.exists() or not _schema_is_current(db):
        # Built beside it and moved in whole: an interrupted build leaves no half database.
        building = OUT / f"bench-{size}.building.db"
        command = [sys.executable, "-m", "bench.generate", "--questions", str(size),
                   "--answers", str(3 * size), "--votes", str(10 * size), "--db", str(building)]  # fmt: skip
        print("$", " ".join(command[1:]), flush=True)
        subprocess.run(command, cwd=ROOT, check=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(building, db)
    render_threads(db)  # a database from before stored renderings gets them (else: nothing to do)
    return db


def plan(db: Path, seed: int = 1) -> tuple[list[Endpoint], dict[str, Any]]:
    """The endpoints to measure on this database; deep pages clipped to the last page that exists."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    tag_id, tag, tag_count = con.execute(
        "SELECT id, name, question_count FROM tags ORDER BY question_count DESC, name LIMIT 1"
    ).fetchone()

    def pages(table: str, where: str) -> int:
        count = con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
        return max(1, math.ceil(count / PER_PAGE))

    endpoints: list[Endpoint] = []
    for tagged in (False, True):
        table, where = ("question_tags", f"tag_id = {tag_id} AND NOT is_deleted") if tagged else (
            "questions", "NOT is_deleted")  # fmt: skip
        for sort in SORTS:
            last = pages(table, where + (" AND answer_count = 0" if sort == "unanswered" else ""))
            base = f"/api/v1/questions?sort={sort}" + (f"&tag={tag}" if tagged else "")
            prefix = ("tag " if tagged else "list ") + sort
            endpoints.append(Endpoint(f"{prefix} p1", f"{base}&page=1", 1))
            deep = min(DEEP_PAGE, last)
            note = f"only {last} pages: measured the last one" if deep < DEEP_PAGE else ""
            endpoints.append(Endpoint(f"{prefix} p500", f"{base}&page={deep}", deep, note))
    listed = [row[0] for row in con.execute("SELECT id FROM questions WHERE NOT is_deleted ORDER BY id")]
    ids = random.Random(seed).sample(listed, min(DETAIL_IDS, len(listed)))
    paths = [f"/api/v1/questions/{i}" for i in ids]
    note = f"rotates over {len(paths)} random ids, after a {DETAIL_WARMUP:.0f} s warm-up"
    endpoints.append(Endpoint("detail", paths[0], paths=paths, note=note, warmup=DETAIL_WARMUP))
    ids = random.Random(seed + 1).sample(listed, min(UNCACHED_IDS, len(listed)))
    paths = [f"/api/v1/questions/{i}" for i in ids]
    note = f"rotates over {len(paths)} random ids: almost every thread is one its worker has not cached"
    endpoints.append(Endpoint("detail, uncached", paths[0], paths=paths, note=note))
    # The same requests with a signed-in member's session cookie, side by side.
    for name in SIGNED_IN_TWINS:
        anonymous = next(ep for ep in endpoints if ep.name == name)
        twin = replace(anonymous, name=name + SIGNED_IN, note=_signed_in_note(anonymous), signed_in=True)
        if name == "detail, uncached":  # other threads than the signed-out run left in the caches
            ids = random.Random(seed + 2).sample(listed, min(UNCACHED_IDS, len(listed)))
            twin.paths = [f"/api/v1/questions/{i}" for i in ids]
            twin.path = twin.paths[0]
        endpoints.append(twin)
    con.close()
    return endpoints, {"tag": tag, "tag_questions": tag_count}


def _signed_in_note(anonymous: Endpoint) -> str:
    said = f"{anonymous.note}; " if anonymous.note else ""
    return f"{said}as a signed-in member who has posted nothing"


def _check(url: str, headers: dict[str, str] | None = None) -> int:
    """One request before the load: it must succeed (wrk only counts non-2xx)."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return len(body)


def sign_in(base: str) -> str:
    """The session cookie of a member who has posted nothing (registered on first use): their
    threads are the public ones with their own votes and permissions put in."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, body: dict[str, str], token: str) -> int:
        request = urllib.request.Request(
            base + path,
            json.dumps(body).encode(),
            {"Content-Type": "application/json", "X-CSRF-Token": token, "User-Agent": READER_AGENT},
        )
        try:
            with opener.open(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code

    csrf = urllib.request.Request(base + "/api/v1/auth/csrf", headers={"User-Agent": READER_AGENT})
    with opener.open(csrf, timeout=30) as response:
        token = json.load(response)["csrf_token"]
    if post("/api/v1/auth/register", READER, token) != 201:
        login = {"email": READER["email"], "password": READER["password"]}
        status = post("/api/v1/auth/login", login, token)
        if status != 200:
            raise RuntimeError(f"the benchmark's reader could not sign in: HTTP {status}")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def measure(
    url: str,
    args: argparse.Namespace,
    script: Path | None = None,
    warmup: float | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    wrk(url, args.warmup if warmup is None else warmup, args.connections, args.threads, script, headers)
    result = wrk(url, args.duration, args.connections, args.threads, script, headers).as_dict()
    # Other work on this shared machine shows up here; a high figure flags a noisy measurement.
    result["load_1m_after"] = os.getloadavg()[0]
    print(f"  {result['requests_per_s']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms  "
          f"p99 {result['p99_ms']:7.2f} ms  non-2xx {result['non_2xx']}  {url}", flush=True)  # fmt: skip
    return result


def measure_bare(args: argparse.Namespace, workers: int = WORKERS) -> dict[str, Any]:
    with gunicorn("bench.bare_app:create_app()", "/bare", workers=workers) as base:
        return {"path": "/bare", "response_bytes": _check(base + "/bare"), **measure(base + "/bare", args)}


def run_size(
    size: int,
    args: argparse.Namespace,
    round_no: int,
    database_url: str | None = None,
    workers: int = WORKERS,
) -> dict[str, Any]:
    """Every endpoint at this size, between two measurements of the bare ceiling. The app reads
    the generated SQLite database, or `database_url` (the same rows copied by bench.pg_copy)."""
    db = database_for(size, args.regenerate and round_no == 1)
    endpoints, facts = plan(db)
    tag = f"most popular tag {facts['tag']!r} ({facts['tag_questions']} questions)"
    print(f"== round {round_no}/{args.rounds}, {size} questions: {database_url or db.name}, "
          f"{workers} workers, {tag}", flush=True)  # fmt: skip
    results: dict[str, Any] = {}
    results["bare"] = measure_bare(args, workers)
    app_env = {"DATABASE_URL": database_url or f"sqlite:///{db}"}
    with (
        gunicorn("backend:create_app()", "/api/v1/questions", app_env, workers=workers) as base,
        tempfile.TemporaryDirectory() as tmp,
    ):
        for ep in endpoints:
            if args.only and not any(part in ep.name for part in args.only):
                continue
            script = rotating_paths_script(ep.paths, Path(tmp)) if ep.paths else None
            headers = {"Cookie": sign_in(base), "User-Agent": READER_AGENT} if ep.signed_in else None
            size_bytes = _check(base + ep.path, headers)
            results[ep.name] = {
                "path": ep.path, "page": ep.page, "note": ep.note, "response_bytes": size_bytes,
                **measure(base + ep.path, args, script, ep.warmup, headers),
            }  # fmt: skip
    # The ceiling again, after the app: how much the machine drifted during this size's run.
    results["bare (again)"] = measure_bare(args, workers)
    return {"size": size, "database": str(db), **facts, "environment": environment(args),
            "endpoints": results}  # fmt: skip


def median_of_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One report per size: each figure the median over the rounds, every round kept alongside."""
    merged = {**rounds[0], "rounds": len(rounds), "endpoints": {}}
    for name, first in rounds[0]["endpoints"].items():
        runs = [r["endpoints"][name] for r in rounds]
        merged["endpoints"][name] = {
            **first,
            **{
                key: statistics.median(run[key] for run in runs)
                for key in ("requests_per_s", "p50_ms", "p99_ms")
            },
            "requests": sum(run["requests"] for run in runs),
            "non_2xx": sum(run["non_2xx"] for run in runs),
            "socket_errors": sum(run["socket_errors"] for run in runs),
            "load_1m_after": max(run["load_1m_after"] for run in runs),
            "per_round": [
                {key: run[key] for key in ("requests_per_s", "p50_ms", "p99_ms", "load_1m_after")}
                for run in runs
            ],
        }
    return merged


def environment(args: argparse.Namespace) -> dict[str, Any]:
    import gunicorn as gunicorn_pkg

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu or platform.machine(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "gunicorn": gunicorn_pkg.__version__,
        "gunicorn_command": " ".join(gunicorn_command("backend:create_app()", 0)[1:]).replace(":0", ":PORT"),
        "workers": WORKERS,
        "wrk": wrk_version[0] if wrk_version else "wrk",
        "wrk_settings": (
            f"-t{args.threads} -c{args.connections} -d{args.duration:g}s --latency"
            f" (after a {args.warmup:g}s warm-up)"
        ),
    }


def render(reports: list[dict[str, Any]], command: str) -> str:
    """Ratios to bench/out/ratios.json, tables to bench/out/summary.md; returns the tables."""
    computed = ratios(reports)
    (OUT / "ratios.json").write_text(json.dumps(computed, indent=2))
    markdown = summary_markdown(reports, computed, command)
    (OUT / "summary.md").write_text(markdown)
    return markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="question counts, comma-separated")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per endpoint")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat the whole sequence; figures are medians over rounds"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="only re-render the tables from bench/out/results-*.json"
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the databases even if cached")
    parser.add_argument(
        "--only", type=lambda text: text.split(","), default=[],
        help="measure only the endpoints whose names contain one of these (comma-separated)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)

    began = time.monotonic()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.report_only:
        reports = [json.loads((OUT / f"results-{size}.json").read_text()) for size in sizes]
        print(render(reports, reports[0].get("command", "python -m bench.api_bench")))
        return 0
    # Rounds interleave the sizes, so drift on this shared machine hits every size alike.
    by_size: dict[int, list[dict[str, Any]]] = {size: [] for size in sizes}
    for round_no in range(1, args.rounds + 1):
        for size in sizes:
            by_size[size].append(run_size(size, args, round_no))
    command = " ".join(["python -m bench.api_bench", *sys.argv[1:]])
    reports = [{**median_of_rounds(by_size[size]), "command": command} for size in sizes]
    for report in reports:
        (OUT / f"results-{report['size']}.json").write_text(json.dumps(report, indent=2))
    print(render(reports, command))
    print(f"done in {time.monotonic() - began:.0f}s; results in {OUT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
