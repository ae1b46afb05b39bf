"""The real `make run` (migrate, seed, Meilisearch, the sync worker, gunicorn with two
workers), as a new user starts it: limits that hold across its workers, gunicorn's own
errors in JSON, search that heals when Meilisearch is killed, and nothing left behind
however it is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select, update

from backend.models import SignInFailure
from search.server import PID_FILE, free_port

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


@dataclass
class Site:
    url: str
    instance: Path
    make: subprocess.Popen
    output: Path
    database_url: str

    def log(self) -> str:
        return self.output.read_text(errors="replace")

    def processes(self) -> set[int]:
        """make and everything it started, at any depth (children of other sessions too)."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if fields[0] != "Z":
                parents[int(stat.parent.name)] = int(fields[1])
        found, frontier = {self.make.pid}, [self.make.pid]
        while frontier:
            pid = frontier.pop()
            children = [child for child, parent in parents.items() if parent == pid]
            found.update(children)
            frontier.extend(children)
        return {pid for pid in found if pid in parents}

    def meilisearch_pid(self) -> int:
        return int((self.instance / "meilisearch" / PID_FILE).read_text())

    def signal_group(self, signum: int) -> None:
        os.killpg(self.make.pid, signum)


def start_site(tmp_path: Path, database_url: str) -> Site:
    port = free_port()
    instance = tmp_path / "instance"
    output = tmp_path / "make-run.log"
    env = {**os.environ, "COMMONPLACE_INSTANCE": str(instance), "DATABASE_URL": database_url}
    for name in ("MEILI_URL", "MEILI_MASTER_KEY"):
        env.pop(name, None)
    with output.open("wb") as log:
        make = subprocess.Popen(
            ["make", "-s", "run", f"PORT={port}", "HOST=127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as in a terminal
        )
    site = Site(f"http://127.0.0.1:{port}", instance, make, output, database_url)
    deadline = time.monotonic() + STARTUP_SECONDS
    while "Commonplace is running" not in site.log():
        if make.poll() is not None or time.monotonic() > deadline:
            stop_site(site)
            pytest.fail(f"make run did not start:\n{site.log()}")
        time.sleep(0.2)
    return site


def stop_site(site: Site) -> None:
    if site.make.poll() is None:
        site.signal_group(signal.SIGKILL)
        site.make.wait()


@pytest.fixture
def site(tmp_path: Path, database_url: str) -> Iterator[Site]:
    site = start_site(tmp_path, database_url)
    yield site
    stop_site(site)


def signed_in(site: Site, email: str) -> requests.Session:
    session = requests.Session()
    token = session.get(site.url + "/api/v1/auth/csrf").json()["csrf_token"]
    session.headers["X-CSRF-Token"] = token
    response = session.post(
        site.url + "/api/v1/auth/register",
        json={"email": email, "password": "correct horse battery", "display_name": "Sam Searcher"},
    )
    assert response.status_code == 201, response.text
    return session


def wait_until_gone(site: Site, pids: set[int], seconds: float) -> float:
    started = time.monotonic()
    while any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in pids):
        if time.monotonic() - started > seconds:
            left = {pid: _command(pid) for pid in pids if Path(f"/proc/{pid}").exists()}
            pytest.fail(f"still running after {seconds} s: {left}\n{site.log()}")
        time.sleep(0.05)
    return time.monotonic() - started


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "X"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    except OSError:
        return "?"


