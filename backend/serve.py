"""`make run`: serve Commonplace on one local address until stopped, and keep it up.

Starts Meilisearch on loopback (data and master key under instance/) unless MEILI_URL
points at an existing server, the search sync worker, the mail worker, and the API under
gunicorn (the same server as production); prints the address to open.

It supervises what it starts: Meilisearch or a worker that dies is started again
(at most RESTARTS_PER_MINUTE times a minute each, then after a pause), with a line saying
so. Ctrl-C or SIGTERM, once or many times, stops everything within a few seconds. Each
child runs in a session of its own, so a signal to make's process group reaches only this
supervisor, which stops them in order (the API first, Meilisearch last); each also dies
with it if it is killed outright (SIGKILL), and with --stop-with-parent (make run) it stops
when make goes.
A lock under instance/ keeps a second `make run` off the same folder and its Meilisearch.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from backend.instance_secrets import kept_secret
from search.server import (
    LOCAL_URL_FILE,
    PID_FILE,
    MeilisearchNotFound,
    StartCancelled,
    die_with_parent,
    find_binary,
    start,
    stop_with_parent,
)

ROOT = Path(__file__).resolve().parent.parent
# Threads per gunicorn worker: a search waiting on Meilisearch does not hold a whole worker.
THREADS = 4
RESTARTS_PER_MINUTE = 5
# What gunicorn gives requests in progress when asked to stop; then everything is killed.
GRACEFUL_SECONDS = 3
STOP_SECONDS = 6.0
LOCK_FILE = "serve.lock"
# Gunicorn's default (4094 bytes) refused request lines the schemas allow (a long search with
# its filters, percent-encoded); 8190 is its ceiling. Longer lines get a JSON 414 (gunicorn_worker).
REQUEST_LINE_LIMIT = 8190


def say(message: str) -> None:
    print(f"  {message}", flush=True)


class StopRequested:
    """Set by SIGINT or SIGTERM; the handler only records it, so a second signal cannot cut
    a shutdown in half (it used to raise inside a wait and leave Meilisearch running)."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __bool__(self) -> bool:
        return self.signal is not None

    def install(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._handle)

    def _handle(self, signum: int, frame: object) -> None:
        if self.signal is None:
            self.signal = signum
            say(f"{signal.Signals(signum).name}: stopping Commonplace ...")


@dataclass
class Child:
    """A process the supervisor keeps running: launch() starts it (or raises)."""

    name: str
    launch: Callable[[], subprocess.Popen]
    process: subprocess.Popen | None = None
    restarts: deque[float] = field(default_factory=deque)
    not_before: float = 0.0

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart_if_dead(self) -> None:
        now = time.monotonic()
        if self.alive() or now < self.not_before:
            return
        ended = f"{self.name} exited ({_exit_status(self.process.returncode)})" if self.process else ""
        self.process = None
        while self.restarts and now - self.restarts[0] > 60:
            self.restarts.popleft()
        if len(self.restarts) >= RESTARTS_PER_MINUTE:
            self.not_before = self.restarts[0] + 60
            say(f"{ended or self.name}: started {len(self.restarts)} times this minute, "
                f"next try in {self.not_before - now:.0f} s")  # fmt: skip
            return
        if ended:
            say(f"{ended}; starting it again")
        self.restarts.append(now)
        try:
            self.process = self.launch()
        except StartCancelled:
            pass
        except (OSError, RuntimeError) as error:
            say(f"{self.name} did not start: {error}")
            self.not_before = now + 2


def _exit_status(code: int | None) -> str:
    if code is not None and code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def _lock_instance(instance: Path) -> IO[str] | None:
    """Hold instance/serve.lock while running (released by the kernel however we end)."""
    instance.mkdir(parents=True, exist_ok=True)
    lock = (instance / LOCK_FILE).open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "another process"
        say(f"Commonplace is already running on {instance} (pid {holder}); stop it first.")
        lock.close()
        return None
    lock.truncate(0)
    lock.write(str(os.getpid()))
    lock.flush()
    return lock


def _fresh_metrics_dir(instance: Path) -> Path:
    """Where the gunicorn workers write their metrics (backend/monitoring/metrics.py), emptied:
    the figures of an earlier run's processes would be added to this one's."""
    folder = instance / "prometheus"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _popen(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=die_with_parent())


def _gunicorn(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    return _popen(
        [
            sys.executable, "-m", "gunicorn",
            "--bind", f"{args.host}:{args.port}",
            "--workers", str(args.workers),
            "--threads", str(THREADS),
            "--worker-class", "backend.gunicorn_worker.JsonErrorWorker",
            "--limit-request-line", str(REQUEST_LINE_LIMIT),
            "--graceful-timeout", str(GRACEFUL_SECONDS),
            "--log-level", "warning",
            "backend:create_app()",
        ],
        env,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--stop-with-parent", action="store_true", help="stop when the parent process (make) ends"
    )
    args = parser.parse_args()

    stop = StopRequested()
    stop.install()
    env = os.environ.copy()
    instance = Path(env.get("COMMONPLACE_INSTANCE") or ROOT / "instance")
    lock = _lock_instance(instance)
    if lock is None:
        return 1
    if args.stop_with_parent:
        stop_with_parent()  # by SIGTERM, which stops everything as a signal from make would
    # Links in mail point here unless the site is published elsewhere.
    env.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_fresh_metrics_dir(instance)))
    flask = [sys.executable, "-m", "flask", "--app", "backend"]
    children: list[Child] = []
    code = 0
    try:
        try:
            meili = _search_engine(instance, env, stop)
        except StartCancelled:
            return 0  # stopped while Meilisearch was starting
        except (MeilisearchNotFound, RuntimeError) as error:
            say(f"Meilisearch did not start: {error}")
            return 1
        if meili is not None:
            children.append(meili)
        children.append(Child("the search sync worker", lambda: _popen([*flask, "search", "worker"], env)))
        children.append(Child("the mail worker", lambda: _popen([*flask, "mail", "worker"], env)))
        api = Child("the API server", lambda: _gunicorn(args, env))
        children.append(api)
        for child in children:
            child.restart_if_dead()
        if _wait_for_port(args.host, args.port, api, stop):
            address = f"http://{args.host}:{args.port}"
            print(
                f"\n  Commonplace is running at {address}\n  (API docs: {address}/api/v1/docs)"
                "\n  Press Ctrl-C to stop.\n",
                flush=True,
            )
        while not stop:
            if api.process is None or api.process.poll() is not None:
                # gunicorn restarts its own workers; its master ending means the port or the app is broken.
                code = api.process.returncode if api.process else 1
                say(f"the API server exited ({_exit_status(code)}); stopping")
                code = code or 1
                break
            for child in children:
                if child is not api:
                    child.restart_if_dead()
            time.sleep(0.2)
    finally:
        _stop_all(children)
        (instance / LOCAL_URL_FILE).unlink(missing_ok=True)
        (instance / "meilisearch" / PID_FILE).unlink(missing_ok=True)
        lock.close()
    say("Stopped.")
    return code


def _wait_for_port(host: str, port: int, api: Child, stop: StopRequested, wait: float = 60.0) -> bool:
    """Whether the API accepts connections (so the address printed next works at once)."""
    deadline = time.monotonic() + wait
    while not stop and api.alive() and time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def _search_engine(instance: Path, env: dict[str, str], stop: StopRequested) -> Child | None:
    """The local Meilisearch as a supervised child, started again on the same port (the
    workers know its address) with the same data, or None when MEILI_URL names a server."""
    if env.get("MEILI_URL"):
        say(f"Using Meilisearch at {env['MEILI_URL']}")
        return None
    binary = find_binary(ROOT, env.get("MEILI_BIN"))
    key = kept_secret(instance, "MEILI_MASTER_KEY", "meili_master_key", secrets.token_urlsafe)
    data = instance / "meilisearch"
    server = start(binary, data, key, should_stop=lambda: bool(stop))
    env["MEILI_URL"], env["MEILI_MASTER_KEY"] = server.url, server.master_key
    # Lets `flask search status` and friends, run from another shell, find this server.
    (instance / LOCAL_URL_FILE).write_text(server.url)

    def launch() -> subprocess.Popen:
        restarted = start(binary, data, key, port=server.port, should_stop=lambda: bool(stop))
        assert restarted.process is not None
        return restarted.process

    return Child("Meilisearch", launch, process=server.process)


def _stop_all(children: list[Child]) -> None:
    """SIGTERM to each, newest first (the API before what it uses), then SIGKILL to any
    still running after STOP_SECONDS."""
    running = [child.process for child in reversed(children) if child.process and child.alive()]
    for process in running:
        process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    raise SystemExit(main())