def test_the_sixth_wrong_password_in_a_minute_is_refused_by_either_worker(site: Site) -> None:
    signed_in(site, "target@example.com")
    statuses = []
    for attempt in range(7):
        # A browser of its own each time (new connections): gunicorn's two workers share them.
        attacker = requests.Session()
        token = attacker.get(site.url + "/api/v1/auth/csrf").json()["csrf_token"]
        response = attacker.post(
            site.url + "/api/v1/auth/login",
            json={"email": "target@example.com", "password": f"guess number {attempt}"},
            headers={"X-CSRF-Token": token},
        )
        statuses.append(response.status_code)
        attacker.close()
    assert statuses == [401] * 5 + [429, 429], statuses

    # A minute later (the failures moved a minute into the past) the owner signs in.
    engine = create_engine(site.database_url)
    with engine.connect() as connection:
        failures = connection.execute(select(SignInFailure.id, SignInFailure.failed_at)).all()
    # Written in a transaction that starts by writing: one that read first could not write on
    # SQLite once the site's workers had committed meanwhile (its snapshot would be stale).
    with engine.begin() as connection:
        for row_id, failed_at in failures:
            connection.execute(
                update(SignInFailure)
                .where(SignInFailure.id == row_id)
                .values(failed_at=failed_at - timedelta(seconds=61))
            )
    engine.dispose()
    owner = requests.Session()
    token = owner.get(site.url + "/api/v1/auth/csrf").json()["csrf_token"]
    response = owner.post(
        site.url + "/api/v1/auth/login",
        json={"email": "target@example.com", "password": "correct horse battery"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text


def test_gunicorn_answers_a_too_long_request_line_with_the_json_error(site: Site) -> None:
    # The longest search the schemas allow: q of 200 four-byte characters, five tags of 35.
    longest = requests.get(
        site.url + "/api/v1/search",
        params={"q": "\U0001f600" * 200, "tag": ["t" * 35] * 5, "status": "resolved", "page": 1},
    )
    assert longest.status_code == 200, longest.text
    too_long = requests.get(site.url + "/api/v1/search", params={"q": "x" * 9000})
    assert too_long.status_code == 414
    assert too_long.headers["Content-Type"] == "application/json"
    assert too_long.headers["X-Content-Type-Options"] == "nosniff"
    body = too_long.json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["code"] == 414


def test_security_headers_reach_the_browser_through_gunicorn(site: Site) -> None:
    for path in ("/", "/api/v1/questions"):
        response = requests.get(site.url + path)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_make_run_is_ready_and_reports_every_workers_requests(site: Site) -> None:
    ready = requests.get(site.url + "/readyz").json()
    assert ready["status"] == "ready", ready
    assert ready["checks"]["search"]["status"] in ("ok", "degraded")
    for _ in range(6):
        assert requests.get(site.url + "/healthz", headers={"Connection": "close"}).status_code == 200
    metrics = requests.get(site.url + "/metrics").text
    labels = 'endpoint="probes.healthz",method="GET",status="200"'
    line = f"commonplace_http_request_duration_seconds_count{{{labels}}}"
    assert f"{line} 6.0" in metrics, metrics[:2000]
    assert (site.instance / "prometheus").is_dir()
    assert 'commonplace_outbox_backlog{outbox="search"}' in metrics


def test_killed_meilisearch_comes_back_by_itself_with_nothing_lost(site: Site) -> None:
    asker = signed_in(site, "asker@example.com")
    first = site.meilisearch_pid()
    os.kill(first, signal.SIGKILL)
    titles = [f"Where do I find the holiday rota for warehouse {n}?" for n in range(3)]
    ids = []
    for title in titles:
        response = asker.post(
            site.url + "/api/v1/questions",
            json={
                "title": title,
                "body": "The intranet page moved and nobody knows where.",
                "tags": ["rota"],
            },
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    killed = time.monotonic()
    found: dict = {}
    while time.monotonic() - killed < 30:
        found = requests.get(site.url + "/api/v1/search", params={"q": "holiday rota warehouse"}).json()
        if not found["meta"]["degraded"] and {item["id"] for item in found["items"]} >= set(ids):
            break
        time.sleep(0.25)
    else:
        pytest.fail(f"search had not healed 30 s after the kill: {found}\n{site.log()}")
    assert site.meilisearch_pid() != first
    assert "Meilisearch exited (killed by SIGKILL); starting it again" in site.log()


def test_a_second_make_run_on_the_same_folder_starts_nothing(site: Site, tmp_path: Path) -> None:
    meilisearch = site.meilisearch_pid()
    env = {**os.environ, "COMMONPLACE_INSTANCE": str(site.instance)}
    second = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "backend.serve", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 1
    assert "already running" in second.stdout
    assert site.meilisearch_pid() == meilisearch
    assert Path(f"/proc/{meilisearch}").exists()


@pytest.mark.parametrize(("signum", "times"), [(signal.SIGTERM, 1), (signal.SIGTERM, 3), (signal.SIGINT, 2)])
def test_a_signal_to_the_process_group_stops_everything_quietly(site: Site, signum: int, times: int) -> None:
    started = site.processes()
    assert len(started) >= 6, started  # make, serve, Meilisearch, the worker, gunicorn and its two
    for _ in range(times):
        site.signal_group(signum)
        time.sleep(0.1)
    took = wait_until_gone(site, started, seconds=10)
    assert took < 10
    assert "Traceback" not in site.log()
    assert "Stopped." in site.log()
    assert not (site.instance / "meilisearch" / PID_FILE).exists()


@pytest.mark.parametrize("killed", ["make", "the supervisor"])
def test_everything_dies_with_make_run_even_when_it_is_killed(site: Site, killed: str) -> None:
    started = site.processes()
    if killed == "make":
        victim = site.make.pid
    else:
        victim = next(pid for pid in started if "backend.serve" in _command(pid))
    os.kill(victim, signal.SIGKILL)  # that process alone: what it started must notice
    wait_until_gone(site, started, seconds=10)


def test_a_child_that_keeps_dying_is_restarted_five_times_a_minute_then_paused(capsys) -> None:
    from backend.serve import RESTARTS_PER_MINUTE, Child

    launches = []

    def launch() -> subprocess.Popen:
        launches.append(time.monotonic())
        return subprocess.Popen(["true"])

    child = Child("the crashing thing", launch)
    deadline = time.monotonic() + 10
    while len(launches) < RESTARTS_PER_MINUTE and time.monotonic() < deadline:
        child.restart_if_dead()
        time.sleep(0.05)
    time.sleep(0.2)
    for _ in range(20):
        child.restart_if_dead()
        time.sleep(0.01)
    assert len(launches) == RESTARTS_PER_MINUTE
    said = capsys.readouterr().out
    assert said.count("the crashing thing exited (exit code 0); starting it again") == RESTARTS_PER_MINUTE - 1
    assert "the crashing thing exited (exit code 0): started 5 times this minute, next try in" in said
